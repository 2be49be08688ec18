package engine

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/weft-dev/weft/test/fixtures/nestedloop"
)

// TestNestedLoopFixtureIsTheEngineStatus checks that the status the
// nestedloop fixture builds, which integration tests and benchmarks of
// large statuses use, is the one Reconcile makes.
func TestNestedLoopFixtureIsTheEngineStatus(t *testing.T) {
	wf := nestedWorkflow(t, 3, 2)
	first := Reconcile(wf, Observed{}, start, testConfig)
	wf.Status = first.Status
	for _, succeeded := range []bool{false, true} {
		phase := corev1.PodRunning
		if succeeded {
			phase = corev1.PodSucceeded
		}
		d := Reconcile(wf, Observed{Pods: observePods(first.CreatePods, phase)}, start.Add(time.Minute), testConfig)
		want := nestedloop.Status(wf.Name, 3, 2, succeeded)
		if d.Status.Phase != want.Phase || d.Status.Progress != want.Progress {
			t.Errorf("succeeded %v: workflow %s %s, fixture %s %s", succeeded, d.Status.Phase, d.Status.Progress, want.Phase, want.Progress)
		}
		if len(d.Status.Nodes) != len(want.Nodes) {
			t.Fatalf("succeeded %v: %d nodes, fixture %d", succeeded, len(d.Status.Nodes), len(want.Nodes))
		}
		for id, n := range d.Status.Nodes {
			if !equality.Semantic.DeepEqual(n, want.Nodes[id]) {
				t.Errorf("succeeded %v: node %s\n engine  %+v\n fixture %+v", succeeded, n.Name, n, want.Nodes[id])
			}
		}
	}
}
