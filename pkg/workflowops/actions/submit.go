package actions

import (
	"fmt"
	"maps"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
)

// The kinds a workflow runs, as `weft submit --from` takes them.
const (
	// KindWorkflowTemplate is a WorkflowTemplate of the workflow's namespace.
	KindWorkflowTemplate = "WorkflowTemplate"
	// KindClusterWorkflowTemplate is a ClusterWorkflowTemplate.
	KindClusterWorkflowTemplate = "ClusterWorkflowTemplate"
)

// FromTemplate is the workflow that runs the named template of kind
// (KindWorkflowTemplate or KindClusterWorkflowTemplate), named after it:
// NAME- and a generated suffix.
func FromTemplate(kind, name string) (*v1alpha1.Workflow, error) {
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: name + "-"}}
	switch kind {
	case KindWorkflowTemplate:
		wf.Spec.WorkflowTemplateRef = &v1alpha1.WorkflowTemplateRef{Name: name}
	case KindClusterWorkflowTemplate:
		wf.Spec.WorkflowTemplateRef = &v1alpha1.WorkflowTemplateRef{Name: name, ClusterScope: true}
	default:
		return nil, fmt.Errorf("cannot submit from a %s: give %s or %s", kind, KindWorkflowTemplate, KindClusterWorkflowTemplate)
	}
	return wf, nil
}

// FromCron is the workflow the cron workflow would create, named after it:
// its workflow spec, labels and annotations.
func FromCron(cron *v1alpha1.CronWorkflow) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: cron.Name + "-"}}
	wf.Spec = *cron.Spec.WorkflowSpec.DeepCopy()
	if m := cron.Spec.WorkflowMetadata; m != nil {
		wf.Labels = maps.Clone(m.Labels)
		wf.Annotations = maps.Clone(m.Annotations)
	}
	return wf
}

// Overrides are what a submitter changes in the workflow submitted.
type Overrides struct {
	// Params are parameter values, later ones winning.
	Params []params.Param
	// Entrypoint is the template to start with.
	Entrypoint string
	// GenerateName is the prefix of the generated name.
	GenerateName string
	// Name is the workflow's name.
	Name string
	// ServiceAccount is the service account its pods run as.
	ServiceAccount string
	// Labels are labels to add.
	Labels labels.Set
}

// Apply changes wf as the overrides say.
func (o *Overrides) Apply(wf *v1alpha1.Workflow) {
	params.Apply(&wf.Spec.Arguments, o.Params)
	if o.Entrypoint != "" {
		wf.Spec.Entrypoint = o.Entrypoint
	}
	if o.GenerateName != "" {
		wf.GenerateName, wf.Name = o.GenerateName, ""
	}
	if o.Name != "" {
		wf.Name = o.Name
	}
	if o.ServiceAccount != "" {
		wf.Spec.ServiceAccountName = o.ServiceAccount
	}
	if len(o.Labels) > 0 {
		wf.Labels = labels.Merge(wf.Labels, o.Labels)
	}
}

// CheckParameters refuses (RefusedError) values given for parameters that
// the template's spec.arguments.parameters do not declare, naming those it
// declares; where is the template, for the message.
func CheckParameters(where string, declared []v1alpha1.Parameter, given []params.Param) error {
	known := make(map[string]bool, len(declared))
	names := make([]string, 0, len(declared))
	for _, p := range declared {
		known[p.Name] = true
		names = append(names, p.Name)
	}
	var unknown []string
	for _, p := range given {
		if !known[p.Name] {
			unknown = append(unknown, p.Name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	takes := "none"
	if len(names) > 0 {
		takes = strings.Join(names, ", ")
	}
	return refused(fmt.Errorf("%s has no parameter %s: it takes %s", where, strings.Join(unknown, ", "), takes))
}
