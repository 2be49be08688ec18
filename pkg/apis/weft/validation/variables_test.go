package validation_test

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// leafTemplate is a template named "leaf" of each kind of work, with an input
// parameter p, an input artifact in, an output parameter out and an output
// artifact art where its kind has them, and VAR where a variable goes.
var leafTemplates = map[string]string{
	"container": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
      artifacts: [{name: in, path: /tmp/in, raw: {data: x}}]
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      artifacts: [{name: art, path: /tmp/art}]
    container:
      image: busybox
      args: ["VAR"]`,
	"script": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
      artifacts: [{name: in, path: /tmp/in, raw: {data: x}}]
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      artifacts: [{name: art, path: /tmp/art}]
    script:
      image: busybox
      command: [sh]
      source: echo "VAR"`,
	"resource": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
    outputs:
      parameters: [{name: out, valueFrom: {jsonPath: "{.metadata.name}"}}]
    resource:
      action: create
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          generateName: x-
          annotations: {a: "VAR"}`,
	"suspend": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
    suspend:
      duration: "VAR"`,
	"http": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
    http:
      url: "http://example.test/VAR"
      successCondition: "response.statusCode == 200 && response.body != ''"`,
	"containerSet": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
      artifacts: [{name: in, path: /tmp/in, raw: {data: x}}]
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      artifacts: [{name: art, path: /tmp/art}]
    containerSet:
      containers:
      - name: main
        image: busybox
        args: ["VAR"]`,
	"data": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
    data:
      source:
        artifactPaths:
          name: files
          s3: {bucket: b, key: "VAR"}
      transformation:
      - expression: "filter(data, {# endsWith '.txt'})"`,
	"plugin": `
  - name: leaf
    inputs:
      parameters: [{name: p, value: "1"}]
    plugin:
      hello:
        text: "VAR"`,
}

// leafVariables are variables Argo's variables reference allows in every
// template, or in templates that run a pod, each with the kinds it needs.
var leafVariables = []struct {
	variable string
	kinds    []string
}{
	{"{{inputs.parameters.p}}", nil},
	{"{{inputs.parameters}}", nil},
	{"{{node.name}}", nil},
	{"{{workflow.name}}", nil},
	{"{{workflow.namespace}}", nil},
	{"{{workflow.mainEntrypoint}}", nil},
	{"{{workflow.serviceAccountName}}", nil},
	{"{{workflow.uid}}", nil},
	{"{{workflow.parameters.g}}", nil},
	{"{{workflow.parameters}}", nil},
	{"{{workflow.parameters.json}}", nil},
	{"{{workflow.annotations.team}}", nil},
	{"{{workflow.annotations.json}}", nil},
	{"{{workflow.labels.team}}", nil},
	{"{{workflow.labels.json}}", nil},
	{"{{workflow.creationTimestamp}}", nil},
	{"{{workflow.creationTimestamp.Y}}", nil},
	{"{{workflow.creationTimestamp.RFC3339}}", nil},
	{"{{workflow.priority}}", nil},
	{"{{workflow.duration}}", nil},
	{"{{workflow.scheduledTime}}", nil},
	{"{{workflow.outputs.parameters.g-out}}", nil},
	{"{{workflow.outputs.artifacts.g-art}}", nil},
	{"{{steps.name}}", nil},
	{"{{tasks.name}}", nil},
	{"{{=inputs.parameters.p + 'x'}}", nil},
	{"{{=sprig.upper(workflow.name)}}", nil},
	{"{{pod.name}}", []string{"container", "script", "containerSet"}},
	{"{{retries}}", []string{"container", "script", "containerSet"}},
	{"{{inputs.artifacts.in.path}}", []string{"container", "script", "containerSet"}},
	{"{{outputs.artifacts.art.path}}", []string{"container", "script", "containerSet"}},
	{"{{outputs.parameters.out.path}}", []string{"container", "script", "containerSet"}},
}

// callers run the leaf template from each kind of caller, with the
// variables of the caller's kind in the arguments it passes.
var callers = map[string]string{
	"entrypoint": `
  - name: main
    steps:
    - - name: s
        template: leaf`,
	"steps": `
  - name: main
    steps:
    - - name: s
        template: leaf
        arguments:
          parameters: [{name: p, value: "{{steps.name}}"}]`,
	"dag": `
  - name: main
    dag:
      tasks:
      - name: t
        template: leaf
        arguments:
          parameters: [{name: p, value: "{{tasks.name}}"}]`,
}

// workflowWithLeaf is a workflow whose entrypoint calls the leaf template,
// with the global parameter g and the global outputs g-out and g-art.
func workflowWithLeaf(caller, leaf string) string {
	return `
entrypoint: main
arguments:
  parameters: [{name: g, value: v}]
templates:` + caller + leaf + `
  - name: global-outputs
    outputs:
      parameters: [{name: o, globalName: g-out, valueFrom: {path: /tmp/o}}]
      artifacts: [{name: a, globalName: g-art, path: /tmp/a}]
    container: {image: busybox}
`
}

// TestEveryVariableInEveryTemplateKind checks that each variable of Argo's
// variables reference is accepted in each kind of template that has it,
// whichever kind of template calls it.
func TestEveryVariableInEveryTemplateKind(t *testing.T) {
	for kind, leaf := range leafTemplates {
		for _, v := range leafVariables {
			if v.kinds != nil && !strings.Contains(" "+strings.Join(v.kinds, " ")+" ", " "+kind+" ") {
				continue
			}
			for callerKind, caller := range callers {
				t.Run(kind+"/"+callerKind+"/"+v.variable, func(t *testing.T) {
					spec := workflowWithLeaf(caller, strings.ReplaceAll(leaf, "VAR", v.variable))
					expectErrors(t, validation.ValidateWorkflow(workflowWith(t, spec)))
				})
			}
		}
	}
}

// TestNodeVariables checks the variables a step or task may read of an
// earlier one, in each field of the later step or task Argo allows them in.
func TestNodeVariables(t *testing.T) {
	fields := []string{"id", "ip", "status", "exitCode", "startedAt", "finishedAt", "hostNodeName",
		"outputs.result", "outputs.parameters", "outputs.parameters.out"}
	produce := `
  - name: produce
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
      artifacts: [{name: art, path: /tmp/art}]
    container: {image: busybox}
  - name: consume
    inputs:
      parameters: [{name: p}]
      artifacts: [{name: a, path: /tmp/a}]
    container: {image: busybox, args: ["{{inputs.parameters.p}}"]}
`
	for _, f := range fields {
		steps := `
entrypoint: main
templates:
  - name: main
    steps:
    - - name: first
        template: produce
    - - name: second
        template: consume
        when: "'{{steps.first.FIELD}}' != ''"
        arguments:
          parameters: [{name: p, value: "{{steps.first.FIELD}}"}]
          artifacts: [{name: a, from: "{{steps.first.outputs.artifacts.art}}"}]
    outputs:
      parameters: [{name: r, valueFrom: {parameter: "{{steps.second.FIELD}}"}}]
` + produce
		dag := `
entrypoint: main
templates:
  - name: main
    dag:
      tasks:
      - name: first
        template: produce
      - name: second
        template: consume
        depends: first
        when: "'{{tasks.first.FIELD}}' != ''"
        arguments:
          parameters: [{name: p, value: "{{tasks.first.FIELD}}"}]
          artifacts: [{name: a, from: "{{tasks.first.outputs.artifacts.art}}"}]
    outputs:
      parameters: [{name: r, valueFrom: {parameter: "{{tasks.second.FIELD}}"}}]
` + produce
		for name, spec := range map[string]string{"steps": steps, "dag": dag} {
			t.Run(name+"/"+f, func(t *testing.T) {
				expectErrors(t, validation.ValidateWorkflow(workflowWith(t, strings.ReplaceAll(spec, "FIELD", f))))
			})
		}
	}
}

// TestLoopRetryMetricAndExitVariables checks the variables of loops, retry
// strategies, metrics and exit handlers where Argo sets them.
func TestLoopRetryMetricAndExitVariables(t *testing.T) {
	cases := map[string]string{
		"item and item fields": `
entrypoint: main
templates:
  - name: main
    steps:
    - - name: each
        template: echo
        arguments: {parameters: [{name: p, value: "{{item}}"}]}
        withItems: [a, b]
      - name: maps
        template: echo
        arguments: {parameters: [{name: p, value: "{{item.name}}"}]}
        withItems: [{name: a}]
      - name: param
        template: echo
        arguments: {parameters: [{name: p, value: "{{item.anything}}"}]}
        withParam: '[{"anything": 1}]'
      - name: sequence
        template: echo
        arguments: {parameters: [{name: p, value: "{{item}}"}]}
        withSequence: {count: "3"}
  - name: echo
    inputs: {parameters: [{name: p}]}
    container: {image: busybox, args: ["{{inputs.parameters.p}}"]}
`,
		"retry variables": `
entrypoint: main
templates:
  - name: main
    retryStrategy:
      limit: "3"
      expression: "lastRetry.status == 'Error' || asInt(lastRetry.exitCode) > 1 || lastRetry.duration < 10 || lastRetry.message != ''"
    container:
      image: busybox
      args: ["{{retries}}", "{{lastRetry.exitCode}}", "{{lastRetry.status}}", "{{lastRetry.duration}}", "{{lastRetry.message}}"]
`,
		"metric variables": `
entrypoint: main
templates:
  - name: main
    inputs: {parameters: [{name: p, value: "1"}]}
    outputs:
      parameters: [{name: out, valueFrom: {path: /tmp/out}}]
    container: {image: busybox}
    metrics:
      prometheus:
      - name: result
        help: every variable a template metric may use
        labels:
        - {key: status, value: "{{status}}"}
        - {key: input, value: "{{inputs.parameters.p}}"}
        - {key: output, value: "{{outputs.parameters.out}}"}
        - {key: result, value: "{{outputs.result}}"}
        - {key: code, value: "{{exitCode}}"}
        - {key: retries, value: "{{retries}}"}
        when: "{{status}} == Succeeded"
        gauge: {value: "{{duration}}"}
      - name: cpu
        help: resources
        counter: {value: "{{resourcesDuration.cpu}}"}
      - name: memory
        help: resources
        gauge: {realtime: true, value: "{{resourcesDuration.memory}}"}
`,
		"workflow metric and exit handler variables": `
entrypoint: main
onExit: exit
metrics:
  prometheus:
  - name: duration
    help: the workflow's duration
    labels: [{key: status, value: "{{workflow.status}}"}]
    gauge: {realtime: true, value: "{{workflow.duration}}"}
templates:
  - name: main
    container: {image: busybox}
  - name: exit
    container:
      image: busybox
      args: ["{{workflow.status}}", "{{workflow.failures}}", "{{workflow.duration}}"]
`,
	}
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			expectErrors(t, validation.ValidateWorkflow(workflowWith(t, spec)))
		})
	}
}

// TestCronWorkflowVariables checks the cronworkflow variables in the
// workflow a CronWorkflow creates.
func TestCronWorkflowVariables(t *testing.T) {
	spec := `
schedules: ["0 * * * *"]
workflowSpec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox
      args:
      - "{{cronworkflow.name}}"
      - "{{cronworkflow.namespace}}"
      - "{{cronworkflow.labels.team}}"
      - "{{cronworkflow.labels.json}}"
      - "{{cronworkflow.annotations.team}}"
      - "{{cronworkflow.annotations.json}}"
      - "{{cronworkflow.lastScheduledTime}}"
      - "{{cronworkflow.failed}}"
      - "{{cronworkflow.succeeded}}"
      - "{{workflow.scheduledTime}}"
`
	expectErrors(t, validation.ValidateCronWorkflow(cronWith(t, spec)))
}
