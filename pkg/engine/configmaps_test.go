package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// fakeConfigMaps holds ConfigMap keys by "namespace/name"; a name in
// unlabelled exists but may not be read.
type fakeConfigMaps struct {
	data       map[string]map[string]string
	unlabelled map[string]bool
}

func (f fakeConfigMaps) ConfigMapKey(namespace, name, key string) (string, error) {
	full := namespace + "/" + name
	if f.unlabelled[full] {
		return "", fmt.Errorf("ConfigMap %s does not hold parameters", full)
	}
	cm, ok := f.data[full]
	if !ok {
		return "", fmt.Errorf("ConfigMap %s does not exist: %w", full, ErrConfigMapKeyNotFound)
	}
	v, ok := cm[key]
	if !ok {
		return "", fmt.Errorf("ConfigMap %s has no key %q: %w", full, key, ErrConfigMapKeyNotFound)
	}
	return v, nil
}

func TestConfigMapParameters(t *testing.T) {
	configMaps := fakeConfigMaps{
		data: map[string]map[string]string{
			"default/simple-parameters": {"msg": "hello from the ConfigMap", "other": "other value"},
			"default/params-large":      {"size": "42"},
		},
		unlabelled: map[string]bool{"default/secret-ish": true},
	}
	cases := []struct {
		name, arguments, inputs, stepArgs string
		reader                            ConfigMapReader
		want, err                         string
	}{{
		name:      "a workflow parameter",
		arguments: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: msg}}}]`,
		inputs:    `[{name: message, value: "{{workflow.parameters.message}}"}]`,
		want:      "hello from the ConfigMap",
	}, {
		name:   "an input parameter",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: msg}}}]`,
		want:   "hello from the ConfigMap",
	}, {
		name:     "an argument naming a ConfigMap key overrides the input's",
		inputs:   `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: msg}}}]`,
		stepArgs: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: other}}}]`,
		want:     "other value",
	}, {
		name:     "an argument's value overrides the input's ConfigMap key",
		inputs:   `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: msg}}}]`,
		stepArgs: `[{name: message, value: given}]`,
		want:     "given",
	}, {
		name:      "names and keys take workflow variables",
		arguments: `[{name: kind, value: large}, {name: message, valueFrom: {configMapKeyRef: {name: "params-{{workflow.parameters.kind}}", key: size}}}]`,
		inputs:    `[{name: message, value: "{{workflow.parameters.message}}"}]`,
		want:      "42",
	}, {
		name:   "a missing key falls back on valueFrom.default",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: nope}, default: fallback}}]`,
		want:   "fallback",
	}, {
		name:      "a missing ConfigMap falls back on valueFrom.default",
		arguments: `[{name: message, valueFrom: {configMapKeyRef: {name: absent, key: msg}, default: fallback}}]`,
		inputs:    `[{name: message, value: "{{workflow.parameters.message}}"}]`,
		want:      "fallback",
	}, {
		name:   "an optional missing key is empty",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: absent, key: msg, optional: true}}}]`,
		want:   "",
	}, {
		name:      "a missing ConfigMap fails the workflow",
		arguments: `[{name: message, valueFrom: {configMapKeyRef: {name: absent, key: msg}}}]`,
		inputs:    `[{name: message, value: "{{workflow.parameters.message}}"}]`,
		err:       `spec.arguments.parameters "message": valueFrom.configMapKeyRef: ConfigMap default/absent does not exist`,
	}, {
		name:   "a missing key fails the node",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: nope}}}]`,
		err:    `input parameter "message": valueFrom.configMapKeyRef: ConfigMap default/simple-parameters has no key "nope"`,
	}, {
		name:   "a ConfigMap that may not be read fails even with a default",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: secret-ish, key: msg}, default: fallback}}]`,
		err:    "ConfigMap default/secret-ish does not hold parameters",
	}, {
		name:   "without a reader",
		inputs: `[{name: message, valueFrom: {configMapKeyRef: {name: simple-parameters, key: msg}}}]`,
		reader: nilReader{},
		err:    "this controller reads no ConfigMaps",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.arguments == "" {
				c.arguments = "[]"
			}
			if c.stepArgs == "" {
				c.stepArgs = "[]"
			}
			wf := decodeWorkflow(t, fmt.Sprintf(`
metadata: {name: cm}
spec:
  entrypoint: main
  arguments: {parameters: %s}
  templates:
  - name: main
    steps:
    - - {name: print, template: print, arguments: {parameters: %s}}
  - name: print
    inputs: {parameters: %s}
    container: {image: busybox, command: [echo, "{{inputs.parameters.message}}"]}
`, c.arguments, c.stepArgs, c.inputs))
			var reader ConfigMapReader = configMaps
			if c.reader != nil {
				reader = nil
			}
			d := Reconcile(wf, Observed{ConfigMaps: reader}, start, testConfig)
			if c.err != "" {
				message := d.Status.Message
				for _, n := range d.Status.Nodes {
					if n.Type == v1alpha1.NodeTypePod {
						message = n.Message
					}
				}
				if !strings.Contains(message, c.err) || len(d.CreatePods) != 0 {
					t.Fatalf("message %q, %d pods; want an error containing %q", message, len(d.CreatePods), c.err)
				}
				return
			}
			if len(d.CreatePods) != 1 {
				t.Fatalf("no pod: %s", d.Status.Message)
			}
			expectEqual(t, "command", mainCommand(d.CreatePods[0]), []string{"echo", c.want})
		})
	}
}

// nilReader marks the case without a ConfigMap reader.
type nilReader struct{}

func (nilReader) ConfigMapKey(string, string, string) (string, error) { return "", nil }
