package workflow

import (
	"errors"

	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/identity"
)

// WritePodsAsCreators makes the controller create and delete each
// workflow's pods and volume claims with the rights of the workflow's
// creator, through clients that impersonate them: a user who may create
// Workflows but not Pods in a namespace gets nodes that fail with the API's
// refusal, never pods. Without it the controller writes them with its own
// rights, as Argo's does. Call it before Run.
func (c *Controller) WritePodsAsCreators(clients *identity.CoreClients) {
	c.podClients = func(wf *v1alpha1.Workflow) (corev1client.CoreV1Interface, error) {
		user, ok := identity.Creator(wf.Annotations)
		if !ok {
			return nil, errNoCreatorForPods
		}
		return clients.As(user)
	}
}

// errNoCreatorForPods explains why a workflow without creator annotations
// gets no pods while the controller acts as each workflow's creator.
var errNoCreatorForPods = errors.New("the workflow has no creator annotations (weft.dev/creator), and pods are created with the rights of the workflow's creator: " +
	"create the workflow again through the Weft apiserver, which records its creator, or run weft-controller with --impersonate-creators=false")

// ownRights writes pods with the controller's own rights.
func (c *Controller) ownRights(*v1alpha1.Workflow) (corev1client.CoreV1Interface, error) {
	return c.kube.CoreV1(), nil
}
