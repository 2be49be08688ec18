package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// maxBodyBytes bounds the JSON body of a POST.
const maxBodyBytes = 1 << 20

// actionRequest is the optional body of a workflow action.
type actionRequest struct {
	// NodeFieldSelector picks the nodes of resume and retry.
	NodeFieldSelector string `json:"nodeFieldSelector,omitempty"`
	// Parameters are the supplied output parameters of resume, or the
	// workflow parameters of resubmit.
	Parameters map[string]string `json:"parameters,omitempty"`
	// RestartSuccessful has retry run the selected nodes again too.
	RestartSuccessful bool `json:"restartSuccessful,omitempty"`
}

// actionCall is one action on one workflow, with the user's clients.
type actionCall struct {
	ctx    context.Context
	kube   kubernetes.Interface
	client weftclient.WorkflowInterface
	name   string
	req    actionRequest
	now    time.Time
}

// workflowActs are the actions of POST /api/workflows/{ns}/{name}/{action}.
var workflowActs = map[string]func(a *actionCall) (*v1alpha1.Workflow, error){
	"suspend":   func(a *actionCall) (*v1alpha1.Workflow, error) { return actions.Suspend(a.ctx, a.client, a.name) },
	"stop":      func(a *actionCall) (*v1alpha1.Workflow, error) { return actions.Stop(a.ctx, a.client, a.name) },
	"terminate": func(a *actionCall) (*v1alpha1.Workflow, error) { return actions.Terminate(a.ctx, a.client, a.name) },
	"resume": func(a *actionCall) (*v1alpha1.Workflow, error) {
		opts := actions.ResumeOptions{NodeFieldSelector: a.req.NodeFieldSelector, Values: a.req.Parameters, Now: a.now}
		return actions.Resume(a.ctx, a.client, a.name, opts)
	},
	"retry": func(a *actionCall) (*v1alpha1.Workflow, error) {
		opts := actions.RetryOptions{RestartSuccessful: a.req.RestartSuccessful, NodeFieldSelector: a.req.NodeFieldSelector, Now: a.now}
		return actions.Retry(a.ctx, a.client, a.kube, a.name, opts)
	},
	"resubmit": func(a *actionCall) (*v1alpha1.Workflow, error) {
		return actions.Resubmit(a.ctx, a.client, a.name, paramList(a.req.Parameters))
	},
	"delete": func(a *actionCall) (*v1alpha1.Workflow, error) { return nil, actions.Delete(a.ctx, a.client, a.name) },
}

// workflowAction answers POST /api/workflows/{ns}/{name}/{action} with
// {"workflow": ...} as the action left it (resubmit: the new workflow;
// delete: {}).
func (h *handler) workflowAction(w http.ResponseWriter, r *http.Request) {
	ns, name, verb := r.PathValue("ns"), r.PathValue("name"), r.PathValue("action")
	act, ok := workflowActs[verb]
	if !ok {
		notFound(w, r)
		return
	}
	call := &actionCall{ctx: r.Context(), name: name, now: h.now()}
	if !readBody(w, r, &call.req) {
		return
	}
	if _, err := printer.ParseNodeSelector(call.req.NodeFieldSelector); err != nil {
		badRequest(w, "nodeFieldSelector: %v", err)
		return
	}
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	call.kube, call.client = c.Kube, c.Weft.WeftV1alpha1().Workflows(ns)
	wf, err := act(call)
	if err != nil {
		writeError(w, err, fmt.Sprintf("%s of workflow %s/%s", verb, ns, name))
		return
	}
	if wf == nil {
		respond.JSON(w, http.StatusOK, struct{}{})
		return
	}
	writeWorkflow(w, http.StatusOK, wf)
}

// readBody decodes the request's JSON body into v, if it has one; false
// after answering 400 when it is not what v takes.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil || errors.Is(err, io.EOF) {
		return true
	}
	badRequest(w, "the request's body is not the JSON this endpoint takes: %v", err)
	return false
}

// paramList is a map of parameter values in name order.
func paramList(values map[string]string) []params.Param {
	out := make([]params.Param, 0, len(values))
	for name, value := range values {
		out = append(out, params.Param{Name: name, Value: value})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
