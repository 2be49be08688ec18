package identity

import (
	"strings"
	"sync"

	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
)

// CoreClients hands out core/v1 clients that act as a given user, each
// built once and kept: a workflow's pods, volume claims and their deletions
// are written with its creator's rights. Every client shares config's
// client-side rate limiter when config has one, so that the controller's
// limit holds across all the users it acts for.
type CoreClients struct {
	config *rest.Config

	mu      sync.Mutex
	clients map[string]corev1client.CoreV1Interface
}

// NewCoreClients returns clients built from config.
func NewCoreClients(config *rest.Config) *CoreClients {
	return &CoreClients{config: config, clients: map[string]corev1client.CoreV1Interface{}}
}

// As returns the client acting as user.
func (c *CoreClients) As(user rest.ImpersonationConfig) (corev1client.CoreV1Interface, error) {
	key := identityKey(user)
	c.mu.Lock()
	defer c.mu.Unlock()
	if client, ok := c.clients[key]; ok {
		return client, nil
	}
	client, err := corev1client.NewForConfig(ConfigAs(c.config, user))
	if err != nil {
		return nil, err
	}
	c.clients[key] = client
	return client, nil
}

// identityKey tells identities apart: name, UID and groups, in order, with
// separators no name contains.
func identityKey(user rest.ImpersonationConfig) string {
	return user.UserName + "\x00" + user.UID + "\x00" + strings.Join(user.Groups, "\x00")
}
