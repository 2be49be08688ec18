package api

import (
	"context"
	"net"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// watchInterval is the least time between two events of a workflow watch:
// a workflow that changes faster is sent in its latest state at this pace.
const watchInterval = 500 * time.Millisecond

// handler serves the endpoints with the clients of each request's user.
type handler struct {
	forRequest uiclient.ForRequest
	// watchInterval is the least time between two events of a watch.
	watchInterval time.Duration
	// now is the clock of actions and of cron's next runs.
	now func() time.Time
	// resolves says a host name resolves here: an artifact store named by
	// a cluster service name that does not is reached through the API
	// server's service proxy.
	resolves func(ctx context.Context, host string) bool
	// dial connects to artifact stores that are dialled directly.
	dial dialFunc
}

// dialFunc connects to address on network, as net.Dialer.DialContext.
type dialFunc func(ctx context.Context, network, address string) (net.Conn, error)

// NewHandler serves Weft's endpoints of `weft ui` at their full paths
// (/api/workflows/, /api/submit/, /api/cronworkflows/, /api/artifacts/),
// calling the cluster with the clients forRequest gives for each request.
func NewHandler(forRequest uiclient.ForRequest) http.Handler {
	return newHandler(&handler{forRequest: forRequest, watchInterval: watchInterval, now: time.Now, resolves: hostResolves, dial: (&net.Dialer{Timeout: 30 * time.Second}).DialContext})
}

// newHandler routes the endpoints to h.
func newHandler(h *handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/workflows/{ns}/{name}", h.workflow)
	mux.HandleFunc("POST /api/workflows/{ns}/{name}/{action}", h.workflowAction)
	mux.HandleFunc("POST /api/submit/{ns}", h.submit)
	mux.HandleFunc("POST /api/cronworkflows/{ns}/{name}/{action}", h.cronAction)
	mux.HandleFunc("GET /api/cronworkflows/{ns}/{name}/next", h.cronNext)
	mux.HandleFunc("GET /api/artifacts/{ns}/{workflow}/{node}/{artifact}", h.artifact)
	mux.HandleFunc("/", notFound)
	return mux
}

// notFound answers a request no endpoint serves.
func notFound(w http.ResponseWriter, r *http.Request) {
	err := apierrors.NewNotFound(schema.GroupResource{Resource: "endpoint"}, r.Method+" "+r.URL.Path)
	err.ErrStatus.Message = "weft ui serves no " + r.Method + " " + r.URL.Path
	writeError(w, err, "")
}

// clients are the clients of the request's user, or false after answering
// with why there are none.
func (h *handler) clients(w http.ResponseWriter, r *http.Request) (*uiclient.Clients, bool) {
	c, err := h.forRequest(r)
	if err != nil {
		writeError(w, err, "finding the clients of the request's user")
		return nil, false
	}
	return c, true
}

// hostResolves says host has an address here.
func hostResolves(ctx context.Context, host string) bool {
	addrs, err := net.DefaultResolver.LookupHost(ctx, host)
	return err == nil && len(addrs) > 0
}
