package engine

import (
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestAVanishedPodErrorsItsNodeAfterTheGrace deletes a pod outright, so
// that not even its deletion is seen (a chaos run's pod removed while the
// controller was down): its node waits PodMissingGrace for the watch, then
// ends in Error and its retry strategy runs the step again.
func TestAVanishedPodErrorsItsNodeAfterTheGrace(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, `
metadata: {generateName: vanish-}
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy: {limit: 2, retryPolicy: Always}
    container: {image: busybox, command: [sh, -c, "true"]}
`))
	s.reconcile()
	if len(s.pods) != 1 {
		t.Fatalf("%d pods created, want 1", len(s.pods))
	}
	for name := range s.pods {
		delete(s.obs, name)
	}
	s.now = s.now.Add(PodMissingGrace / 2)
	d := s.reconcile()
	attempt := expectNode(t, s, "vanish-xxxxx(0)", v1alpha1.NodeTypePod, v1alpha1.NodePending)
	if d.RequeueAfter <= 0 || d.RequeueAfter > PodMissingGrace/2 {
		t.Errorf("within the grace: requeue after %v, want at most the %v left of it", d.RequeueAfter, PodMissingGrace/2)
	}

	s.now = attempt.StartedAt.Add(PodMissingGrace + time.Second)
	s.reconcile()
	if n := expectNode(t, s, "vanish-xxxxx(0)", v1alpha1.NodeTypePod, v1alpha1.NodeError); n.Message != "pod deleted" {
		t.Errorf("the vanished pod's node says %q, want %q", n.Message, "pod deleted")
	}
	s.run()
	expectNode(t, s, "vanish-xxxxx(1)", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/2", "")
}
