package workflow

import (
	"context"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// logReader reads a finished step's result from its main container's log,
// once per pod: a finished pod's log does not change.
type logReader struct {
	kube kubernetes.Interface

	mu   sync.Mutex
	read map[types.UID]string
}

// maxLogResultBytes bounds a result read from a log, to keep it out of
// etcd's way: a workflow's status must stay well under etcd's request limit.
const maxLogResultBytes = 256 << 10

func newLogReader(kube kubernetes.Interface) *logReader {
	return &logReader{kube: kube, read: map[types.UID]string{}}
}

// result returns the main container's log, its trailing newline trimmed as
// the executor trims standard output.
func (r *logReader) result(ctx context.Context, pod *corev1.Pod) (string, error) {
	r.mu.Lock()
	cached, ok := r.read[pod.UID]
	r.mu.Unlock()
	if ok {
		return cached, nil
	}
	limit := int64(maxLogResultBytes)
	raw, err := r.kube.CoreV1().Pods(pod.Namespace).GetLogs(pod.Name, &corev1.PodLogOptions{
		Container: podspec.MainContainer, LimitBytes: &limit,
	}).DoRaw(ctx)
	if err != nil {
		return "", err
	}
	result := strings.TrimSuffix(string(raw), "\n")
	r.mu.Lock()
	r.read[pod.UID] = result
	r.mu.Unlock()
	return result, nil
}

// drop forgets what was read of a pod that is gone.
func (r *logReader) drop(uid types.UID) {
	r.mu.Lock()
	delete(r.read, uid)
	r.mu.Unlock()
}
