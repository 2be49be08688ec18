package engine

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// specForPod is the spec a pod is built from: the effective spec, with the
// references of its podSpecPatch (such as a resource limit given as
// {{workflow.parameters.mem-limit}}) and of its podMetadata's labels and
// annotations substituted in the pod's scope.
func (o *operation) specForPod(sc *scope) (*v1alpha1.WorkflowSpec, error) {
	patchRefs := expr.HasReferences(o.spec.PodSpecPatch)
	metaRefs := o.spec.PodMetadata != nil && (mapHasReferences(o.spec.PodMetadata.Labels) || mapHasReferences(o.spec.PodMetadata.Annotations))
	if !patchRefs && !metaRefs {
		return o.spec, nil
	}
	spec := *o.spec
	if patchRefs {
		patch, err := expr.Substitute(o.spec.PodSpecPatch, sc, expr.Strict)
		if err != nil {
			return nil, fmt.Errorf("spec.podSpecPatch: %w", err)
		}
		spec.PodSpecPatch = patch
	}
	if metaRefs {
		var meta v1alpha1.Metadata
		if err := expr.SubstituteObject(&meta, o.spec.PodMetadata, sc, expr.Strict); err != nil {
			return nil, fmt.Errorf("spec.podMetadata: %w", err)
		}
		spec.PodMetadata = &meta
	}
	return &spec, nil
}

// mapHasReferences says whether a key or value of m holds a {{...}} tag.
func mapHasReferences(m map[string]string) bool {
	for k, v := range m {
		if expr.HasReferences(k) || expr.HasReferences(v) {
			return true
		}
	}
	return false
}
