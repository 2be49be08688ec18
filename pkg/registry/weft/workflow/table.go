package workflow

import (
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/registry/table"
)

var tableConvertor = table.NewConvertor([]metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Format: "name", Description: "Name of the workflow."},
	{Name: "Status", Type: "string", Description: "Phase of the workflow: Pending, Running, Succeeded, Failed or Error."},
	{Name: "Age", Type: "string", Description: "Time since the workflow was created."},
	{Name: "Duration", Type: "string", Description: "Run time, from start to finish or to now."},
	{Name: "Progress", Type: "string", Description: "Completed pods of all pods: N/M."},
	{Name: "Message", Type: "string", Description: "Why the workflow is in its phase."},
	{Name: "Entrypoint", Type: "string", Priority: 1, Description: "Template the workflow starts with."},
	{Name: "Started", Type: "string", Priority: 1, Description: "Time since the workflow started."},
	{Name: "Finished", Type: "string", Priority: 1, Description: "Time since the workflow finished."},
	{Name: "Parameters", Type: "string", Priority: 1, Description: "Workflow parameters as name=value."},
}, func(obj runtime.Object) ([]interface{}, error) {
	return row(obj.(*weft.Workflow), time.Now()), nil
})

func row(wf *weft.Workflow, now time.Time) []interface{} {
	return []interface{}{
		wf.Name,
		string(wf.Status.Phase),
		table.Age(wf.CreationTimestamp, now),
		table.Elapsed(wf.Status.StartedAt, wf.Status.FinishedAt, now),
		wf.Status.Progress,
		wf.Status.Message,
		entrypoint(wf),
		since(wf.Status.StartedAt, now),
		since(wf.Status.FinishedAt, now),
		parameters(wf.Spec.Arguments.Parameters),
	}
}

func entrypoint(wf *weft.Workflow) string {
	if wf.Spec.Entrypoint == "" && wf.Spec.WorkflowTemplateRef != nil {
		return "(" + wf.Spec.WorkflowTemplateRef.Name + ")"
	}
	return wf.Spec.Entrypoint
}

func since(t metav1.Time, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return table.Age(t, now)
}

func parameters(params []weft.Parameter) string {
	pairs := make([]string, 0, len(params))
	for _, p := range params {
		value := ""
		if p.Value != nil {
			value = string(*p.Value)
		}
		pairs = append(pairs, p.Name+"="+value)
	}
	return strings.Join(pairs, ",")
}
