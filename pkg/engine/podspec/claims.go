package podspec

import (
	"maps"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// ClaimName is the name of the PersistentVolumeClaim made for a workflow
// from its volumeClaimTemplate of the given name: "<workflow>-<name>".
func ClaimName(wf *v1alpha1.Workflow, template string) string {
	return wf.Name + "-" + template
}

// Claims are the PersistentVolumeClaims of the workflow's
// volumeClaimTemplates, labelled with and owned by the workflow.
func Claims(wf *v1alpha1.Workflow, spec *v1alpha1.WorkflowSpec) []*corev1.PersistentVolumeClaim {
	out := make([]*corev1.PersistentVolumeClaim, 0, len(spec.VolumeClaimTemplates))
	for _, tmpl := range spec.VolumeClaimTemplates {
		claim := tmpl.DeepCopy()
		claim.Name = ClaimName(wf, tmpl.Name)
		claim.Namespace = wf.Namespace
		claim.Labels = maps.Clone(tmpl.Labels)
		if claim.Labels == nil {
			claim.Labels = map[string]string{}
		}
		claim.Labels[LabelWorkflow] = wf.Name
		claim.OwnerReferences = append(claim.OwnerReferences, OwnerReference(wf))
		claim.Status = corev1.PersistentVolumeClaimStatus{}
		out = append(out, claim)
	}
	return out
}
