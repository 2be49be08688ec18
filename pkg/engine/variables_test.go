package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// TestVariables evaluates each variable of Argo's variables.md, as a simple
// tag and inside expressions, in a step that runs after a loop and a
// skipped step, with a retry strategy.
func TestVariables(t *testing.T) {
	created := start.Add(-time.Minute)
	cases := []struct{ ref, want string }{
		{"{{workflow.name}}", "vars"},
		{"{{workflow.namespace}}", "default"},
		{"{{workflow.uid}}", "1f6c5c1e-uid"},
		{"{{workflow.serviceAccountName}}", "runner"},
		{"{{workflow.mainEntrypoint}}", "main"},
		{"{{workflow.priority}}", "3"},
		{"{{workflow.scheduledTime}}", "2026-03-10T10:05:00Z"},
		{"{{workflow.creationTimestamp}}", "2026-05-01T11:59:00Z"},
		{"{{workflow.creationTimestamp.RFC3339}}", "2026-05-01T11:59:00Z"},
		{"{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}", "2026-05-01"},
		{"{{workflow.creationTimestamp.y}} {{workflow.creationTimestamp.B}} {{workflow.creationTimestamp.b}}", "26 May May"},
		{"{{workflow.creationTimestamp.A}} {{workflow.creationTimestamp.a}}", "Friday Fri"},
		{"{{workflow.creationTimestamp.H}}:{{workflow.creationTimestamp.M}}:{{workflow.creationTimestamp.S}}{{workflow.creationTimestamp.L}}", "11:59:00.000"},
		{"{{workflow.creationTimestamp.I}}{{workflow.creationTimestamp.p}} {{workflow.creationTimestamp.Z}} {{workflow.creationTimestamp.z}}", "11AM UTC +0000"},
		{"{{workflow.creationTimestamp.s}}", strconv.FormatInt(created.Unix(), 10)},
		{"{{workflow.labels.team}}", "data"},
		{"{{workflow.labels.json}}", `{"team":"data"}`},
		{"{{workflow.labels}}", `{"team":"data"}`},
		{"{{workflow.annotations.owner}}", "me"},
		{"{{workflow.annotations.json}}", `{"owner":"me","weft.dev/scheduled-time":"2026-03-10T10:05:00Z"}`},
		{"{{workflow.parameters.size}}", "large"},
		{"{{workflow.parameters.json}}", `[{"name":"size","value":"large"},{"name":"cfg","value":"{\"a\": {\"b\": 2}}"}]`},
		{"{{workflow.parameters}}", `[{"name":"size","value":"large"},{"name":"cfg","value":"{\"a\": {\"b\": 2}}"}]`},
		{"{{inputs.parameters.each}}", `["v1","v2"]`},
		{"{{inputs.parameters.all}}", `[{"p":"v1"},{"p":"v2"}]`},
		{"{{inputs.parameters.fallback}}", "none"},
		{"{{inputs.parameters.skipped}}", "Skipped"},
		{"[{{inputs.parameters.skipped-result}}]", "[]"},
		{"{{node.name}}", "vars[1].use(0)"},
		{"{{pod.name}}", "vars-use-"},
		{"{{retries}}", "0"},
		{"{{steps.name}}", "use"},
		{"{{=steps.name + '!'}}", "use!"},
		{"{{=jsonpath(workflow.parameters.cfg, '$.a.b') + 1}}", "3"},
		{"{{=jsonpath(workflow.parameters.json, '$[0].value')}}", "large"},
		{"{{=jsonpath(workflow.labels.json, '$.team')}}", "data"},
		{"{{=workflow.labels.team + '/' + workflow.annotations.owner}}", "data/me"},
		{"{{=workflow.creationTimestamp.Y}}", "2026"},
		{"{{=asInt(workflow.creationTimestamp.s) > 0}}", "true"},
		{"{{=sprig.upper(workflow.mainEntrypoint)}}", "MAIN"},
		{"{{=inputs.parameters['fallback']}}", "none"},
		{"{{=jsonpath(inputs.parameters.all, '$[1].p')}}", "v2"},
		{"{{=node.name}}", "vars[1].use(0)"},
		{"{{=retries}}", "0"},
	}
	args := make([]string, len(cases))
	for i, c := range cases {
		quoted, _ := json.Marshal(c.ref)
		args[i] = string(quoted)
	}
	wf := decodeWorkflow(t, fmt.Sprintf(`
metadata:
  name: vars
  labels: {team: data}
  annotations: {owner: me, "weft.dev/scheduled-time": "2026-03-10T10:05:00Z"}
spec:
  entrypoint: main
  serviceAccountName: runner
  priority: 3
  arguments: {parameters: [{name: size, value: large}, {name: cfg, value: '{"a": {"b": 2}}'}]}
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
        arguments: {parameters: [{name: num, value: "{{item}}"}]}
        withItems: ["1", "2"]
      - name: skipped
        template: gen
        when: "1 == 2"
        arguments: {parameters: [{name: num, value: "0"}]}
    - - name: use
        template: use
        arguments:
          parameters:
          - {name: all, value: "{{steps.gen.outputs.parameters}}"}
          - {name: each, value: "{{steps.gen.outputs.parameters.p}}"}
          - {name: fallback, value: "{{=steps.skipped.outputs.parameters.p ?? 'none'}}"}
          - {name: skipped, value: "{{steps.skipped.status}}"}
          - {name: skipped-result, value: "{{steps.skipped.outputs.result}}{{steps.skipped.outputs.parameters.p}}"}
  - name: gen
    inputs: {parameters: [{name: num}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.num}}"]}
    outputs: {parameters: [{name: p, valueFrom: {path: /p}}]}
  - name: use
    inputs: {parameters: [{name: all}, {name: each}, {name: fallback}, {name: skipped}, {name: skipped-result}]}
    retryStrategy: {limit: 1}
    container: {image: busybox, command: [echo], args: [%s]}
`, strings.Join(args, ", ")))
	s := newSim(t, wf)
	s.outcome = func(p *corev1.Pod) outcome {
		cmd := mainCommand(p)
		if len(cmd) == 2 {
			return outcome{params: map[string]string{"p": "v" + cmd[1]}}
		}
		return outcome{}
	}
	s.run()
	if s.wf.Status.Phase != "Succeeded" {
		t.Fatalf("workflow %s", s.dump())
	}
	got := mainCommand(s.pod("vars[1].use(0)"))[1:]
	if len(got) != len(cases) {
		t.Fatalf("args %q", got)
	}
	for i, c := range cases {
		want := c.want
		if c.ref == "{{pod.name}}" {
			if !strings.HasPrefix(got[i], want) || got[i] != s.pod("vars[1].use(0)").Name {
				t.Errorf("%s = %q, want the pod's name %q", c.ref, got[i], s.pod("vars[1].use(0)").Name)
			}
			continue
		}
		if got[i] != want {
			t.Errorf("%s = %q, want %q", c.ref, got[i], want)
		}
	}
	if n := s.pod("vars[1].use(0)").Labels[podspec.LabelWorkflow]; n != "vars" {
		t.Errorf("pod label %q", n)
	}
}

func TestTaskName(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: tasks}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: first-task, template: say}
  - name: say
    container: {image: busybox, command: [echo, "{{tasks.name}}"]}
`)
	d := Reconcile(wf, Observed{}, start, testConfig)
	if len(d.CreatePods) != 1 {
		t.Fatalf("no pod: %s", nodeMessages(d))
	}
	expectEqual(t, "command", mainCommand(d.CreatePods[0]), []string{"echo", "first-task"})
}
