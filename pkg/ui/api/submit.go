package api

import (
	"context"
	"fmt"
	"net/http"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// submitRequest is the body of POST /api/submit/{ns}.
type submitRequest struct {
	// Kind is WorkflowTemplate or ClusterWorkflowTemplate.
	Kind string `json:"kind"`
	// Name is the template's name.
	Name string `json:"name"`
	// Parameters are values of the template's parameters.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Labels are labels to add to the workflow.
	Labels map[string]string `json:"labels,omitempty"`
}

// submit answers POST /api/submit/{ns}: 201 and the workflow that
// `weft submit --from KIND/NAME -p k=v -l labels` creates, after refusing
// (422) values for parameters the template does not declare.
func (h *handler) submit(w http.ResponseWriter, r *http.Request) {
	ns := r.PathValue("ns")
	var req submitRequest
	if !readBody(w, r, &req) {
		return
	}
	if req.Name == "" {
		badRequest(w, "name: give the name of the template to submit")
		return
	}
	wf, err := actions.FromTemplate(req.Kind, req.Name)
	if err != nil {
		badRequest(w, "kind: %v", err)
		return
	}
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	declared, err := templateParameters(r.Context(), c, req.Kind, ns, req.Name)
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading %s %s", req.Kind, req.Name))
		return
	}
	over := actions.Overrides{Params: paramList(req.Parameters), Labels: labels.Set(req.Labels)}
	if err := actions.CheckParameters(req.Kind+" "+req.Name, declared, over.Params); err != nil {
		respond.Failure(w, http.StatusUnprocessableEntity, metav1.StatusReasonInvalid, err.Error())
		return
	}
	wf.Namespace = ns
	over.Apply(wf)
	created, err := c.Weft.WeftV1alpha1().Workflows(ns).Create(r.Context(), wf, metav1.CreateOptions{})
	if err != nil {
		writeError(w, err, fmt.Sprintf("submitting %s %s", req.Kind, req.Name))
		return
	}
	writeWorkflow(w, http.StatusCreated, created)
}

// templateParameters are the parameters the template declares in
// spec.arguments.parameters, read with the user's clients.
func templateParameters(ctx context.Context, c *uiclient.Clients, kind, ns, name string) ([]v1alpha1.Parameter, error) {
	client := c.Weft.WeftV1alpha1()
	if kind == actions.KindClusterWorkflowTemplate {
		t, err := client.ClusterWorkflowTemplates().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return t.Spec.Arguments.Parameters, nil
	}
	t, err := client.WorkflowTemplates(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return t.Spec.Arguments.Parameters, nil
}
