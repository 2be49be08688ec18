package engine

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestPodSpecPatchReferences(t *testing.T) {
	cases := []struct {
		name, workflowPatch, templatePatch string
		cpu, memory, err                   string
	}{{
		name:          "workflow parameters in both patches",
		workflowPatch: `"containers: [{name: main, resources: {limits: {memory: '{{workflow.parameters.mem-limit}}'}}}]"`,
		templatePatch: `'{"containers":[{"name":"main", "resources":{"limits":{"cpu": "{{workflow.parameters.cpu-limit}}" }}}]}'`,
		cpu:           "100m", memory: "100Mi",
	}, {
		name:          "an input parameter in the template's patch",
		templatePatch: `'{"containers":[{"name":"main", "resources":{"limits":{"cpu": "{{inputs.parameters.cpu}}", "memory": "{{=inputs.parameters.mem + ''Mi''}}"}}}]}'`,
		cpu:           "250m", memory: "64Mi",
	}, {
		name:          "an unknown parameter",
		workflowPatch: `"containers: [{name: main, resources: {limits: {memory: '{{workflow.parameters.nope}}'}}}]"`,
		err:           "unable to resolve {{workflow.parameters.nope}}",
	}, {
		name:          "a value that is no quantity",
		templatePatch: `'{"containers":[{"name":"main", "resources":{"limits":{"cpu": "{{inputs.parameters.mem}}x"}}}]}'`,
		err:           "podSpecPatch",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := `
metadata: {name: patch}
spec:
  entrypoint: main
  arguments: {parameters: [{name: cpu-limit, value: 100m}, {name: mem-limit, value: 100Mi}]}
  podSpecPatch: WORKFLOW
  templates:
  - name: main
    steps:
    - - {name: run, template: run, arguments: {parameters: [{name: cpu, value: 250m}, {name: mem, value: "64"}]}}
  - name: run
    inputs: {parameters: [{name: cpu}, {name: mem}]}
    podSpecPatch: TEMPLATE
    container: {image: busybox, command: [echo]}
`
			text = strings.NewReplacer("WORKFLOW", orEmpty(c.workflowPatch), "TEMPLATE", orEmpty(c.templatePatch)).Replace(text)
			d := Reconcile(decodeWorkflow(t, text), Observed{}, start, testConfig)
			if c.err != "" {
				if len(d.CreatePods) != 0 || !strings.Contains(nodeMessages(d), c.err) {
					t.Fatalf("%d pods, messages %q; want an error containing %q", len(d.CreatePods), nodeMessages(d), c.err)
				}
				return
			}
			if len(d.CreatePods) != 1 {
				t.Fatalf("no pod: %s", nodeMessages(d))
			}
			limits := d.CreatePods[0].Spec.Containers[0].Resources.Limits
			expectEqual(t, "cpu", limits[corev1.ResourceCPU], resource.MustParse(c.cpu))
			expectEqual(t, "memory", limits[corev1.ResourceMemory], resource.MustParse(c.memory))
		})
	}
}

func orEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// nodeMessages are the workflow's and its nodes' messages.
func nodeMessages(d Decision) string {
	messages := []string{d.Status.Message}
	for _, n := range d.Status.Nodes {
		messages = append(messages, n.Message)
	}
	return strings.Join(messages, "; ")
}

func TestPodMetadataReferences(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: meta}
spec:
  entrypoint: main
  arguments: {parameters: [{name: team, value: data}]}
  podMetadata:
    labels: {team: "{{workflow.parameters.team}}"}
    annotations: {run: "{{=workflow.name + '-' + inputs.parameters.size}}"}
  templates:
  - name: main
    inputs: {parameters: [{name: size, value: large}]}
    metadata: {labels: {size: "{{inputs.parameters.size}}"}}
    container: {image: busybox, command: [echo]}
`)
	d := Reconcile(wf, Observed{}, start, testConfig)
	if len(d.CreatePods) != 1 {
		t.Fatalf("no pod: %s", nodeMessages(d))
	}
	p := d.CreatePods[0]
	expectEqual(t, "team", p.Labels["team"], "data")
	expectEqual(t, "size", p.Labels["size"], "large")
	expectEqual(t, "run", p.Annotations["run"], "meta-large")
}
