package server

import (
	"fmt"
	"net/http"
	"net/url"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// user is who a session acts as: clients and a transport that carry the
// user's credentials and no one else's.
type user struct {
	// clients are the user's clients, for whoami and Weft's endpoints.
	clients *uiclient.Clients
	// transport adds the user's credentials to the proxy's requests.
	transport http.RoundTripper
	// apiServer is the API server's URL, where the proxy sends them.
	apiServer *url.URL
}

// newUser makes the clients and the transport of cfg's credentials.
func newUser(cfg *rest.Config) (*user, error) {
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("making a Kubernetes client: %w", err)
	}
	weft, err := versioned.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("making a weft.dev client: %w", err)
	}
	transport, err := rest.TransportFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("making the transport to the API server: %w", err)
	}
	apiServer, _, err := rest.DefaultServerUrlFor(cfg)
	if err != nil {
		return nil, fmt.Errorf("the API server's address %q: %w", cfg.Host, err)
	}
	return &user{
		clients:   &uiclient.Clients{Config: cfg, Kube: kube, Weft: weft},
		transport: transport,
		apiServer: apiServer,
	}, nil
}

// tokenConfig is anonymous with the bearer token as its only credentials.
func tokenConfig(anonymous *rest.Config, token string) *rest.Config {
	cfg := rest.CopyConfig(anonymous)
	cfg.BearerToken = token
	return cfg
}

// userOf is the user of r's session; without one, a 401 that says how to
// log in.
func (s *Server) userOf(r *http.Request) (*user, error) {
	if c, err := r.Cookie(cookieName); err == nil {
		if ses, ok := s.sessions.lookup(c.Value); ok {
			return ses.user, nil
		}
	}
	return nil, apierrors.NewUnauthorized(s.loginHint())
}

// ForRequest is the clients of the user who sent r: a uiclient.ForRequest
// for Weft's endpoints.
func (s *Server) ForRequest(r *http.Request) (*uiclient.Clients, error) {
	u, err := s.userOf(r)
	if err != nil {
		return nil, err
	}
	return u.clients, nil
}

// loginHint says how to get a session.
func (s *Server) loginHint() string {
	if s.mode == AuthToken {
		return "no weft ui session, or it expired: log in again at /login with a Kubernetes bearer token"
	}
	return "no weft ui session in this browser: open the URL weft ui printed when it started (it holds a login secret)"
}
