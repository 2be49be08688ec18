package engine

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const claimWorkflow = `
metadata: {name: vol}
spec:
  entrypoint: main
  volumeClaimTemplates:
  - metadata: {name: workdir}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Mi}}}
  templates:
  - name: main
    container: {image: busybox, command: ["true"], volumeMounts: [{name: workdir, mountPath: /work}]}
`

func TestVolumeClaims(t *testing.T) {
	cases := []struct {
		name     string
		gc       *v1alpha1.VolumeClaimGC
		fail     bool
		collects bool
	}{
		{"deleted when the workflow completes, by default", nil, true, true},
		{"OnWorkflowSuccess deletes the claims of a workflow that succeeded", &v1alpha1.VolumeClaimGC{Strategy: "OnWorkflowSuccess"}, false, true},
		{"OnWorkflowSuccess keeps the claims of a failed workflow", &v1alpha1.VolumeClaimGC{Strategy: "OnWorkflowSuccess"}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wf := decodeWorkflow(t, claimWorkflow)
			wf.Spec.VolumeClaimGC = c.gc
			s := newSim(t, wf)
			if c.fail {
				s.outcome = alwaysFail(1)
			}
			first := s.reconcile()
			if len(first.CreateClaims) != 1 || len(first.CreatePods) != 1 {
				t.Fatalf("first decision: %d claims, %d pods", len(first.CreateClaims), len(first.CreatePods))
			}
			claim := first.CreateClaims[0]
			expectEqual(t, "claim", claim.Name, "vol-workdir")
			expectEqual(t, "mounted", first.CreatePods[0].Spec.Volumes[0].PersistentVolumeClaim.ClaimName, "vol-workdir")
			if ref := claim.OwnerReferences; len(ref) != 1 || ref[0].Name != "vol" || ref[0].Kind != "Workflow" {
				t.Errorf("claim owners %+v", ref)
			}
			var deleted []string
			for i := 0; i < 10 && !finishedPhase(s.wf.Status.Phase); i++ {
				s.step()
				d := s.reconcile()
				if len(d.CreateClaims) > 0 {
					t.Errorf("claims asked for again without new pods")
				}
				deleted = append(deleted, d.DeleteClaims...)
			}
			var want []string
			if c.collects {
				want = []string{"vol-workdir"}
			}
			expectEqual(t, "deleted claims", deleted, want)
		})
	}
}
