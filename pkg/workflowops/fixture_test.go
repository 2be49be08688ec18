package workflowops

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// n is a node of a test workflow: its name relative to the workflow's
// ("" is the workflow's own node), type, phase, the relative name of its
// boundary and of the nodes linked after it. IDs are the full names.
type n struct {
	name     string
	typ      v1alpha1.NodeType
	phase    v1alpha1.NodePhase
	boundary string
	children []string
	template string
}

// workflow is a workflow named "wf" in phase with the nodes given.
func workflow(phase v1alpha1.WorkflowPhase, nodes ...n) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "team-a"},
		Status: v1alpha1.WorkflowStatus{
			Phase: phase, Message: "child failed",
			StartedAt:  metav1.NewTime(testStart),
			FinishedAt: metav1.NewTime(testStart.Add(60e9)),
			Nodes:      map[string]v1alpha1.NodeStatus{},
		},
	}
	full := func(rel string) string { return "wf" + rel }
	for _, x := range nodes {
		st := v1alpha1.NodeStatus{
			ID: full(x.name), Name: full(x.name), DisplayName: displayOf(full(x.name)),
			Type: x.typ, Phase: x.phase, TemplateName: x.template,
		}
		if st.TemplateName == "" && x.typ != v1alpha1.NodeTypeStepGroup && x.typ != v1alpha1.NodeTypeTaskGroup {
			st.TemplateName = "main"
		}
		if x.name != "" && x.boundary != "-" {
			st.BoundaryID = full(x.boundary)
		}
		for _, c := range x.children {
			st.Children = append(st.Children, full(c))
		}
		wf.Status.Nodes[st.ID] = st
	}
	return wf
}

// displayOf is the last part of a node name, as the engine shows it.
func displayOf(name string) string {
	i := strings.LastIndexAny(name, ".")
	if strings.HasSuffix(name, "]") {
		return name[strings.LastIndex(name, "["):]
	}
	return name[i+1:]
}
