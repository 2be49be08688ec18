package printer

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestNodeGlyph(t *testing.T) {
	yes := true
	running := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf"}, Status: v1alpha1.WorkflowStatus{Phase: v1alpha1.WorkflowRunning}}
	suspended := running.DeepCopy()
	suspended.Spec.Suspend = &yes
	finished := suspended.DeepCopy()
	finished.Status.Phase = v1alpha1.WorkflowFailed
	cases := []struct {
		name  string
		wf    *v1alpha1.Workflow
		node  v1alpha1.NodeStatus
		glyph string
		color color
	}{
		{"succeeded", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeSucceeded}, "✔", green},
		{"failed", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, Message: "Error (exit code 1)"}, "✖", red},
		{"error", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeError}, "⚠", red},
		{"omitted", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypeSkipped, Phase: v1alpha1.NodeOmitted}, "○", gray},
		{"pending", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodePending}, "◷", cyan},
		{"stopped", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, Message: "Stopped with strategy 'Terminate' by alice"}, "⏹", red},
		{"deadline", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, Message: "Pod exceeded its deadline: the template's timeout is 10s"}, "⏹", red},
		{"a failure that mentions stopping", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, Message: "server stopped: terminated"}, "✖", red},
		{"suspend step waiting", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeRunning}, "⏸", yellow},
		{"suspend step resumed", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeSucceeded, Message: "Resumed"}, "✔", green},
		{"workflow node under spec.suspend", suspended, v1alpha1.NodeStatus{ID: "wf", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeRunning}, "⏸", yellow},
		{"other node under spec.suspend", suspended, v1alpha1.NodeStatus{ID: "b", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeRunning}, "◷", cyan},
		{"finished workflow with spec.suspend", finished, v1alpha1.NodeStatus{ID: "wf", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeFailed}, "✖", red},
		{"retry succeeded", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypeRetry, Phase: v1alpha1.NodeSucceeded}, "↻", green},
		{"retry failed", running, v1alpha1.NodeStatus{ID: "a", Type: v1alpha1.NodeTypeRetry, Phase: v1alpha1.NodeFailed}, "↻", red},
	}
	for _, c := range cases {
		glyph, col := nodeGlyph(c.wf, &c.node)
		if glyph != c.glyph || col != c.color {
			t.Errorf("%s: %s in %q, want %s in %q", c.name, glyph, col, c.glyph, c.color)
		}
	}
}

func TestStatusText(t *testing.T) {
	yes := true
	wf := func(phase v1alpha1.WorkflowPhase, change func(*v1alpha1.Workflow)) *v1alpha1.Workflow {
		w := &v1alpha1.Workflow{Status: v1alpha1.WorkflowStatus{Phase: phase}}
		change(w)
		return w
	}
	cases := []struct {
		wf   *v1alpha1.Workflow
		want string
	}{
		{wf("", func(*v1alpha1.Workflow) {}), "Pending"},
		{wf(v1alpha1.WorkflowRunning, func(*v1alpha1.Workflow) {}), "Running"},
		{wf(v1alpha1.WorkflowRunning, func(w *v1alpha1.Workflow) { w.Spec.Suspend = &yes }), "Running (Suspended)"},
		{wf(v1alpha1.WorkflowRunning, func(w *v1alpha1.Workflow) {
			w.Status.Nodes = map[string]v1alpha1.NodeStatus{"a": {Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeRunning}}
		}), "Running (Suspended)"},
		{wf(v1alpha1.WorkflowRunning, func(w *v1alpha1.Workflow) { w.Spec.Shutdown = v1alpha1.ShutdownStop }), "Running (Stopping)"},
		{wf(v1alpha1.WorkflowRunning, func(w *v1alpha1.Workflow) { w.Spec.Shutdown = v1alpha1.ShutdownTerminate }), "Running (Terminating)"},
		{wf(v1alpha1.WorkflowFailed, func(w *v1alpha1.Workflow) { w.Spec.Suspend = &yes }), "Failed"},
	}
	for _, c := range cases {
		if got := StatusText(c.wf); got != c.want {
			t.Errorf("StatusText of %+v = %q, want %q", c.wf.Spec, got, c.want)
		}
	}
}
