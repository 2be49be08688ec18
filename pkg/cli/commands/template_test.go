package commands

import (
	"strings"
	"testing"
)

const helloTemplate = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: greet
spec:
  entrypoint: main
  arguments:
    parameters: [{name: message, value: hi}]
  templates:
  - name: main
    container: {image: busybox}
`

func TestTemplateCommands(t *testing.T) {
	h := newHarness(t)
	path := h.file("tmpl.yaml", helloTemplate)
	r := h.run("template", "create", path)
	if r.code != 0 || r.stdout != "workflowtemplate.weft.dev/greet created\n" || !strings.Contains(r.stderr, "converted argoproj.io/v1alpha1") {
		t.Fatalf("template create: %d %v %q %q", r.code, r.err, r.stdout, r.stderr)
	}
	if r := h.run("template", "list"); !strings.HasPrefix(r.stdout, "NAME   ENTRYPOINT  TEMPLATES  AGE\ngreet  main        1") {
		t.Errorf("template list:\n%s", r.stdout)
	}
	if r := h.run("template", "get", "greet"); !strings.Contains(r.stdout, "Entrypoint:          main\n") || !strings.Contains(r.stdout, "  message:           hi\n") {
		t.Errorf("template get:\n%s", r.stdout)
	}
	if r := h.run("tmpl", "get", "greet", "-o", "name"); r.stdout != "workflowtemplate.weft.dev/greet\n" {
		t.Errorf("tmpl get -o name: %q", r.stdout)
	}
	if r := h.run("cluster-template", "create", path); r.code != ExitFailure {
		t.Errorf("cluster-template create of a WorkflowTemplate: exit %d", r.code)
	}
	if r := h.run("template", "delete", "--all"); r.code != 0 || r.stdout != "workflowtemplate.weft.dev/greet deleted\n" {
		t.Errorf("template delete --all: %d %q", r.code, r.stdout)
	}
	if r := h.run("template", "list"); r.stderr != "No WorkflowTemplates found.\n" {
		t.Errorf("template list after delete: %q %q", r.stdout, r.stderr)
	}

	cluster := h.file("cluster.yaml", strings.Replace(helloTemplate, "kind: WorkflowTemplate", "kind: ClusterWorkflowTemplate", 1))
	if r := h.run("cluster-template", "create", cluster, "-o", "name"); r.code != 0 || r.stdout != "clusterworkflowtemplate.weft.dev/greet\n" {
		t.Errorf("cluster-template create: %d %v %q", r.code, r.err, r.stdout)
	}
	if r := h.run("cluster-template", "get", "greet"); strings.Contains(r.stdout, "Namespace:") {
		t.Errorf("a cluster template shows a namespace:\n%s", r.stdout)
	}
}
