package server

import (
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/respond"
)

// proxyPrefix is the path under which the API server is proxied.
const proxyPrefix = "/api/k8s"

// forwardedHeaders are the only headers of the browser the proxy passes
// on: never its cookie, nor an Authorization or Impersonate-* header that
// would replace or extend the user's credentials.
var forwardedHeaders = []string{"Accept"}

// proxy forwards a GET of an allowed path to the API server with the
// user's credentials, the query string as it is, and streams the answer:
// each chunk of a watch or a followed log is flushed as it comes.
func (s *Server) proxy(w http.ResponseWriter, r *http.Request, u *user) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		respond.Failure(w, http.StatusMethodNotAllowed, metav1.StatusReasonMethodNotAllowed, fmt.Sprintf(
			"weft ui forwards only GET requests to the API server, not %s: changes go through weft ui's own endpoints", r.Method))
		return
	}
	apiPath := strings.TrimPrefix(r.URL.Path, proxyPrefix)
	if r.URL.RawPath != "" || !proxiedPath(apiPath) {
		respond.Failure(w, http.StatusForbidden, metav1.StatusReasonForbidden, fmt.Sprintf(
			"weft ui does not forward %s to the API server: it forwards GET requests of %s only", apiPath, proxiedPathsHelp))
		return
	}
	target := u.apiServer
	reverse := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL = &url.URL{
				Scheme:   target.Scheme,
				Host:     target.Host,
				Path:     strings.TrimSuffix(target.Path, "/") + apiPath,
				RawQuery: pr.In.URL.RawQuery,
			}
			pr.Out.Host = ""
			pr.Out.Header = http.Header{}
			for _, name := range forwardedHeaders {
				if v := pr.In.Header.Values(name); len(v) > 0 {
					pr.Out.Header[name] = v
				}
			}
		},
		Transport:     u.transport,
		FlushInterval: -1,
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Del("Set-Cookie")
			resp.Header.Set("Cache-Control", "no-store")
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if r.Context().Err() != nil {
				return
			}
			respond.Error(w, unreachable(u, err))
		},
	}
	reverse.ServeHTTP(w, r)
}
