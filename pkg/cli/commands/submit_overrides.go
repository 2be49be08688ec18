package commands

import (
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
)

// overrides are what submit's flags change in every workflow submitted.
type overrides struct {
	params         []params.Param
	entrypoint     string
	generateName   string
	name           string
	serviceAccount string
	labels         labels.Set
}

// apply changes wf as the flags say.
func (o *overrides) apply(wf *v1alpha1.Workflow) {
	params.Apply(&wf.Spec.Arguments, o.params)
	if o.entrypoint != "" {
		wf.Spec.Entrypoint = o.entrypoint
	}
	if o.generateName != "" {
		wf.GenerateName, wf.Name = o.generateName, ""
	}
	if o.name != "" {
		wf.Name = o.name
	}
	if o.serviceAccount != "" {
		wf.Spec.ServiceAccountName = o.serviceAccount
	}
	if len(o.labels) > 0 {
		wf.Labels = labels.Merge(wf.Labels, o.labels)
	}
}
