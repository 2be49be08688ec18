package controllerpath

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/lint"
	"github.com/weft-dev/weft/pkg/cli/manifest"
)

func TestWorkflowsPassTheServersValidation(t *testing.T) {
	for name, wf := range map[string]*v1alpha1.Workflow{
		"fan-out":    fanOutWorkflow(1000),
		"sequential": sequentialWorkflow(10),
		"nested":     nestedWorkflow(250, 200),
	} {
		manifest.SetKind(wf)
		if problems := lint.Document(manifest.Document{Object: wf}, "bench"); len(problems) > 0 {
			t.Errorf("%s: %v", name, problems)
		}
	}
}

func TestNestedWorkflowRunsOuterTimesInnerPods(t *testing.T) {
	wf := nestedWorkflow(250, 200)
	templates := map[string]v1alpha1.Template{}
	for _, tmpl := range wf.Spec.Templates {
		templates[tmpl.Name] = tmpl
	}
	pods := 1
	for name := wf.Spec.Entrypoint; templates[name].Container == nil; {
		steps := templates[name].Steps
		if len(steps) != 1 || len(steps[0]) != 1 {
			t.Fatalf("template %s: want one group of one step, got %v", name, steps)
		}
		step := steps[0][0]
		pods *= step.WithSequence.Count.IntValue()
		name = step.Template
	}
	if pods != 50000 {
		t.Errorf("nestedWorkflow(250, 200) runs %d pods, want 50000", pods)
	}
}

func TestSequentialWorkflowRunsOneStepAfterAnother(t *testing.T) {
	steps := sequentialWorkflow(10).Spec.Templates[0].Steps
	if len(steps) != 10 {
		t.Fatalf("%d groups of steps, want 10", len(steps))
	}
	for i, group := range steps {
		if len(group) != 1 || group[0].Template != "work" {
			t.Errorf("group %d: %v, want one step of the work template", i, group)
		}
	}
}

func TestRealNodeExampleIsRead(t *testing.T) {
	wf, err := readExample(realNodeExample)
	if err != nil {
		t.Fatal(err)
	}
	if wf.Spec.Entrypoint != "loop-map-example" {
		t.Errorf("entrypoint %q, want loop-map-example", wf.Spec.Entrypoint)
	}
}
