package commands

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// twoStepWorkflow is a finished workflow of two steps, the second failed.
func twoStepWorkflow() *v1alpha1.Workflow {
	wf := finished("two-steps", v1alpha1.WorkflowFailed, 10*time.Second, 0)
	start := metav1.NewTime(testNow.Add(-10 * time.Second))
	node := func(id, name, display string, typ v1alpha1.NodeType, phase v1alpha1.NodePhase, children ...string) v1alpha1.NodeStatus {
		return v1alpha1.NodeStatus{ID: id, Name: name, DisplayName: display, Type: typ, Phase: phase, TemplateName: "t",
			BoundaryID: "two-steps", StartedAt: start, FinishedAt: metav1.NewTime(testNow), Children: children}
	}
	root := node("two-steps", "two-steps", "two-steps", v1alpha1.NodeTypeSteps, v1alpha1.NodeFailed, "g0")
	root.BoundaryID = ""
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"two-steps": root,
		"g0":        node("g0", "two-steps[0]", "[0]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded, "a"),
		"a":         node("a", "two-steps[0].a", "a", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, "g1"),
		"g1":        node("g1", "two-steps[1]", "[1]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeFailed, "b"),
		"b":         node("b", "two-steps[1].b", "b", v1alpha1.NodeTypePod, v1alpha1.NodeFailed),
	}
	return wf
}

func TestGet(t *testing.T) {
	h := newHarness(t, twoStepWorkflow())
	r := h.run("get", "two-steps")
	if r.code != 0 {
		t.Fatal(r.err)
	}
	for _, want := range []string{"Name:                two-steps\n", "Status:              Failed\n", " ✖ two-steps", " ├---✔ a", " └---✖ b", "two-steps-t-"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("get lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colors off a terminal")
	}

	failedOnly := h.run("get", "two-steps", "--status", "Failed", "-o", "wide").stdout
	if strings.Contains(failedOnly, "✔ a") || !strings.Contains(failedOnly, "✖ b") || !strings.Contains(failedOnly, "HOST") {
		t.Errorf("get --status Failed -o wide:\n%s", failedOnly)
	}
	selected := h.run("get", "two-steps", "--node-field-selector", "displayName!=b,type=Pod").stdout
	if !strings.Contains(selected, "✔ a") || strings.Contains(selected, "✖ b") {
		t.Errorf("get --node-field-selector displayName!=b,type=Pod:\n%s", selected)
	}
	short := h.run("get", "two-steps", "-o", "short").stdout
	if strings.Contains(short, "STEP") {
		t.Errorf("get -o short prints the tree:\n%s", short)
	}
	if y := h.run("get", "two-steps", "-o", "yaml").stdout; !strings.HasPrefix(y, "apiVersion: weft.dev/v1alpha1\nkind: Workflow\n") {
		t.Errorf("get -o yaml:\n%s", y)
	}
	if n := h.run("get", "two-steps", "-o", "name").stdout; n != "workflow.weft.dev/two-steps\n" {
		t.Errorf("get -o name: %q", n)
	}
}
