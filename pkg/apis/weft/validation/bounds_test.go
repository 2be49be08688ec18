package validation_test

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// smallBounds make every case short: 2 templates, 3 items, 8 bytes.
var smallBounds = validation.Bounds{MaxTemplates: 2, MaxLoopItems: 3, MaxParameterBytes: 8}

func TestBoundsOfASpec(t *testing.T) {
	for _, tc := range []specCase{
		{name: "at every bound", spec: `
entrypoint: main
arguments: {parameters: [{name: p, value: "12345678"}]}
templates:
- name: main
  steps:
  - - {name: a, template: echo, withItems: [1, 2, 3], arguments: {parameters: [{name: m, value: "12345678"}]}}
- name: echo
  inputs: {parameters: [{name: m, default: "12345678", enum: ["12345678"]}]}
  container: {image: busybox}
`},
		{name: "too many templates", spec: `
entrypoint: a
templates:
- {name: a, container: {image: busybox}}
- {name: b, container: {image: busybox}}
- {name: c, container: {image: busybox}}
`, want: []wantError{{"spec.templates", field.ErrorTypeTooMany, "3 templates, more than --max-templates (2) allows"}}},
		{name: "withItems of a step too long", spec: `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: main, withItems: [1, 2, 3, 4]}
`, want: []wantError{{"spec.templates[0].steps[0][0].withItems", field.ErrorTypeTooMany, "4 items, more than --max-loop-items (3) allows: split the loop"}}},
		{name: "withItems of a task too long", spec: `
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: a, template: main, withItems: [a, b, c, d, e]}
`, want: []wantError{{"spec.templates[0].dag.tasks[0].withItems", field.ErrorTypeTooMany, "5 items, more than --max-loop-items (3)"}}},
		{name: "workflow argument too long", spec: `
entrypoint: main
arguments: {parameters: [{name: p, value: "123456789"}]}
templates: [{name: main, container: {image: busybox}}]
`, want: []wantError{{"spec.arguments.parameters[0].value", field.ErrorTypeTooLong, "9 bytes, more than --max-parameter-bytes (8) allows: pass large data as an artifact"}}},
		{name: "input default, enum and output value too long", spec: `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: m, default: "123456789", enum: ["1", "1234567890"]}]}
  outputs: {parameters: [{name: o, valueFrom: {path: /tmp/o, default: "123456789"}}]}
  container: {image: busybox}
`, want: []wantError{
			{"spec.templates[0].inputs.parameters[0].default", field.ErrorTypeTooLong, "9 bytes"},
			{"spec.templates[0].inputs.parameters[0].enum[1]", field.ErrorTypeTooLong, "10 bytes"},
			{"spec.templates[0].outputs.parameters[0].valueFrom.default", field.ErrorTypeTooLong, "9 bytes"},
		}},
		{name: "step, task and hook arguments too long", spec: `
entrypoint: main
hooks: {exit: {template: main, arguments: {parameters: [{name: m, value: "123456789"}]}}}
templates:
- name: main
  steps:
  - - name: a
      template: main
      arguments: {parameters: [{name: m, value: "123456789"}]}
      hooks: {exit: {template: main, arguments: {parameters: [{name: m, value: "123456789"}]}}}
- name: d
  dag:
    tasks:
    - {name: t, template: main, arguments: {parameters: [{name: m, value: "123456789"}]}}
`, want: []wantError{
			{"spec.hooks[exit].arguments.parameters[0].value", field.ErrorTypeTooLong, "--max-parameter-bytes (8)"},
			{"spec.templates[0].steps[0][0].arguments.parameters[0].value", field.ErrorTypeTooLong, "--max-parameter-bytes (8)"},
			{"spec.templates[0].steps[0][0].hooks[exit].arguments.parameters[0].value", field.ErrorTypeTooLong, "--max-parameter-bytes (8)"},
			{"spec.templates[1].dag.tasks[0].arguments.parameters[0].value", field.ErrorTypeTooLong, "--max-parameter-bytes (8)"},
		}},
		{name: "withParam and withSequence are bounded when they run, not here", spec: `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: main, withParam: "[1, 2, 3, 4, 5]"}
    - {name: b, template: main, withSequence: {count: "100000"}}
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, smallBounds.ValidateSpec(new(specOf(t, tc.spec)), field.NewPath("spec")), tc.want...)
		})
	}
}

func TestBoundsOfEachKind(t *testing.T) {
	spec := specOf(t, `
entrypoint: a
templates:
- {name: a, container: {image: busybox}}
- {name: b, container: {image: busybox}}
- {name: c, container: {image: busybox}}
`)
	meta := metav1.ObjectMeta{Name: "x", Namespace: "default"}
	for name, tc := range map[string]struct {
		errs  field.ErrorList
		field string
	}{
		"Workflow":                {smallBounds.ValidateObject(&weft.Workflow{ObjectMeta: meta, Spec: spec}), "spec.templates"},
		"WorkflowTemplate":        {smallBounds.ValidateObject(&weft.WorkflowTemplate{ObjectMeta: meta, Spec: spec}), "spec.templates"},
		"ClusterWorkflowTemplate": {smallBounds.ValidateObject(&weft.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "x"}, Spec: spec}), "spec.templates"},
		"CronWorkflow": {smallBounds.ValidateObject(&weft.CronWorkflow{ObjectMeta: meta, Spec: weft.CronWorkflowSpec{WorkflowSpec: spec}}),
			"spec.workflowSpec.templates"},
	} {
		t.Run(name, func(t *testing.T) {
			expectErrors(t, tc.errs, wantError{tc.field, field.ErrorTypeTooMany, "3 templates, more than --max-templates (2)"})
		})
	}
	if errs := smallBounds.ValidateObject(&weft.WorkflowList{}); len(errs) != 0 {
		t.Errorf("a list has no bounds, got %v", errs)
	}
}

func TestDefaultBounds(t *testing.T) {
	b := validation.DefaultBounds()
	if b.MaxTemplates != 1000 || b.MaxLoopItems != 10000 || b.MaxParameterBytes != 256<<10 {
		t.Errorf("defaults %+v, want 1000 templates, 10000 items and 256 KiB, as docs/operations.md says", b)
	}
	if err := b.Validate(); err != nil {
		t.Errorf("the defaults are invalid: %v", err)
	}
	for _, tc := range []struct {
		change func(*validation.Bounds)
		want   string
	}{
		{func(b *validation.Bounds) { b.MaxTemplates = 0 }, "--max-templates is 0"},
		{func(b *validation.Bounds) { b.MaxLoopItems = -1 }, "--max-loop-items is -1"},
		{func(b *validation.Bounds) { b.MaxParameterBytes = 0 }, "--max-parameter-bytes is 0"},
	} {
		bad := validation.DefaultBounds()
		tc.change(&bad)
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate() = %v, want an error with %q", err, tc.want)
		}
	}
}

func TestErrorTextNamesTheBound(t *testing.T) {
	errs := smallBounds.ValidateSpec(new(specOf(t, `
entrypoint: main
arguments: {parameters: [{name: p, value: "123456789"}]}
templates: [{name: main, container: {image: busybox}}]
`)), field.NewPath("spec"))
	want := "spec.arguments.parameters[0].value: Too long: 9 bytes, more than --max-parameter-bytes (8) allows: pass large data as an artifact, or raise the flag"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("got %v, want %q", errs, want)
	}
}
