// Package server is the HTTP server of `weft ui`: the embedded app, the
// sessions of the browsers that use it, a read-only proxy to the API
// server, and Weft's own endpoints, all with the credentials of the user
// behind each request and never the server's own.
package server

import (
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// AuthMode is how browsers log in.
type AuthMode string

const (
	// AuthKubeconfig serves one user, the one of the kubeconfig, to the
	// browsers that opened the login link the server printed.
	AuthKubeconfig AuthMode = "kubeconfig"
	// AuthToken serves every user who logs in with a bearer token of
	// their own; the server's credentials are never used.
	AuthToken AuthMode = "token"
)

// endpointPrefixes are the paths of Weft's own endpoints.
var endpointPrefixes = []string{"/api/workflows/", "/api/submit/", "/api/cronworkflows/", "/api/artifacts/"}

// Options configure a Server.
type Options struct {
	// Auth is how browsers log in.
	Auth AuthMode
	// Config reaches the API server. With AuthKubeconfig its credentials
	// are the user's; with AuthToken only its address and CA are kept.
	Config *rest.Config
	// Namespace is the namespace the app starts in.
	Namespace string
	// Address is the address the server listens on, HOST:PORT, as bound.
	Address string
	// TLS says the server serves HTTPS: its cookies are then Secure.
	TLS bool
	// Assets is the built app, index.html at its root.
	Assets fs.FS
	// Endpoints makes the handler of Weft's own endpoints from the way to
	// reach the clients of a request's user (api.NewHandler).
	Endpoints func(uiclient.ForRequest) http.Handler
	// Now is the clock of session expiry; time.Now when nil.
	Now func() time.Time
}

// Server is the HTTP handler of weft ui.
type Server struct {
	mode      AuthMode
	namespace string
	address   string
	tls       bool
	// anonymous reaches the API server without credentials, in token mode:
	// each user's token is added to it.
	anonymous *rest.Config
	// hosts are the Host headers answered in kubeconfig mode, where a
	// session acts with the kubeconfig's credentials. Token mode answers any
	// host (its Service, an Ingress): a page of another site that reaches
	// it has no session there and nothing to act with but a token it would
	// have to know already.
	hosts hostCheck
	// local is the kubeconfig's user, in kubeconfig mode.
	local *user
	// loginSecret opens a session in kubeconfig mode.
	loginSecret string
	sessions    *sessions
	app         *app
	endpoints   http.Handler
}

// New makes the server of opts.
func New(opts Options) (*Server, error) {
	if opts.Config == nil || opts.Assets == nil || opts.Endpoints == nil {
		return nil, fmt.Errorf("weft ui server: Config, Assets and Endpoints are required")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	app, err := newApp(opts.Assets)
	if err != nil {
		return nil, err
	}
	s := &Server{
		mode: opts.Auth, namespace: opts.Namespace, address: opts.Address, tls: opts.TLS,
		sessions: newSessions(now), app: app,
	}
	switch opts.Auth {
	case AuthKubeconfig:
		if s.hosts, err = newHostCheck(opts.Address); err != nil {
			return nil, err
		}
		if s.local, err = newUser(opts.Config); err != nil {
			return nil, err
		}
		s.loginSecret = randomString()
	case AuthToken:
		s.anonymous = rest.AnonymousClientConfig(opts.Config)
	default:
		return nil, fmt.Errorf("unknown authentication mode %q: use %s or %s", opts.Auth, AuthKubeconfig, AuthToken)
	}
	s.endpoints = opts.Endpoints(s.ForRequest)
	return s, nil
}

// URL is where a browser starts: in kubeconfig mode with the login secret
// (whoever has it acts as the kubeconfig's user), in token mode the login
// page.
func (s *Server) URL() string {
	scheme := "http"
	if s.tls {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(s.address)
	if err != nil || host == "" || net.ParseIP(host).IsUnspecified() {
		host = "127.0.0.1"
	}
	base := scheme + "://" + net.JoinHostPort(host, port)
	if s.mode == AuthToken {
		return base + "/login"
	}
	return base + "/?" + loginParameter + "=" + s.loginSecret
}

// ServeHTTP answers a browser: the checks every request passes, then the
// API or the app.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w)
	if s.hosts != nil && !s.hosts.check(w, r) {
		return
	}
	if !checkCSRFHeader(w, r) {
		return
	}
	if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
		s.serveAPI(w, r)
		return
	}
	s.serveApp(w, r)
}

// serveAPI answers /api/: login and logout, then, with a session, whoami,
// the proxy and Weft's endpoints.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/api/login":
		s.tokenLogin(w, r)
		return
	case "/api/logout":
		s.logout(w, r)
		return
	}
	u, err := s.userOf(r)
	if err != nil {
		respond.Error(w, err)
		return
	}
	path := r.URL.Path
	switch {
	case path == "/api/whoami":
		s.whoami(w, r, u)
	case path == proxyPrefix || strings.HasPrefix(path, proxyPrefix+"/"):
		s.proxy(w, r, u)
	case hasAnyPrefix(path, endpointPrefixes):
		s.endpoints.ServeHTTP(w, r)
	default:
		respond.Failure(w, http.StatusNotFound, metav1.StatusReasonNotFound, fmt.Sprintf(
			"weft ui serves no API at %s: it serves /api/whoami, /api/k8s/..., %s", path, strings.Join(endpointPrefixes, "..., ")+"..."))
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
