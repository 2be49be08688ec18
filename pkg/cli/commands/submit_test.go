package commands

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const helloWorkflow = `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: message
      value: hello
  templates:
  - name: main
    container:
      image: busybox
      command: [echo, "{{workflow.parameters.message}}"]
  - name: other
    container:
      image: busybox
`

func TestSubmitOverrides(t *testing.T) {
	h := newHarness(t)
	wf := h.file("wf.yaml", helloWorkflow)
	paramFile := h.file("params.yaml", "message: from the file\nlevel: 3\n")
	r := h.run("submit", wf, "--parameter-file", paramFile, "-p", "message=from -p", "-p", "extra=a=b",
		"--entrypoint", "other", "--generate-name", "greeting-", "--serviceaccount", "runner", "--labels", "app=demo,tier=batch", "-o", "name")
	if r.code != 0 {
		t.Fatalf("submit: %v\n%s", r.err, r.stderr)
	}
	if r.stdout != "workflow.weft.dev/greeting-x7k2p\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	got := h.workflows(kubeconfigNamespace)
	if len(got) != 1 {
		t.Fatalf("%d workflows created", len(got))
	}
	w := got[0]
	values := map[string]string{}
	for _, p := range w.Spec.Arguments.Parameters {
		values[p.Name] = string(*p.Value)
	}
	want := map[string]string{"message": "from -p", "level": "3", "extra": "a=b"}
	for k, v := range want {
		if values[k] != v {
			t.Errorf("parameter %s = %q, want %q", k, values[k], v)
		}
	}
	if w.Spec.Entrypoint != "other" || w.Spec.ServiceAccountName != "runner" || w.GenerateName != "greeting-" ||
		w.Labels["app"] != "demo" || w.Labels["tier"] != "batch" {
		t.Errorf("workflow not overridden: %+v", w.ObjectMeta)
	}
}

func TestSubmitArgoStream(t *testing.T) {
	h := newHarness(t)
	argo := strings.Replace(helloWorkflow, "weft.dev/v1alpha1", "argoproj.io/v1alpha1", 1)
	path := h.file("argo.yaml", argo+"---\n"+argo)
	r := h.run("submit", path, "-n", "team-b")
	if r.code != 0 {
		t.Fatalf("submit: %v", r.err)
	}
	notice := "weft: converted argoproj.io/v1alpha1 to weft.dev/v1alpha1 in " + path + "\n"
	if r.stderr != notice {
		t.Errorf("stderr %q, want the notice once: %q", r.stderr, notice)
	}
	if n := len(h.workflows("team-b")); n != 2 {
		t.Errorf("%d workflows in team-b, want 2", n)
	}
	if !strings.Contains(r.stdout, "Name:                hello-x7k2p\nNamespace:           team-b\n") ||
		!strings.Contains(r.stdout, "Parameters:\n  message:           hello\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestSubmitFromStdin(t *testing.T) {
	h := newHarness(t)
	h.stdin = helloWorkflow
	if r := h.run("submit", "-", "-o", "name"); r.code != 0 || r.stdout != "workflow.weft.dev/hello-x7k2p\n" {
		t.Errorf("submit -: %d %v %q", r.code, r.err, r.stdout)
	}
}

func TestSubmitRejects(t *testing.T) {
	h := newHarness(t)
	template := h.file("tmpl.yaml", strings.Replace(helloWorkflow, "kind: Workflow", "kind: WorkflowTemplate", 1))
	typo := h.file("typo.yaml", strings.Replace(helloWorkflow, "entrypoint:", "entrypiont:", 1))
	elsewhere := h.file("ns.yaml", strings.Replace(helloWorkflow, "generateName: hello-", "generateName: hello-\n  namespace: prod", 1))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"submit", template}, "a WorkflowTemplate is not a Workflow: create it with weft template create"},
		{[]string{"submit", typo}, `unknown field "spec.entrypiont"`},
		{[]string{"submit", elsewhere, "-n", "dev"}, "the workflow's namespace (prod) is not the namespace given (dev)"},
	}
	for _, c := range cases {
		r := h.run(c.args...)
		if r.code != ExitFailure || r.err == nil || !strings.Contains(r.err.Error(), c.want) {
			t.Errorf("weft %s: exit %d, %v; want an error with %q", strings.Join(c.args, " "), r.code, r.err, c.want)
		}
	}
	if n := len(h.workflows(kubeconfigNamespace)) + len(h.workflows("prod")); n != 0 {
		t.Errorf("%d workflows were submitted", n)
	}
}

