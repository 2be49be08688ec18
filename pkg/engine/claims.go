package engine

import (
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// volumeClaimGC strategies, as Argo names them.
const (
	claimGCOnWorkflowCompletion = "OnWorkflowCompletion"
	claimGCOnWorkflowSuccess    = "OnWorkflowSuccess"
)

// requestClaims asks for the workflow's volumeClaimTemplates whenever the
// decision creates pods, which mount them: the controller creates claims
// before pods and takes an existing claim as made.
func (o *operation) requestClaims() {
	if len(o.createPods) > 0 && len(o.spec.VolumeClaimTemplates) > 0 {
		o.createClaims = podspec.Claims(o.wf, o.spec)
	}
}

// collectClaims deletes the workflow's claims as spec.volumeClaimGC says,
// in the decision that finishes the workflow: on completion (the default)
// or only on success.
func (o *operation) collectClaims() {
	spec := o.effectiveSpec()
	if len(spec.VolumeClaimTemplates) == 0 {
		return
	}
	strategy := claimGCOnWorkflowCompletion
	if spec.VolumeClaimGC != nil && spec.VolumeClaimGC.Strategy != "" {
		strategy = spec.VolumeClaimGC.Strategy
	}
	if strategy == claimGCOnWorkflowSuccess && o.status.Phase != v1alpha1.WorkflowSucceeded {
		return
	}
	for _, tmpl := range spec.VolumeClaimTemplates {
		o.deleteClaims = append(o.deleteClaims, podspec.ClaimName(o.wf, tmpl.Name))
	}
}
