package validation_test

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

const (
	required     = field.ErrorTypeRequired
	invalid      = field.ErrorTypeInvalid
	notFound     = field.ErrorTypeNotFound
	duplicate    = field.ErrorTypeDuplicate
	forbidden    = field.ErrorTypeForbidden
	notSupported = field.ErrorTypeNotSupported
	tooLong      = field.ErrorTypeTooLong
)

// TestSpecEntrypointAndTemplates covers the entrypoint, onExit and the
// names and kinds of templates.
func TestSpecEntrypointAndTemplates(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"entrypoint missing", `
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.entrypoint", required, "name the template the workflow starts with (templates: main)"}}},
		{"no templates at all", `{}`, []wantError{
			{"spec.templates", required, "at least one template"},
			{"spec.entrypoint", required, "name the template"},
		}},
		{"entrypoint names no template", `
entrypoint: whalesay
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.entrypoint", notFound, `no template named "whalesay" in spec.templates; define it or use templateRef`}}},
		{"onExit names no template", `
entrypoint: main
onExit: cleanup
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.onExit", notFound, `no template named "cleanup"`}}},
		{"template without name", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
- container: {image: alpine}
`, []wantError{{"spec.templates[1].name", required, "every template needs a name"}}},
		{"template name with underscore", `
entrypoint: hello_world
templates:
- name: hello_world
  container: {image: alpine}
`, []wantError{{"spec.templates[0].name", invalid, "only letters, digits and '-'"}}},
		{"template name too long", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
- name: ` + strings.Repeat("a", 129) + `
  container: {image: alpine}
`, []wantError{{"spec.templates[1].name", tooLong, "128"}}},
		{"duplicate template names", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
- name: main
  script: {image: alpine, source: echo}
`, []wantError{{"spec.templates[1].name", duplicate, "main"}}},
		{"template of no kind", `
entrypoint: main
templates:
- name: main
`, []wantError{{"spec.templates[0]", required, `template "main" does nothing: give it exactly one of container, script, resource, dag, steps, suspend, containerSet, data, http, plugin`}}},
		{"template of two kinds", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  script: {image: alpine, source: echo}
`, []wantError{{"spec.templates[0]", invalid, "sets container and script"}}},
		{"workflowTemplateRef without name", `
workflowTemplateRef: {}
`, []wantError{{"spec.workflowTemplateRef.name", required, "name the WorkflowTemplate"}}},
	})
}

// TestSpecSteps covers steps templates: step names, what steps run, loops
// and references between steps.
func TestSpecSteps(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"step names an unknown template", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
- name: hello
  steps:
  - - name: hi
      template: whalesy
`, []wantError{{"spec.templates[1].steps[0][0].template", notFound, `no template named "whalesy" in spec.templates; define it or use templateRef`}}},
		{"step with template and templateRef", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      templateRef: {name: wt, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].templateRef", forbidden, "templateRef cannot be set together with template"}}},
		{"step with template and inline", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      inline: {container: {image: alpine}}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].inline", forbidden, "runs exactly one of template, templateRef or inline"}}},
		{"step that runs nothing", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
`, []wantError{{"spec.templates[0].steps[0][0].template", required, "set template, templateRef or inline"}}},
		{"templateRef without template", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      templateRef: {name: wt}
`, []wantError{{"spec.templates[0].steps[0][0].templateRef.template", required, "name the template to run"}}},
		{"step without name", `
entrypoint: main
templates:
- name: main
  steps:
  - - template: echo
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].name", required, "every step needs a name"}}},
		{"duplicate step names across groups", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: echo}
  - - {name: a, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[1][0].name", duplicate, "a"}}},
		{"step name with a dot", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a.b, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].name", invalid, "a step name may hold only"}}},
		{"empty step group", `
entrypoint: main
templates:
- name: main
  steps:
  - []
`, []wantError{{"spec.templates[0].steps[0]", required, "remove the empty group"}}},
		{"reference to a step of the same group", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: gen, template: echo, arguments: {parameters: [{name: msg, value: x}]}}
    - name: use
      template: echo
      arguments:
        parameters: [{name: msg, value: "{{steps.gen.outputs.result}}"}]
- name: echo
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][1].arguments.parameters[0].value", invalid, `step "gen" runs in the same or a later step group`}}},
		{"reference to a step of a later group", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: use
      template: echo
      when: "{{steps.gen.status}} == Succeeded"
  - - {name: gen, template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].when", invalid, "{{steps.gen.status}}"}}},
		{"reference to an unknown step", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: gen, template: echo}
  - - name: use
      template: echo
      when: "{{steps.generate.outputs.result}} == 1"
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[1][0].when", invalid, `no step named "generate" in template "main"`}}},
		{"reference to an unknown step field", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: gen, template: echo}
  - - name: use
      template: echo
      when: "{{steps.gen.output.result}} == 1"
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[1][0].when", invalid, `unknown step field "output.result"`}}},
		{"task reference in a steps template", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: use
      template: echo
      when: "{{tasks.a.status}} == Succeeded"
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].when", invalid, "only in scope in the tasks of a DAG template"}}},
		{"withItems and withParam", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      withItems: [1, 2]
      withParam: "[1, 2]"
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].withParam", forbidden, "withParam cannot be used together with withItems"}}},
		{"withSequence with count and end", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      withSequence: {count: 3, end: 5}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].withSequence.end", forbidden, "count and end cannot both be set"}}},
		{"withSequence with neither count nor end", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      withSequence: {start: 3}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].withSequence", required, "give count"}}},
		{"withSequence count that is not a number", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      withSequence: {count: "three"}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].withSequence.count", invalid, "must be an integer or a {{...}} reference"}}},
		{"negative withSequence count", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      withSequence: {count: -1}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].withSequence.count", invalid, "must be at least 0"}}},
		{"step onExit names no template", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: echo, onExit: bye}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].onExit", notFound, `no template named "bye"`}}},
		{"hook without expression", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      hooks:
        running: {template: echo}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].hooks[running].expression", required, `hook "running" runs when its expression holds`}}},
		{"hook names no template", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      hooks:
        exit: {template: notify}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].hooks[exit].template", notFound, `no template named "notify"`}}},
		{"hook with template and templateRef", `
entrypoint: main
hooks:
  exit: {template: main, templateRef: {name: wt, template: notify}}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.hooks[exit].templateRef", forbidden, "a hook runs exactly one of template or templateRef"}}},
		{"hook that runs nothing", `
entrypoint: main
hooks:
  exit: {}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.hooks[exit].template", required, "a hook needs a template or templateRef"}}},
		{"inline template with an undeclared input", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      inline:
        container:
          image: alpine
          args: ["{{inputs.parameters.y}}"]
`, []wantError{{"spec.templates[0].steps[0][0].inline.container.args[0]", invalid, `template "inline" declares no input parameter "y"`}}},
		{"inline template of no kind", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      inline: {}
`, []wantError{{"spec.templates[0].steps[0][0].inline", required, `template "inline" does nothing`}}},
	})
}

// TestSpecArguments covers parameters and artifacts: names, values, enums
// and what called templates need.
func TestSpecArguments(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"step does not pass a required input", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: echo}
- name: echo
  inputs: {parameters: [{name: msg}, {name: color, default: red}, {name: fixed, value: x}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters", required, `template "echo" needs input parameter "msg", which has no default`}}},
		{"inline template input not passed", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      inline:
        inputs: {parameters: [{name: who}]}
        container: {image: alpine, args: ["{{inputs.parameters.who}}"]}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters", required, `the inline template needs input parameter "who"`}}},
		{"hook does not pass a required input", `
entrypoint: main
hooks:
  exit: {template: notify}
templates:
- name: main
  container: {image: alpine}
- name: notify
  inputs: {parameters: [{name: channel}]}
  container: {image: alpine}
`, []wantError{{"spec.hooks[exit].arguments.parameters", required, `the hook's template "notify" needs input parameter "channel"`}}},
		{"step passes a value outside the enum", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: paint
      arguments: {parameters: [{name: color, value: purple}]}
- name: paint
  inputs: {parameters: [{name: color, enum: [red, green]}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters[0].value", notSupported, `input parameter "color" to its enum: supported values: "red", "green"`}}},
		{"input default outside the enum", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: paint
- name: paint
  inputs: {parameters: [{name: color, default: blue, enum: [red, green]}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[1].inputs.parameters[0].default", notSupported, `"red", "green"`}}},
		{"step argument without a value", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      arguments: {parameters: [{name: msg}]}
- name: echo
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters[0].value", required, `parameter "msg" needs a value`}}},
		{"duplicate input parameters", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: x, value: "1"}, {name: x, value: "2"}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].inputs.parameters[1].name", duplicate, "x"}}},
		{"input parameter without a name", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{value: "1"}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].inputs.parameters[0].name", required, "every input parameter needs a name"}}},
		{"parameter name with a dot", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: a.b, value: "1"}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].inputs.parameters[0].name", invalid, "letters, digits, '-' and '_'"}}},
		{"workflow argument without a value", `
entrypoint: main
arguments: {parameters: [{name: message}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].value", required, `parameter "message" needs a value`}}},
		{"workflow argument outside its enum", `
entrypoint: main
arguments: {parameters: [{name: env, value: qa, enum: [dev, prod]}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].value", notSupported, `"dev", "prod"`}}},
		{"duplicate workflow arguments", `
entrypoint: main
arguments: {parameters: [{name: a, value: "1"}, {name: a, value: "2"}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[1].name", duplicate, "a"}}},
		{"entrypoint input not supplied by the arguments", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: message}]}
  container: {image: alpine, args: ["{{inputs.parameters.message}}"]}
`, []wantError{{"spec.arguments.parameters", required, `the entrypoint template "main" needs input parameter "message", which has no default`}}},
		{"entrypoint input given outside its enum", `
entrypoint: main
arguments: {parameters: [{name: size, value: XL}]}
templates:
- name: main
  inputs: {parameters: [{name: size, enum: [S, M]}]}
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].value", notSupported, `restricts input parameter "size"`}}},
		{"argument valueFrom with a path", `
entrypoint: main
arguments: {parameters: [{name: a, valueFrom: {path: /tmp/a}}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].valueFrom.path", forbidden, "path is for output parameters"}}},
		{"argument valueFrom with only a default", `
entrypoint: main
arguments: {parameters: [{name: a, valueFrom: {default: x}}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].valueFrom", required, "set configMapKeyRef, event or supplied"}}},
		{"required input artifact not passed", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: consume}
- name: consume
  inputs:
    artifacts:
    - {name: data, path: /tmp/data}
    - {name: optional-data, path: /tmp/o, optional: true}
    - {name: fixed, path: /tmp/f, raw: {data: hi}}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.artifacts", required, `needs input artifact "data"`}}},
		{"argument artifact without a source", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: consume
      arguments: {artifacts: [{name: data}]}
- name: consume
  inputs: {artifacts: [{name: data, path: /tmp/data}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.artifacts[0].from", required, `artifact "data" needs a source`}}},
		{"input artifact with from", `
entrypoint: main
templates:
- name: main
  inputs: {artifacts: [{name: data, path: /tmp/d, from: "{{workflow.outputs.artifacts.x}}"}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].inputs.artifacts[0].from", forbidden, "an input artifact cannot use from"}}},
		{"output parameter without valueFrom", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  outputs: {parameters: [{name: result}]}
`, []wantError{{"spec.templates[0].outputs.parameters[0].valueFrom", required, `output parameter "result" needs valueFrom`}}},
		{"container output artifact without path", `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  outputs: {artifacts: [{name: log}]}
`, []wantError{{"spec.templates[0].outputs.artifacts[0].path", required, `output artifact "log" needs the path`}}},
		{"steps output artifact without from", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: echo}
  outputs: {artifacts: [{name: log}]}
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].outputs.artifacts[0].from", required, "needs from"}}},
	})
}

// TestSpecReferences covers {{...}} references in the strings of templates.
func TestSpecReferences(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"undeclared input parameter in container args", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, args: ["echo", "{{inputs.parameters.x}}"]}
`, []wantError{{"spec.templates[0].container.args[1]", invalid, `template "main" declares no input parameter "x"`}}},
		{"undeclared input artifact in script source", `
entrypoint: main
templates:
- name: main
  script: {image: alpine, source: "cat {{inputs.artifacts.data.path}}"}
`, []wantError{{"spec.templates[0].script.source", invalid, `declares no input artifact "data"`}}},
		{"braces of another template language are left alone", `
entrypoint: main
templates:
- name: main
  script: {image: alpine, command: [sh], source: "echo '{{ .Values.image }}' {{foo.bar}}"}
`, nil},
		{"unclosed reference", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: x, value: "1"}]}
  container: {image: alpine, env: [{name: X, value: "a {{inputs.parameters.x"}]}
`, []wantError{{"spec.templates[0].container.env[0].value", invalid, `"{{" at position 3 is never closed`}}},
		{"empty reference", `
entrypoint: main
templates:
- name: main
  container: {image: "alpine:{{ }}"}
`, []wantError{{"spec.templates[0].container.image", invalid, "empty reference"}}},
		{"empty expression", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, workingDir: "{{= }}"}
`, []wantError{{"spec.templates[0].container.workingDir", invalid, "empty expression"}}},
		{"item outside a loop", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      arguments: {parameters: [{name: msg, value: "{{item}}"}]}
- name: echo
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters[0].value", invalid, "{{item}} is only set in a step or task that loops"}}},
		{"item in the called template", `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: echo, withItems: [1, 2]}
- name: echo
  container: {image: alpine, args: ["{{item}}"]}
`, []wantError{{"spec.templates[1].container.args[0]", invalid, "only in that step's or task's own fields"}}},
		{"item key that no item has", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      arguments: {parameters: [{name: msg, value: "{{item.os}}"}]}
      withItems:
      - {image: debian, tag: "9.1"}
- name: echo
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].arguments.parameters[0].value", invalid, `no withItems item has the key "os": use one of image, tag`}}},
		{"item key on plain items", `
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      when: "{{item.name}} == x"
      withItems: [a, b]
- name: echo
  container: {image: alpine}
`, []wantError{{"spec.templates[0].steps[0][0].when", invalid, "plain values, not maps: use {{item}}"}}},
		{"undeclared workflow parameter", `
entrypoint: main
arguments: {parameters: [{name: message, value: hi}]}
templates:
- name: main
  container: {image: alpine, args: ["{{workflow.parameters.mesage}}"]}
`, []wantError{{"spec.templates[0].container.args[0]", invalid, `the workflow has no parameter "mesage"`}}},
		{"unknown workflow variable", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, args: ["{{workflow.owner}}"]}
`, []wantError{{"spec.templates[0].container.args[0]", invalid, `unknown workflow variable "workflow.owner"`}}},
		{"nested reference", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, args: ["{{inputs.parameters.{{x}}}}"]}
`, []wantError{{"spec.templates[0].container.args[0]", invalid, "cannot be nested"}}},
		{"inputs in workflow-level hook arguments", `
entrypoint: main
hooks:
  exit:
    template: main
    arguments: {parameters: [{name: x, value: "{{inputs.parameters.x}}"}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.hooks[exit].arguments.parameters[0].value", invalid, "inputs are only in scope inside a template"}}},
		{"pod variable other than name", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, args: ["{{pod.ip}}"]}
`, []wantError{{"spec.templates[0].container.args[0]", invalid, "the only pod variable is {{pod.name}}"}}},
		{"steps reference in a leaf template", `
entrypoint: main
templates:
- name: main
  container: {image: alpine, args: ["{{steps.a.outputs.result}}"]}
`, []wantError{{"spec.templates[0].container.args[0]", invalid, "only in scope in the steps of a steps template"}}},
		{"reference in a resource manifest", `
entrypoint: main
templates:
- name: main
  resource:
    action: create
    manifest: "kind: ConfigMap\nmetadata: {name: '{{inputs.parameters.name}}'}"
`, []wantError{{"spec.templates[0].resource.manifest", invalid, `declares no input parameter "name"`}}},
	})
}

// TestSpecTemplateKinds covers the fields of each kind of template.
func TestSpecTemplateKinds(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"resource action not supported", `
entrypoint: main
templates:
- name: main
  resource: {action: destroy, manifest: "kind: ConfigMap"}
`, []wantError{{"spec.templates[0].resource.action", notSupported, `"get", "create", "apply", "delete", "replace", "patch"`}}},
		{"resource create without manifest", `
entrypoint: main
templates:
- name: main
  resource: {action: create}
`, []wantError{{"spec.templates[0].resource.manifest", required, `the "create" action needs the resource`}}},
		{"resource with manifest and manifestFrom", `
entrypoint: main
templates:
- name: main
  inputs: {artifacts: [{name: m, raw: {data: "kind: ConfigMap"}}]}
  resource: {action: apply, manifest: "kind: ConfigMap", manifestFrom: {artifact: {name: m}}}
`, []wantError{{"spec.templates[0].resource.manifestFrom", forbidden, "cannot both be set"}}},
		{"resource merge strategy not supported", `
entrypoint: main
templates:
- name: main
  resource: {action: patch, mergeStrategy: deep, manifest: "kind: ConfigMap"}
`, []wantError{{"spec.templates[0].resource.mergeStrategy", notSupported, `"strategic", "merge", "json"`}}},
		{"container set dependency not found", `
entrypoint: main
templates:
- name: main
  containerSet:
    containers:
    - {name: a, image: alpine}
    - {name: b, image: alpine, dependencies: [c]}
`, []wantError{{"spec.templates[0].containerSet.containers[1].dependencies[0]", notFound, `no container named "c"`}}},
		{"container set duplicate names", `
entrypoint: main
templates:
- name: main
  containerSet:
    containers:
    - {name: a, image: alpine}
    - {name: a, image: alpine}
`, []wantError{{"spec.templates[0].containerSet.containers[1].name", duplicate, "a"}}},
		{"http without url", `
entrypoint: main
templates:
- name: main
  http: {method: GET}
`, []wantError{{"spec.templates[0].http.url", required, "give the URL"}}},
		{"init container without name", `
entrypoint: main
templates:
- name: main
  initContainers: [{image: alpine}]
  container: {image: alpine}
`, []wantError{{"spec.templates[0].initContainers[0].name", required, "needs a name"}}},
		{"data transformation without expression", `
entrypoint: main
templates:
- name: main
  data:
    source: {artifactPaths: {name: files, s3: {bucket: b}}}
    transformation: [{expression: ""}]
`, []wantError{{"spec.templates[0].data.transformation[0].expression", required, "give the expression"}}},
	})
}
