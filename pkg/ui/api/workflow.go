package api

import (
	"fmt"
	"net/http"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/statusnodes"
	"github.com/weft-dev/weft/pkg/ui/respond"
)

// workflowView is a workflow as the UI shows it: its nodes unpacked, and the
// pod of each pod node by node ID.
type workflowView struct {
	Workflow *v1alpha1.Workflow `json:"workflow"`
	PodNames map[string]string  `json:"podNames"`
}

// viewOf is wf with its nodes unpacked, its kind set, and its pods named.
func viewOf(wf *v1alpha1.Workflow) (*workflowView, error) {
	unpacked, err := statusnodes.UnpackWorkflow(wf)
	if err != nil {
		return nil, fmt.Errorf("unpacking the nodes of workflow %s/%s: %w", wf.Namespace, wf.Name, err)
	}
	out := *unpacked
	out.TypeMeta = metav1.TypeMeta{Kind: "Workflow", APIVersion: v1alpha1.SchemeGroupVersion.String()}
	pods := make(map[string]string)
	for id := range out.Status.Nodes {
		n := out.Status.Nodes[id]
		if pod := printer.PodNameOf(out.Name, &n); pod != "" {
			pods[id] = pod
		}
	}
	return &workflowView{Workflow: &out, PodNames: pods}, nil
}

// workflow answers GET /api/workflows/{ns}/{name}: the workflow, or with
// ?watch=true a stream of its changes.
func (h *handler) workflow(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("watch") == "true" {
		h.watchWorkflow(w, r)
		return
	}
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	ns, name := r.PathValue("ns"), r.PathValue("name")
	wf, err := c.Weft.WeftV1alpha1().Workflows(ns).Get(r.Context(), name, metav1.GetOptions{})
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading workflow %s/%s", ns, name))
		return
	}
	writeWorkflow(w, http.StatusOK, wf)
}

// writeWorkflow answers with code and the view of wf: its nodes unpacked
// and its pods named.
func writeWorkflow(w http.ResponseWriter, code int, wf *v1alpha1.Workflow) {
	view, err := viewOf(wf)
	if err != nil {
		writeError(w, err, "showing the workflow")
		return
	}
	respond.JSON(w, code, view)
}
