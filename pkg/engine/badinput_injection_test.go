package engine

import (
	"slices"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestBadInputValuesAreNotReexpanded passes parameter values that look like
// references and expressions into a pod, directly and through a loop's
// items: they must arrive as written, never be substituted a second time.
// (A value passed through a step's arguments is still expanded twice, once
// with its steps template and once with the step; see issue 11.)
func TestBadInputValuesAreNotReexpanded(t *testing.T) {
	injected := []string{"{{workflow.name}}", "{{=sprig.env('HOME')}}", "{{=1+1}}", "{{"}
	for _, value := range injected {
		wf := decodeWorkflow(t, badRunHeader+`
  entrypoint: main
  arguments: {parameters: [{name: p, value: x}]}
  templates:
  - name: main
    steps:
    - - {name: direct, template: direct}
      - name: looped
        template: looped
        arguments: {parameters: [{name: text, value: "{{item}}"}]}
        withItems: ["{{workflow.parameters.p}}"]
  - name: direct
    container: {image: busybox, command: [echo, "{{workflow.parameters.p}}"]}
  - name: looped
    inputs: {parameters: [{name: text}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.text}}"]}
`)
		setArgument(t, wf, "p", value)
		s := newSim(t, wf)
		runBadInput(t, s)
		if s.wf.Status.Phase != v1alpha1.WorkflowSucceeded {
			t.Fatalf("value %q: phase %s, want Succeeded: %s", value, s.wf.Status.Phase, s.dump())
		}
		var said []string
		for _, name := range s.order {
			said = append(said, mainCommand(s.pods[name])[1])
		}
		if want := []string{value, value}; !slices.Equal(said, want) {
			t.Errorf("pods were given %q, want the value as written: %q", said, want)
		}
	}
}

// TestBadInputDeeplyNestedItem loops over a withParam list nested 10,000
// deep: the one item is a value like any other and the loop runs.
func TestBadInputDeeplyNestedItem(t *testing.T) {
	wf := decodeWorkflow(t, badRunHeader+`
  entrypoint: main
  arguments: {parameters: [{name: list, value: "[]"}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: echo, withParam: "{{workflow.parameters.list}}"}
`+echoTemplate)
	setArgument(t, wf, "list", deepJSONList)
	s := newSim(t, wf)
	runBadInput(t, s)
	if s.wf.Status.Phase != v1alpha1.WorkflowSucceeded || len(s.pods) != 1 {
		t.Fatalf("phase %s with %d pods, want Succeeded with 1: %s", s.wf.Status.Phase, len(s.pods), s.wf.Status.Message)
	}
}
