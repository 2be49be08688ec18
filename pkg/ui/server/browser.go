package server

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/respond"
)

// contentSecurityPolicy lets the app load nothing but its own files: no
// remote origin, no inline script. The graph layout runs in a worker.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// csrfHeader must be on every request that is not a GET: a form or an
// image of another site cannot set it, and a script of another site cannot
// send it without a CORS preflight, which weft ui never allows.
const csrfHeader = "X-Weft-UI"

// setSecurityHeaders sets the headers every answer carries.
func setSecurityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
}

// safeMethod says the method only reads.
func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// checkCSRFHeader refuses a request that changes something and lacks the
// header only the app sends; it says whether r may go on.
func checkCSRFHeader(w http.ResponseWriter, r *http.Request) bool {
	if safeMethod(r.Method) || r.Header.Get(csrfHeader) == "1" {
		return true
	}
	respond.Failure(w, http.StatusForbidden, metav1.StatusReasonForbidden, fmt.Sprintf(
		"weft ui refuses a %s request without the header %s: 1, which its app sends (requests other sites make cannot)",
		r.Method, csrfHeader))
	return false
}

// hostCheck is the Host headers a server on the loopback interface
// answers: a page of another site whose name was made to resolve to
// 127.0.0.1 (DNS rebinding) sends its own name and is refused.
type hostCheck map[string]bool

// newHostCheck allows the listen address as given and the loopback names
// with its port.
func newHostCheck(address string) (hostCheck, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("listen address %q is not HOST:PORT: %w", address, err)
	}
	allowed := hostCheck{}
	for _, name := range []string{"localhost", "127.0.0.1", "::1", host} {
		if name != "" && !net.ParseIP(name).IsUnspecified() {
			allowed[strings.ToLower(net.JoinHostPort(name, port))] = true
		}
	}
	return allowed, nil
}

// allows says the Host header names this server.
func (c hostCheck) allows(host string) bool {
	return c[strings.ToLower(host)]
}

// check refuses a request for another host; it says whether r may go on.
func (c hostCheck) check(w http.ResponseWriter, r *http.Request) bool {
	if c.allows(r.Host) {
		return true
	}
	respond.Failure(w, http.StatusForbidden, metav1.StatusReasonForbidden, fmt.Sprintf(
		"weft ui does not answer requests for host %q: open the URL weft ui printed", r.Host))
	return false
}
