package table

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// TemplateRow is the row of a WorkflowTemplate or ClusterWorkflowTemplate,
// in the order of TemplateColumns.
func TemplateRow(meta *metav1.ObjectMeta, spec *weft.WorkflowSpec, now time.Time) []interface{} {
	return []interface{}{meta.Name, spec.Entrypoint, int64(len(spec.Templates)), Age(meta.CreationTimestamp, now)}
}

// TemplateColumns are the columns of WorkflowTemplates and ClusterWorkflowTemplates.
var TemplateColumns = []metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Format: "name", Description: "Name of the template."},
	{Name: "Entrypoint", Type: "string", Description: "Template a workflow made from it starts with."},
	{Name: "Templates", Type: "integer", Description: "Number of templates it defines."},
	{Name: "Age", Type: "string", Description: "Time since it was created."},
}
