// Package uiclient is how the handlers of `weft ui` reach the cluster: with
// the clients of the user behind each request, never with the server's own.
package uiclient

import (
	"net/http"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// Clients are the clients of one user: their kubeconfig's credentials in
// local mode, their bearer token in token mode.
type Clients struct {
	// Config is the user's client configuration, for clients of other kinds.
	Config *rest.Config
	// Kube is the user's client of Kubernetes' own APIs.
	Kube kubernetes.Interface
	// Weft is the user's client of weft.dev.
	Weft versioned.Interface
}

// ForRequest returns the clients of the user who sent r. Its error is the
// answer to give: an apierrors.APIStatus (401 when r has no session).
type ForRequest func(r *http.Request) (*Clients, error)
