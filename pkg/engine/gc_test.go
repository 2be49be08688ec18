package engine

import (
	"sort"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const twoStepGC = `
metadata: {name: gc}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: ok, template: ok}
      - {name: bad, template: bad, continueOn: {failed: true}}
  - {name: ok, metadata: {labels: {keep: "no"}}, container: {image: busybox, command: ["true"]}}
  - {name: bad, container: {image: "busybox:bad", command: ["false"]}}
`

// runGC runs the workflow to its end with a podGC, then reconciles once
// more at the given time after the end, and returns the pods deleted
// through podGC (by node name) and the final decision.
func runGC(t *testing.T, gc *v1alpha1.PodGC, after time.Duration) ([]string, Decision) {
	t.Helper()
	wf := decodeWorkflow(t, twoStepGC)
	wf.Spec.PodGC = gc
	s := newSim(t, wf)
	s.outcome = failImage("busybox:bad")
	s.run()
	s.now = s.wf.Status.FinishedAt.Add(after)
	d := s.reconcile()
	var nodes []string
	for _, name := range s.collected {
		nodes = append(nodes, nodeNameOf(s.pods[name]))
	}
	sort.Strings(nodes)
	return nodes, d
}

func TestPodGC(t *testing.T) {
	cases := []struct {
		name  string
		gc    *v1alpha1.PodGC
		after time.Duration
		want  []string
	}{
		{"no podGC keeps every pod", nil, time.Hour, nil},
		{"OnPodCompletion deletes every finished pod", &v1alpha1.PodGC{Strategy: "OnPodCompletion"}, 0, []string{"gc[0].bad", "gc[0].ok"}},
		{"OnPodSuccess keeps the failed pod", &v1alpha1.PodGC{Strategy: "OnPodSuccess"}, 0, []string{"gc[0].ok"}},
		{"OnWorkflowCompletion deletes all once the workflow ended", &v1alpha1.PodGC{Strategy: "OnWorkflowCompletion"}, 0, []string{"gc[0].bad", "gc[0].ok"}},
		{"OnWorkflowSuccess deletes all of a workflow that succeeded", &v1alpha1.PodGC{Strategy: "OnWorkflowSuccess"}, 0, []string{"gc[0].bad", "gc[0].ok"}},
		{"deleteDelayDuration holds the pods until it passed", &v1alpha1.PodGC{Strategy: "OnWorkflowCompletion", DeleteDelayDuration: "30s"}, 10 * time.Second, nil},
		{"deleteDelayDuration then lets them go", &v1alpha1.PodGC{Strategy: "OnWorkflowCompletion", DeleteDelayDuration: "30s"}, 30 * time.Second, []string{"gc[0].bad", "gc[0].ok"}},
		{"labelSelector picks the pods", &v1alpha1.PodGC{Strategy: "OnWorkflowCompletion", LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"keep": "no"}}}, 0, []string{"gc[0].ok"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := runGC(t, c.gc, c.after)
			expectEqual(t, "collected", got, c.want)
		})
	}
	t.Run("OnPodCompletion collects while the workflow runs", func(t *testing.T) {
		wf := decodeWorkflow(t, longStep)
		wf.Spec.PodGC = &v1alpha1.PodGC{Strategy: "OnPodCompletion"}
		s := newSim(t, wf)
		s.runRounds(4)
		if len(s.collected) == 0 || finishedPhase(s.wf.Status.Phase) {
			t.Fatalf("no pod collected while running (phase %s)", s.wf.Status.Phase)
		}
	})
	t.Run("a delayed collection asks to be run again when it is due", func(t *testing.T) {
		_, d := runGC(t, &v1alpha1.PodGC{Strategy: "OnWorkflowCompletion", DeleteDelayDuration: "30s"}, 10*time.Second)
		expectEqual(t, "requeue", d.RequeueAfter, 20*time.Second)
	})
}

func TestTTLStrategy(t *testing.T) {
	ten, hundred := int32(10), int32(100)
	cases := []struct {
		name   string
		ttl    *v1alpha1.TTLStrategy
		after  time.Duration
		delete bool
	}{
		{"no ttlStrategy keeps the workflow", nil, time.Hour, false},
		{"secondsAfterCompletion not yet passed", &v1alpha1.TTLStrategy{SecondsAfterCompletion: &ten}, 5 * time.Second, false},
		{"secondsAfterCompletion passed", &v1alpha1.TTLStrategy{SecondsAfterCompletion: &ten}, 10 * time.Second, true},
		{"secondsAfterFailure wins for a failed workflow", &v1alpha1.TTLStrategy{SecondsAfterCompletion: &ten, SecondsAfterFailure: &hundred}, 50 * time.Second, false},
		{"secondsAfterSuccess does not apply to a failure", &v1alpha1.TTLStrategy{SecondsAfterSuccess: &ten}, time.Hour, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wf := decodeWorkflow(t, twoStepGC)
			wf.Spec.Templates[0].Steps[0][1].ContinueOn = nil
			wf.Spec.TTLStrategy = c.ttl
			s := newSim(t, wf)
			s.outcome = failImage("busybox:bad")
			s.run()
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
			s.now = s.wf.Status.FinishedAt.Add(c.after)
			expectEqual(t, "delete", s.reconcile().DeleteWorkflow, c.delete)
		})
	}
}
