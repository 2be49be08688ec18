package engine

import (
	"encoding/json"
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// effectiveSpec is the spec the workflow runs: its own, or, with a
// workflowTemplateRef, the stored template's spec overridden by its own.
func effectiveSpec(wf *v1alpha1.Workflow, status *v1alpha1.WorkflowStatus) (*v1alpha1.WorkflowSpec, error) {
	if wf.Spec.WorkflowTemplateRef == nil {
		return &wf.Spec, nil
	}
	if status.StoredWorkflowTemplateSpec == nil {
		ref := wf.Spec.WorkflowTemplateRef
		return nil, fmt.Errorf("spec.workflowTemplateRef %q is not resolved: the controller stores the template's spec in status.storedWorkflowTemplateSpec", ref.Name)
	}
	return mergeSpecs(status.StoredWorkflowTemplateSpec, &wf.Spec)
}

// mergeSpecs lays the fields the workflow sets over the template's spec;
// templates and arguments merge by name.
func mergeSpecs(base, over *v1alpha1.WorkflowSpec) (*v1alpha1.WorkflowSpec, error) {
	var baseMap, overMap map[string]json.RawMessage
	if err := roundTrip(base, &baseMap); err != nil {
		return nil, err
	}
	o := over.DeepCopy()
	o.WorkflowTemplateRef = nil
	if err := roundTrip(o, &overMap); err != nil {
		return nil, err
	}
	if baseMap == nil {
		baseMap = map[string]json.RawMessage{}
	}
	for k, v := range overMap {
		if k != "templates" && k != "arguments" {
			baseMap[k] = v
		}
	}
	var out v1alpha1.WorkflowSpec
	if err := roundTrip(baseMap, &out); err != nil {
		return nil, err
	}
	out.Templates = mergeByName(base.Templates, over.Templates, func(t v1alpha1.Template) string { return t.Name })
	out.Arguments.Parameters = mergeByName(base.Arguments.Parameters, over.Arguments.Parameters, func(p v1alpha1.Parameter) string { return p.Name })
	out.Arguments.Artifacts = mergeByName(base.Arguments.Artifacts, over.Arguments.Artifacts, func(a v1alpha1.Artifact) string { return a.Name })
	return &out, nil
}

func mergeByName[T any](base, over []T, name func(T) string) []T {
	out := append([]T(nil), base...)
	index := map[string]int{}
	for i, v := range out {
		index[name(v)] = i
	}
	for _, v := range over {
		if i, ok := index[name(v)]; ok {
			out[i] = v
		} else {
			out = append(out, v)
		}
	}
	return out
}

func roundTrip(in, out any) error {
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, out)
}

// effectiveSpec is the spec the workflow runs, also where Reconcile has not
// prepared it (before its locks are taken, once it finished): a
// WorkflowTemplate's synchronization, podGC and ttlStrategy apply to the
// workflows that refer to it. The workflow's own spec stands in when the
// effective one cannot be had (prepare then fails the workflow).
func (o *operation) effectiveSpec() *v1alpha1.WorkflowSpec {
	if o.spec == nil {
		spec, err := effectiveSpec(o.wf, o.status)
		if err != nil {
			spec = &o.wf.Spec
		}
		o.spec = spec
	}
	return o.spec
}
