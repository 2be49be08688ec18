package engine

import (
	"fmt"
	"sort"

	"github.com/weft-dev/weft/pkg/engine/expr"
)

// MetadataChange holds the labels and annotations to set on the workflow.
type MetadataChange struct {
	// Labels and Annotations are the keys to set, with their values.
	Labels, Annotations map[string]string
}

// Empty says there is nothing to set.
func (m MetadataChange) Empty() bool {
	return len(m.Labels) == 0 && len(m.Annotations) == 0
}

// workflowMetadata is what spec.workflowMetadata (the workflow's own, or its
// WorkflowTemplate's) adds to the workflow: its labels, annotations and
// labelsFrom expressions, evaluated with the workflow's variables. Keys the
// workflow already sets are its own and are left alone, as Argo leaves them.
func (o *operation) workflowMetadata() (MetadataChange, error) {
	meta := o.spec.WorkflowMetadata
	if meta == nil {
		return MetadataChange{}, nil
	}
	change := MetadataChange{
		Labels:      missingKeys(o.wf.Labels, meta.Labels),
		Annotations: missingKeys(o.wf.Annotations, meta.Annotations),
	}
	names := make([]string, 0, len(meta.LabelsFrom))
	for name := range meta.LabelsFrom {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, own := o.wf.Labels[name]; own {
			continue
		}
		v, err := expr.Evaluate(meta.LabelsFrom[name].Expression, o.globals.Env())
		if err != nil {
			return MetadataChange{}, fmt.Errorf("spec.workflowMetadata.labelsFrom.%s: %v", name, err)
		}
		if change.Labels == nil {
			change.Labels = map[string]string{}
		}
		change.Labels[name] = expr.Format(v)
	}
	return change, nil
}

// missingKeys are the entries of add whose keys have is missing.
func missingKeys(have, add map[string]string) map[string]string {
	var out map[string]string
	for k, v := range add {
		if _, ok := have[k]; ok {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}
