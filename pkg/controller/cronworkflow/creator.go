package cronworkflow

import (
	"errors"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/identity"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// ClientsAs returns Weft clients that act as a given user.
type ClientsAs func(user rest.ImpersonationConfig) (versioned.Interface, error)

// NewClientsAs returns clients built from the controller's configuration
// that impersonate the user they are asked for.
func NewClientsAs(config *rest.Config) ClientsAs {
	return func(user rest.ImpersonationConfig) (versioned.Interface, error) {
		return versioned.NewForConfig(identity.ConfigAs(config, user))
	}
}

// CreateAsCreator makes the controller create each CronWorkflow's workflows
// as the user who created the CronWorkflow: the API authorizes the create
// with that user's rights and records that user as the workflow's creator,
// whose rights its resource templates then have. Without it (in tests) the
// controller creates them with its own client.
func (c *Controller) CreateAsCreator(clients ClientsAs) {
	c.clientsAs = clients
}

// errNoCreator explains a CronWorkflow that cannot submit workflows.
var errNoCreator = errors.New("the CronWorkflow has no creator annotations (weft.dev/creator), so its workflows cannot be created with its creator's rights: recreate it through the weft apiserver")

// creatorClient is the client that creates a CronWorkflow's workflows.
func (c *Controller) creatorClient(cw *v1alpha1.CronWorkflow) (versioned.Interface, error) {
	if c.clientsAs == nil {
		return c.weft, nil
	}
	user, ok := identity.Creator(cw.Annotations)
	if !ok {
		return nil, errNoCreator
	}
	return c.clientsAs(user)
}
