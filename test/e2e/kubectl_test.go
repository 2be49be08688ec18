package e2e

import (
	"strings"
	"testing"
)

func TestKubectlGetShowsServerSideTable(t *testing.T) {
	ns := namespace(t, "kubectl-get")
	mustKubectl(t, "-n", ns, "create", "-f", "../../examples/hello-world.yaml")

	out := mustKubectl(t, "-n", ns, "get", "workflows")
	header := strings.Fields(strings.SplitN(out, "\n", 2)[0])
	want := []string{"NAME", "STATUS", "AGE", "DURATION", "PROGRESS", "MESSAGE"}
	if strings.Join(header, " ") != strings.Join(want, " ") {
		t.Errorf("kubectl get workflows header %v, want %v\n%s", header, want, out)
	}
	if !strings.Contains(out, "hello-world-") {
		t.Errorf("kubectl get workflows does not list the workflow:\n%s", out)
	}

	wide := mustKubectl(t, "-n", ns, "get", "wf", "-o", "wide")
	if !strings.Contains(wide, "ENTRYPOINT") || !strings.Contains(wide, "PARAMETERS") {
		t.Errorf("kubectl get wf -o wide lacks the wide columns:\n%s", wide)
	}
	category := mustKubectl(t, "-n", ns, "get", "weft")
	if !strings.Contains(category, "workflow.weft.dev/hello-world-") {
		t.Errorf("kubectl get weft does not list the workflow:\n%s", category)
	}
}

func TestKubectlExplain(t *testing.T) {
	out := mustKubectl(t, "explain", "workflow.spec")
	for _, field := range []string{"entrypoint", "templates", "arguments", "onExit", "workflowTemplateRef"} {
		if !strings.Contains(out, field) {
			t.Errorf("kubectl explain workflow.spec lacks %s:\n%s", field, out)
		}
	}
	steps := mustKubectl(t, "explain", "workflow.spec.templates.steps")
	if !strings.Contains(steps, "withItems") {
		t.Errorf("kubectl explain workflow.spec.templates.steps lacks withItems:\n%s", steps)
	}
}

func TestKubectlServerSideApply(t *testing.T) {
	ns := namespace(t, "kubectl-apply")
	out := mustKubectl(t, "-n", ns, "apply", "--server-side", "-f", "../../examples/workflow-template.yaml")
	if !strings.Contains(out, "serverside-applied") {
		t.Errorf("kubectl apply --server-side: %s", out)
	}
	managers := mustKubectl(t, "-n", ns, "get", "workflowtemplate", "weft-hello", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[*].manager}")
	if !strings.Contains(managers, "kubectl") {
		t.Errorf("managed fields name no kubectl manager: %q", managers)
	}
	again := mustKubectl(t, "-n", ns, "apply", "--server-side", "-f", "../../examples/workflow-template.yaml")
	if !strings.Contains(again, "serverside-applied") {
		t.Errorf("second kubectl apply --server-side: %s", again)
	}
}

func TestKubectlRejectsInvalidWorkflow(t *testing.T) {
	ns := namespace(t, "kubectl-invalid")
	invalid := `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: invalid-
spec:
  entrypoint: whalesay
  templates:
  - name: main
    container:
      image: weft.localhost/busybox:1.35
      command: [echo, hi]
`
	_, stderr, err := kubectlStdin(t, invalid, "-n", ns, "create", "-f", "-", "-v=6")
	if err == nil {
		t.Fatalf("kubectl create of an invalid workflow succeeded")
	}
	if !strings.Contains(stderr, "422") || !strings.Contains(stderr, "spec.entrypoint") {
		t.Errorf("kubectl's error does not show a 422 naming spec.entrypoint:\n%s", stderr)
	}
}
