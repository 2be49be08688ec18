package engine

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// specForPod is the spec a pod is built from: the effective spec, with the
// references of its podSpecPatch (such as a resource limit given as
// {{workflow.parameters.mem-limit}}) substituted in the pod's scope, so
// that the patch is read with its values.
func (o *operation) specForPod(sc *scope) (*v1alpha1.WorkflowSpec, error) {
	if !expr.HasReferences(o.spec.PodSpecPatch) {
		return o.spec, nil
	}
	patch, err := expr.Substitute(o.spec.PodSpecPatch, sc, expr.Strict)
	if err != nil {
		return nil, fmt.Errorf("spec.podSpecPatch: %w", err)
	}
	spec := *o.spec
	spec.PodSpecPatch = patch
	return &spec, nil
}