func TestSubmitDryRun(t *testing.T) {
	h := newHarness(t)
	r := h.run("submit", h.file("wf.yaml", helloWorkflow), "--dry-run", "-p", "message=dry")
	if r.code != 0 {
		t.Fatalf("submit --dry-run: %v", r.err)
	}
	for _, want := range []string{"apiVersion: weft.dev/v1alpha1\n", "kind: Workflow\n", "namespace: team-a\n", "value: dry\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := len(h.workflows(kubeconfigNamespace)); n != 0 {
		t.Errorf("a dry run created %d workflows", n)
	}
}

func TestSubmitFrom(t *testing.T) {
	cron := &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: kubeconfigNamespace},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules:        []string{"0 2 * * *"},
			WorkflowMetadata: &metav1.ObjectMeta{Labels: map[string]string{"team": "data"}},
			WorkflowSpec:     v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{{Name: "main"}}},
		},
	}
	h := newHarness(t, cron)
	for _, from := range []string{"workflowtemplate/weft-hello", "cwftmpl/shared", "cronwf/nightly"} {
		if r := h.run("submit", "--from", from, "-p", "message=hi"); r.code != 0 {
			t.Fatalf("submit --from %s: %v", from, r.err)
		}
	}
	byName := map[string]v1alpha1.Workflow{}
	for _, wf := range h.workflows(kubeconfigNamespace) {
		byName[wf.GenerateName] = wf
	}
	if ref := byName["weft-hello-"].Spec.WorkflowTemplateRef; ref == nil || ref.Name != "weft-hello" || ref.ClusterScope {
		t.Errorf("--from workflowtemplate: ref %+v", ref)
	}
	if ref := byName["shared-"].Spec.WorkflowTemplateRef; ref == nil || ref.Name != "shared" || !ref.ClusterScope {
		t.Errorf("--from clusterworkflowtemplate: ref %+v", ref)
	}
	fromCron := byName["nightly-"]
	if fromCron.Spec.Entrypoint != "main" || fromCron.Labels["team"] != "data" || len(fromCron.Spec.Arguments.Parameters) != 1 {
		t.Errorf("--from cronworkflow: %+v", fromCron)
	}
	if r := h.run("submit", "--from", "cronwf/missing"); r.code != ExitFailure {
		t.Errorf("--from a missing cron workflow: exit %d", r.code)
	}
}

func TestSubmitWaitExitCodes(t *testing.T) {
	for phase, code := range map[v1alpha1.WorkflowPhase]int{
		v1alpha1.WorkflowSucceeded: ExitOK, v1alpha1.WorkflowFailed: ExitFailure, v1alpha1.WorkflowError: ExitFailure,
	} {
		h := newHarness(t)
		finishOnWatch(t, h, phase)
		r := h.run("submit", h.file("wf.yaml", helloWorkflow), "--wait", "-o", "name")
		if r.code != code {
			t.Errorf("--wait on a workflow ending %s: exit %d (%v), want %d", phase, r.code, r.err, code)
		}
		if want := "workflow.weft.dev/hello-x7k2p\nhello-x7k2p " + string(phase) + "\n"; r.stdout != want {
			t.Errorf("--wait printed %q, want %q", r.stdout, want)
		}
	}
}

func TestSubmitWatch(t *testing.T) {
	h := newHarness(t)
	finishOnWatch(t, h, v1alpha1.WorkflowFailed)
	r := h.run("submit", h.file("wf.yaml", helloWorkflow), "--watch")
	if r.code != ExitFailure {
		t.Errorf("--watch of a failing workflow: exit %d (%v)", r.code, r.err)
	}
	frames := strings.Split(r.stdout, "\n\nName:")
	if len(frames) != 2 || !strings.Contains(frames[0], "Status:              Pending") || !strings.Contains(frames[1], "Status:              Failed") {
		t.Errorf("--watch frames:\n%s", r.stdout)
	}
}

// finishOnWatch makes the first watch of a workflow report it finished in phase.
func finishOnWatch(t *testing.T, h *harness, phase v1alpha1.WorkflowPhase) {
	ws := watchers(h.client)
	go func() {
		w := <-ws
		list, err := h.client.WeftV1alpha1().Workflows(kubeconfigNamespace).List(context.Background(), metav1.ListOptions{})
		if err != nil || len(list.Items) != 1 {
			t.Errorf("listing the submitted workflow: %v", err)
			return
		}
		wf := list.Items[0]
		wf.Status.Phase = phase
		w.Modify(&wf)
	}()
}
