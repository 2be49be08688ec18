package engine

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// badRunHeader starts every workflow of the bad-input table.
const badRunHeader = `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  name: bad
spec:
`

// echoTemplate is a container template named echo.
const echoTemplate = `
  - name: echo
    container: {image: busybox, command: [echo]}
`

// deepJSONList is a JSON list nested 10,000 deep.
var deepJSONList = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)

// failingPods end every pod with exit code 1.
func failingPods(*corev1.Pod) outcome { return outcome{phase: corev1.PodFailed, exitCode: 1} }

// badRuns are the workflows the apiserver admits but that cannot succeed.
func badRuns() []badRun {
	return []badRun{
		{name: "recursion-without-end", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: again, template: main}
`},
		{name: "exit-handler-recursion", yaml: badRunHeader + `
  entrypoint: echo
  onExit: loop
  templates:
  - name: loop
    steps:
    - - {name: again, template: loop}
` + echoTemplate},
		{name: "withparam-not-json", message: "withParam value could not be parsed as a JSON list", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: list, value: "not json"}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: echo, withParam: "{{workflow.parameters.list}}"}
` + echoTemplate},
		{name: "withparam-object", message: "withParam value could not be parsed as a JSON list", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: list, value: '{"a": 1}'}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: loop, template: echo, withParam: "{{workflow.parameters.list}}"}
` + echoTemplate},
		{name: "withparam-nested-10001-deep", message: "withParam value could not be parsed as a JSON list", params: map[string]string{"list": "[" + deepJSONList + "]"}, yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: list, value: "[]"}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: echo, withParam: "{{workflow.parameters.list}}"}
` + echoTemplate},
		{name: "withparam-invalid-utf8", message: "withParam value could not be parsed as a JSON list", params: map[string]string{"list": "[\"a\xff\", \xfe]"}, yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: list, value: "[]"}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: echo, withParam: "{{workflow.parameters.list}}"}
` + echoTemplate},
		{name: "when-broken-by-parameter", message: "invalid 'when' expression '1 + == 2'", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: x, value: "1 +"}]}
  templates:
  - name: main
    steps:
    - - {name: maybe, template: echo, when: "{{workflow.parameters.x}} == 2"}
` + echoTemplate},
		{name: "when-invalid-utf8", message: "invalid 'when' expression", params: map[string]string{"x": "(\xff\xfe"}, yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: x, value: "1"}]}
  templates:
  - name: main
    steps:
    - - {name: maybe, template: echo, when: "{{workflow.parameters.x}} == 2"}
` + echoTemplate},
		{name: "when-unknown-function", message: "invalid 'when' expression 'nosuchfunction(1) == 1'", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: maybe, template: echo, when: "nosuchfunction(1) == 1"}
` + echoTemplate},
		{name: "expression-unknown-function", message: "unknown name nosuchfunction", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "{{=nosuchfunction(1)}}"]}
`},
		{name: "expression-syntax-error", message: "unable to resolve {{=asInt(1 +}}", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "{{=asInt(1 + }}"]}
`},
		{name: "expression-reads-environment", message: "unable to resolve {{=sprig.env('HOME')}}", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "{{=sprig.env('HOME')}}"]}
`},
		{name: "expression-expands-environment", message: "unable to resolve {{=sprig.expandenv('$HOME')}}", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "{{=sprig.expandenv('$HOME')}}"]}
`},
		{name: "expression-reads-file", message: "unknown name readFile", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "{{=readFile('/etc/passwd')}}"]}
`},
		{name: "retry-limit-not-number", message: "retryStrategy.limit", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: num, value: three}]}
  templates:
  - name: main
    retryStrategy: {limit: "{{workflow.parameters.num}}"}
    container: {image: busybox, command: [echo]}
`, outcome: failingPods},
		{name: "retry-limit-negative", message: "retryStrategy.limit is -1", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: num, value: "-1"}]}
  templates:
  - name: main
    retryStrategy: {limit: "{{workflow.parameters.num}}"}
    container: {image: busybox, command: [echo]}
`, outcome: failingPods},
		{name: "sequence-count-not-number", message: "withSequence.count \"lots\" is not a whole number", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: num, value: lots}]}
  templates:
  - name: main
    steps:
    - - {name: loop, template: echo, withSequence: {count: "{{workflow.parameters.num}}"}}
` + echoTemplate},
		{name: "suspend-duration-not-duration", message: "suspend.duration: \"forever\" is neither a duration", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: d, value: forever}]}
  templates:
  - name: main
    suspend: {duration: "{{workflow.parameters.d}}"}
`},
		{name: "timeout-not-duration", message: "template timeout: \"until done\" is neither a duration", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: d, value: "until done"}]}
  templates:
  - name: main
    timeout: "{{workflow.parameters.d}}"
    container: {image: busybox, command: [echo]}
`},
		{name: "active-deadline-not-number", message: "activeDeadlineSeconds \"an hour\" is not a whole number of seconds", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: d, value: "an hour"}]}
  templates:
  - name: main
    activeDeadlineSeconds: "{{workflow.parameters.d}}"
    container: {image: busybox, command: [echo]}
`},
		{name: "templateref-not-resolved", message: "shared", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: call
        templateRef: {name: shared, template: echo}
`},
		{name: "workflowtemplateref-not-resolved", message: "spec.workflowTemplateRef \"shared\" is not resolved", yaml: badRunHeader + `
  workflowTemplateRef: {name: shared}
`},
		{name: "pod-spec-patch-not-json", message: "podSpecPatch is neither JSON nor YAML", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: patch, value: "{not json"}]}
  templates:
  - name: main
    podSpecPatch: "{{workflow.parameters.patch}}"
    container: {image: busybox, command: [echo]}
`},
		{name: "argument-not-in-callee-enum", message: "value \"purple\" is not one of the enum values red, green", yaml: badRunHeader + `
  entrypoint: main
  arguments: {parameters: [{name: color, value: purple}]}
  templates:
  - name: main
    steps:
    - - name: paint
        template: paint
        arguments: {parameters: [{name: color, value: "{{workflow.parameters.color}}"}]}
  - name: paint
    inputs: {parameters: [{name: color, enum: [red, green]}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.color}}"]}
`},
		{name: "output-parameter-never-written", message: "output parameter \"answer\": open /tmp/answer: no such file or directory", yaml: badRunHeader + `
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo]}
    outputs:
      parameters:
      - name: answer
        valueFrom: {path: /tmp/answer}
`, outcome: func(*corev1.Pod) outcome {
			return outcome{missing: map[string]string{"answer": "open /tmp/answer: no such file or directory"}}
		}},
	}
}
