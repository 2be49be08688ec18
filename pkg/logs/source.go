package logs

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
)

// Source opens the log of a pod's container, as the kube-apiserver's
// pods/log subresource does.
type Source interface {
	// Open returns the log of the named pod with the given options. Its
	// reading ends when ctx is done.
	Open(ctx context.Context, pod string, opts *corev1.PodLogOptions) (io.ReadCloser, error)
}
