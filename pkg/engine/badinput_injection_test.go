package engine

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestBadInputValuesAreNotReexpanded passes parameter values that look like
// references and expressions into pods: directly, through a loop's items,
// through a step's arguments and its exit hook's, and through a DAG task's
// arguments from the DAG template's own input. Each pod must be given the value as written: a
// value is substituted once, never read again for references.
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
        template: say
        arguments: {parameters: [{name: text, value: "{{item}}"}]}
        withItems: ["{{workflow.parameters.p}}"]
      - name: passed
        template: say
        arguments: {parameters: [{name: text, value: "{{workflow.parameters.p}}"}]}
        hooks:
          exit: {template: say, arguments: {parameters: [{name: text, value: "{{workflow.parameters.p}}"}]}}
      - name: graph
        template: graph
        arguments: {parameters: [{name: text, value: "{{workflow.parameters.p}}"}]}
  - name: graph
    inputs: {parameters: [{name: text}]}
    dag:
      tasks:
      - name: passed
        template: say
        arguments: {parameters: [{name: text, value: "{{inputs.parameters.text}}"}]}
  - name: direct
    container: {image: busybox, command: [echo, "{{workflow.parameters.p}}"]}
  - name: say
    inputs: {parameters: [{name: text}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.text}}"]}
`)
		setArgument(t, wf, "p", value)
		s := newSim(t, wf)
		runBadInput(t, s)
		if s.wf.Status.Phase != v1alpha1.WorkflowSucceeded {
			t.Fatalf("value %q: phase %s, want Succeeded: %s", value, s.wf.Status.Phase, s.dump())
		}
		said := map[string]string{}
		for _, name := range s.order {
			said[name] = mainCommand(s.pods[name])[1]
		}
		if len(said) != 5 {
			t.Errorf("value %q: %d pods ran, want 5: %q", value, len(said), said)
		}
		for name, got := range said {
			if got != value {
				t.Errorf("pod %s was given %q, want the value as written: %q", name, got, value)
			}
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
