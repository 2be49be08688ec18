package commands

import (
	"strings"
	"testing"
)

func TestLintOutput(t *testing.T) {
	h := newHarness(t)
	good := h.file("good.yaml", helloWorkflow)
	bad := h.file("bad.yaml", strings.Replace(helloWorkflow, "entrypoint: main", "entrypoint: nope", 1))
	h.file("notes.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\n")

	r := h.run("lint", good)
	if r.code != 0 || r.stdout != "no problems found in 1 object\n" {
		t.Errorf("lint of a good file: %d %q", r.code, r.stdout)
	}
	r = h.run("lint", h.dir)
	if r.code != ExitFailure {
		t.Errorf("lint of the directory: exit %d", r.code)
	}
	want := bad + `: spec.entrypoint: Not found: "nope": no template named "nope" in spec.templates`
	if !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("lint output %q, want one line starting %q", r.stdout, want)
	}
	if !strings.Contains(r.stderr, "notes.yaml: skipping ConfigMap, not a weft.dev kind") {
		t.Errorf("lint does not say it skipped the ConfigMap: %q", r.stderr)
	}
	r = h.run("template", "lint", good)
	if r.code != ExitFailure || !strings.Contains(r.stdout, "a Workflow is not a WorkflowTemplate: create it with weft submit") {
		t.Errorf("template lint of a workflow: %d %q", r.code, r.stdout)
	}
}
