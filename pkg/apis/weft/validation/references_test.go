package validation

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

func TestScanReferences(t *testing.T) {
	cases := []struct {
		in     string
		bodies []string
		err    string
	}{
		{"no references", nil, ""},
		{`{"a": {"b": 1}}`, nil, ""},
		{"{{ inputs.parameters.x }}-{{=1 + 2}}", []string{"inputs.parameters.x", "=1 + 2"}, ""},
		{`{"a":{{item}}}`, []string{"item"}, ""},
		{"{{}}", []string{""}, ""},
		{"ok {{item}} then {{item", []string{"item"}, `"{{" at position 18 is never closed`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			tokens, err := scanReferences(tc.in)
			var bodies []string
			for _, tok := range tokens {
				bodies = append(bodies, tok.body)
			}
			if strings.Join(bodies, "|") != strings.Join(tc.bodies, "|") {
				t.Errorf("bodies = %q, want %q", bodies, tc.bodies)
			}
			if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("err = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestReferenceScope(t *testing.T) {
	inputs := &weft.Inputs{
		Parameters: []weft.Parameter{{Name: "msg"}},
		Artifacts:  []weft.Artifact{{Name: "data"}},
	}
	steps := &nameScope{template: "main", all: map[string]bool{"a": true, "b": true}, visible: map[string]bool{"a": true}, hiddenHint: laterStepHint}
	sc := &refScope{template: "main", inputs: inputs, steps: steps, loop: &loopScope{keys: []string{"image", "tag"}}, globals: map[string]bool{"env": true}}
	cases := []struct {
		body string
		want string
	}{
		{"inputs.parameters.msg", ""},
		{"inputs.parameters", ""},
		{"inputs.artifacts.data", ""},
		{"inputs.artifacts.data.path", ""},
		{"inputs.parameters.other", `declares no input parameter "other"`},
		{"inputs.parameters.msg.path", "or {{inputs.artifacts.NAME.path}}"},
		{"inputs.artifacts.other", `declares no input artifact "other"`},
		{"inputs.files.x", "use {{inputs.parameters.NAME}}"},
		{"outputs.parameters.x", ""},
		{"outputs", "name a field of outputs"},
		{"workflow.name", ""},
		{"workflow.uid", ""},
		{"workflow.mainEntrypoint", ""},
		{"workflow.scheduledTime", ""},
		{"workflow.creationTimestamp.RFC3339", ""},
		{"workflow.labels.app.kubernetes.io/name", ""},
		{"workflow.annotations.note", ""},
		{"workflow.parameters", ""},
		{"workflow.parameters.json", ""},
		{"workflow.parameters.env", ""},
		{"workflow.parameters.region", `no parameter "region"`},
		{"workflow.outputs.parameters.x", ""},
		{"workflow.outputs.x", "use {{workflow.outputs.parameters.NAME}}"},
		{"workflow.name.first", "takes nothing after it"},
		{"workflow", "name a workflow variable"},
		{"item", ""},
		{"item.image", ""},
		{"item.tag.major", ""},
		{"item.os", `no withItems item has the key "os"`},
		{"steps.a.outputs.result", ""},
		{"steps.a.outputs.parameters.p", ""},
		{"steps.a.outputs.artifacts.p", ""},
		{"steps.a.exitCode", ""},
		{"steps.a.ip", ""},
		{"steps.name", ""},
		{"steps.b.status", `step "b" runs in the same or a later step group`},
		{"steps.c.status", `no step named "c"`},
		{"steps.a", "use {{steps.NAME.outputs.result}}"},
		{"steps.a.outputs.parameters.p.q", "unknown step field"},
		{"tasks.a.status", "only in scope in the tasks of a DAG template"},
		{"pod.name", ""},
		{"node.name", ""},
		{"retries", ""},
		{"retries.count", "use {{retries}}"},
		{"lastRetry.exitCode", ""},
		{"cronworkflow.name", ""},
		{"=inputs.parameters.msg + 'x'", ""},
		{"=", "empty expression"},
		{"", "empty reference"},
		{"Inputs.parameters.msg", ""},
		{" .Values.image ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			got := sc.check(tc.body)
			if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
				t.Errorf("check(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestLoopScope(t *testing.T) {
	items := func(values ...string) []weft.Item {
		var out []weft.Item
		for _, v := range values {
			out = append(out, weft.Item{Value: []byte(v)})
		}
		return out
	}
	if newLoopScope(items(`1`), "", false) != nil {
		t.Error("a step that does not loop has no {{item}}")
	}
	cases := []struct {
		name string
		loop *loopScope
		key  string
		want string
	}{
		{"withParam takes any key", newLoopScope(nil, "{{steps.a.outputs.result}}", true), "anything", ""},
		{"withSequence takes any key", newLoopScope(nil, "", true), "anything", ""},
		{"map keys", newLoopScope(items(`{"a": 1}`, `{"b": 2}`), "", true), "b", ""},
		{"missing map key", newLoopScope(items(`{"a": 1}`), "", true), "c", `no withItems item has the key "c": use one of a`},
		{"list index", newLoopScope(items(`[1, 2]`), "", true), "[1]", ""},
		{"plain items", newLoopScope(items(`"x"`, `3`), "", true), "x", "plain values"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.loop.checkKey(tc.key)
			if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
				t.Errorf("checkKey(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}
