package printer

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestNodeSelector(t *testing.T) {
	wf := failedSteps()
	var fail, setup, root *v1alpha1.NodeStatus
	for id := range wf.Status.Nodes {
		n := wf.Status.Nodes[id]
		switch n.DisplayName {
		case "fail":
			fail = &n
		case "setup":
			setup = &n
		case wf.Name:
			root = &n
		}
	}
	cases := []struct {
		selector string
		node     *v1alpha1.NodeStatus
		want     bool
	}{
		{"", fail, true},
		{"phase=Failed", fail, true},
		{"phase=failed", fail, true},
		{"phase==Failed", setup, false},
		{"phase!=Failed", setup, true},
		{"displayName=fail", fail, true},
		{"displayName=fail", setup, false},
		{"templateName=echo", setup, true},
		{"templateName!=echo", setup, false},
		{"type=pod,phase=Succeeded", setup, true},
		{"type=Pod,phase=Succeeded", fail, false},
		{"type=Steps", root, true},
		{"name=" + wf.Name + "[1].fail", fail, true},
		{"id=" + fail.ID, fail, true},
		{"boundaryID=" + wf.Name, fail, true},
		{"podName=exit-handlers-jh6cj-exit-3258158598", fail, true},
		{"message=Error (exit code 1)", fail, true},
		{" phase = Failed , displayName = fail ", fail, true},
	}
	for _, c := range cases {
		sel, err := ParseNodeSelector(c.selector)
		if err != nil {
			t.Errorf("ParseNodeSelector(%q): %v", c.selector, err)
			continue
		}
		if got := sel.Matches(wf.Name, c.node); got != c.want {
			t.Errorf("%q matches %s: %v, want %v", c.selector, c.node.DisplayName, got, c.want)
		}
	}
}

func TestNodeSelectorInputs(t *testing.T) {
	n := &v1alpha1.NodeStatus{Inputs: &v1alpha1.Inputs{Parameters: []v1alpha1.Parameter{{Name: "tag", Value: anyString("3.6")}}}}
	for selector, want := range map[string]bool{
		"inputs.parameters.tag.value=3.6":   true,
		"inputs.parameters.tag.value!=3.6":  false,
		"inputs.parameters.image.value=":    true,
		"inputs.parameters.image.value=3.6": false,
	} {
		sel, err := ParseNodeSelector(selector)
		if err != nil {
			t.Fatalf("ParseNodeSelector(%q): %v", selector, err)
		}
		if got := sel.Matches("wf", n); got != want {
			t.Errorf("%q: %v, want %v", selector, got, want)
		}
	}
}

func TestNodeSelectorErrors(t *testing.T) {
	for selector, want := range map[string]string{
		"phase":                     "want FIELD=VALUE",
		"color=red":                 `unknown field "color"`,
		"phase=Exploded":            `unknown phase "Exploded"`,
		"inputs.parameters.value=x": `unknown field`,
	} {
		_, err := ParseNodeSelector(selector)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseNodeSelector(%q) = %v, want an error with %q", selector, err, want)
		}
	}
}

func TestAddPhases(t *testing.T) {
	var sel NodeSelector
	if err := sel.AddPhases("Failed, error"); err != nil {
		t.Fatal(err)
	}
	for phase, want := range map[v1alpha1.NodePhase]bool{
		v1alpha1.NodeFailed: true, v1alpha1.NodeError: true, v1alpha1.NodeSucceeded: false,
	} {
		if got := sel.Matches("wf", &v1alpha1.NodeStatus{Phase: phase}); got != want {
			t.Errorf("phase %s: %v, want %v", phase, got, want)
		}
	}
	if err := sel.AddPhases("Done"); err == nil {
		t.Error("AddPhases(Done) succeeded")
	}
	if sel.Empty() {
		t.Error("a selector with phases is empty")
	}
}
