package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// get is the named workflow as the fake client holds it.
func (h *harness) get(name string) *v1alpha1.Workflow {
	h.t.Helper()
	wf, err := h.client.WeftV1alpha1().Workflows(kubeconfigNamespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		h.t.Fatal(err)
	}
	return wf
}

func TestSuspendStopTerminate(t *testing.T) {
	cases := []struct {
		args  []string
		out   string
		check func(*v1alpha1.Workflow) bool
	}{
		{[]string{"suspend", "running"}, "workflow running suspended\n", func(wf *v1alpha1.Workflow) bool { return wf.Spec.Suspend != nil && *wf.Spec.Suspend }},
		{[]string{"stop", "running"}, "workflow running stopped\n", func(wf *v1alpha1.Workflow) bool { return wf.Spec.Shutdown == v1alpha1.ShutdownStop }},
		{[]string{"terminate", "--all"}, "workflow running terminated\n", func(wf *v1alpha1.Workflow) bool { return wf.Spec.Shutdown == v1alpha1.ShutdownTerminate }},
	}
	for _, c := range cases {
		h := newHarness(t, finished("running", v1alpha1.WorkflowRunning, time.Minute, 0), finished("done", v1alpha1.WorkflowSucceeded, time.Hour, time.Minute))
		r := h.run(c.args...)
		if r.code != 0 || r.stdout != c.out {
			t.Errorf("%v: %d %q %q", c.args, r.code, r.stdout, r.stderr)
		}
		if !c.check(h.get("running")) {
			t.Errorf("%v did not change the workflow's spec: %+v", c.args, h.get("running").Spec)
		}
		if done := h.get("done"); done.Spec.Suspend != nil || done.Spec.Shutdown != "" {
			t.Errorf("%v changed a finished workflow", c.args)
		}
	}
}

func TestLifecycleRefusesFinishedWorkflows(t *testing.T) {
	h := newHarness(t, finished("done", v1alpha1.WorkflowSucceeded, time.Hour, time.Minute))
	for _, verb := range []string{"suspend", "stop", "terminate", "resume"} {
		r := h.run(verb, "done")
		want := "Error: cannot " + verb + " workflow done: it has already ended Succeeded (weft retry or weft resubmit run it again)\n"
		if r.code != ExitFailure || r.stderr != want {
			t.Errorf("%s done: %d %q, want %q", verb, r.code, r.stderr, want)
		}
	}
	if r := h.run("stop"); r.code != ExitUsage {
		t.Errorf("stop without names: %d %v", r.code, r.err)
	}
	if r := h.run("stop", "done", "--all"); r.code != ExitUsage {
		t.Errorf("stop with names and --all: %d %v", r.code, r.err)
	}
}

// suspended is a running workflow with spec.suspend and a suspend step
// waiting for the supplied output parameter "approve".
func suspended() *v1alpha1.Workflow {
	wf := finished("release", v1alpha1.WorkflowRunning, time.Minute, 0)
	yes := true
	wf.Spec.Suspend = &yes
	wf.Spec.Templates = []v1alpha1.Template{{Name: "gate", Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{
		{Name: "approve", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
	}}}}
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"release":          {ID: "release", Name: "release", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeRunning},
		"release-approve":  {ID: "release-approve", Name: "release[0].approve", DisplayName: "approve", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeRunning, TemplateName: "gate", BoundaryID: "release"},
		"release-previous": {ID: "release-previous", Name: "release[0].previous", DisplayName: "previous", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeSucceeded, TemplateName: "gate", BoundaryID: "release"},
	}
	return wf
}

func TestResume(t *testing.T) {
	h := newHarness(t, suspended())
	r := h.run("resume", "release", "-p", "approve=YES")
	if r.code != 0 || r.stdout != "workflow release resumed\n" {
		t.Fatalf("resume: %d %q %q", r.code, r.stdout, r.stderr)
	}
	wf := h.get("release")
	if wf.Spec.Suspend != nil {
		t.Errorf("spec.suspend is still %v", *wf.Spec.Suspend)
	}
	n := wf.Status.Nodes["release-approve"]
	if n.Phase != v1alpha1.NodeSucceeded || n.Message != "Resumed" || !n.FinishedAt.Time.Equal(testNow) {
		t.Errorf("the suspend step is %s %q finished %v", n.Phase, n.Message, n.FinishedAt)
	}
	if n.Outputs == nil || len(n.Outputs.Parameters) != 1 || n.Outputs.Parameters[0].Value == nil || *n.Outputs.Parameters[0].Value != "YES" {
		t.Errorf("the suspend step's outputs are %+v", n.Outputs)
	}
	if n.Type != v1alpha1.NodeTypeSuspend || n.Name != "release[0].approve" {
		t.Errorf("the patch lost the node's other fields: %+v", n)
	}
	if wf.Status.Nodes["release-previous"].Message != "" {
		t.Error("a suspend step that had ended was resumed")
	}
}

func TestResumeSaysWhichParameterIsMissing(t *testing.T) {
	h := newHarness(t, suspended())
	r := h.run("resume", "release")
	want := "Error: workflow release: step approve (release[0].approve) waits for output parameter \"approve\", which has no default: give it with -p approve=VALUE; nothing was resumed\n"
	if r.code != ExitFailure || r.stderr != want {
		t.Errorf("resume without the parameter: %d %q, want %q", r.code, r.stderr, want)
	}
	wf := h.get("release")
	if wf.Spec.Suspend == nil || wf.Status.Nodes["release-approve"].Phase != v1alpha1.NodeRunning {
		t.Error("a resume that lacked a parameter changed the workflow")
	}
}

func TestResumeSelectedNodes(t *testing.T) {
	h := newHarness(t, suspended())
	r := h.run("resume", "release", "--node-field-selector", "displayName=approve", "-p", "approve=NO")
	if r.code != 0 {
		t.Fatalf("resume: %d %q", r.code, r.stderr)
	}
	wf := h.get("release")
	if wf.Spec.Suspend == nil || !*wf.Spec.Suspend {
		t.Error("a resume of selected nodes cleared spec.suspend")
	}
	if wf.Status.Nodes["release-approve"].Phase != v1alpha1.NodeSucceeded {
		t.Error("the selected node was not resumed")
	}
	r = h.run("resume", "release", "--node-field-selector", "displayName=nothing")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "no suspended step of workflow release matches --node-field-selector displayName=nothing") {
		t.Errorf("resume of no node: %d %q", r.code, r.stderr)
	}
	r = h.run("resume", "release", "--node-field-selector", "colour=red")
	if r.code != ExitUsage {
		t.Errorf("resume with a bad selector: %d %q", r.code, r.stderr)
	}
}

// failedSteps is a workflow whose second step failed after it was stopped.
func failedSteps() *v1alpha1.Workflow {
	wf := finished("nightly", v1alpha1.WorkflowFailed, time.Hour, time.Minute)
	wf.Spec.Shutdown = v1alpha1.ShutdownStop
	wf.Status.Message = "Stopped with strategy 'Stop'"
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"nightly":       {ID: "nightly", Name: "nightly", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeFailed, Children: []string{"nightly-g0"}},
		"nightly-g0":    {ID: "nightly-g0", Name: "nightly[0]", Type: v1alpha1.NodeTypeStepGroup, Phase: v1alpha1.NodeFailed, BoundaryID: "nightly", Children: []string{"nightly-build", "nightly-test"}},
		"nightly-build": {ID: "nightly-build", Name: "nightly[0].build", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeSucceeded, TemplateName: "build", BoundaryID: "nightly"},
		"nightly-test":  {ID: "nightly-test", Name: "nightly[0].test", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, TemplateName: "test", BoundaryID: "nightly"},
	}
	return wf
}

func TestRetry(t *testing.T) {
	h := newHarness(t, failedSteps())
	testPod := engine.PodName("nightly", "nightly[0].test", "test")
	buildPod := engine.PodName("nightly", "nightly[0].build", "build")
	for _, name := range []string{testPod, buildPod} {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: kubeconfigNamespace}}
		if _, err := h.kube.CoreV1().Pods(kubeconfigNamespace).Create(context.Background(), pod, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	r := h.run("retry", "nightly")
	if r.code != 0 || r.stdout != "workflow nightly retried\n" {
		t.Fatalf("retry: %d %q %q", r.code, r.stdout, r.stderr)
	}
	wf := h.get("nightly")
	if wf.Spec.Shutdown != "" {
		t.Errorf("spec.shutdown is still %s", wf.Spec.Shutdown)
	}
	if wf.Status.Phase != v1alpha1.WorkflowRunning || wf.Status.Message != "" || !wf.Status.FinishedAt.IsZero() {
		t.Errorf("status %s %q finished %v", wf.Status.Phase, wf.Status.Message, wf.Status.FinishedAt)
	}
	if len(wf.Status.Nodes) != 1 || wf.Status.Nodes["nightly-build"].Phase != v1alpha1.NodeSucceeded {
		t.Errorf("nodes left: %v; want only the succeeded build", wf.Status.Nodes)
	}
	pods, err := h.kube.CoreV1().Pods(kubeconfigNamespace).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pods.Items) != 1 || pods.Items[0].Name != buildPod {
		t.Errorf("pods left: %v; want only the build's", pods.Items)
	}
}

func TestRetryRefuses(t *testing.T) {
	h := newHarness(t, finished("running", v1alpha1.WorkflowRunning, time.Minute, 0), finished("done", v1alpha1.WorkflowSucceeded, time.Hour, time.Minute))
	r := h.run("retry", "running")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "workflow running is Running: only a workflow that ended Failed or Error can be retried") {
		t.Errorf("retry of a running workflow: %d %q", r.code, r.stderr)
	}
	if r := h.run("retry", "done", "--restart-successful"); r.code != ExitUsage {
		t.Errorf("--restart-successful without a selector: %d %q", r.code, r.stderr)
	}
	if h.get("running").Status.Phase != v1alpha1.WorkflowRunning {
		t.Error("a refused retry changed the workflow")
	}
}

func TestResubmit(t *testing.T) {
	old := failedSteps()
	old.Labels = map[string]string{"app": "nightly"}
	old.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "day", Value: ptrTo(v1alpha1.AnyString("mon"))}}
	h := newHarness(t, old)
	r := h.run("resubmit", "nightly", "-p", "day=tue", "-o", "name")
	if r.code != 0 || r.stdout != "workflow.weft.dev/nightly-x7k2p\n" {
		t.Fatalf("resubmit: %d %q %q", r.code, r.stdout, r.stderr)
	}
	wf := h.get("nightly-x7k2p")
	if wf.Labels["app"] != "nightly" || wf.Labels["weft.dev/resubmitted-from"] != "nightly" {
		t.Errorf("labels %v", wf.Labels)
	}
	if p := wf.Spec.Arguments.Parameters; len(p) != 1 || *p[0].Value != "tue" {
		t.Errorf("parameters %+v", p)
	}
	if wf.Spec.Shutdown != "" || wf.Status.Phase != "" {
		t.Errorf("the new workflow is stopped or has a status: %s %s", wf.Spec.Shutdown, wf.Status.Phase)
	}
}

func TestWait(t *testing.T) {
	h := newHarness(t,
		finished("ok", v1alpha1.WorkflowSucceeded, time.Hour, time.Minute),
		finished("bad", v1alpha1.WorkflowFailed, time.Hour, time.Minute),
	)
	if r := h.run("wait", "ok"); r.code != 0 || r.stdout != "ok Succeeded\n" {
		t.Errorf("wait ok: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r := h.run("wait", "ok", "bad")
	if r.code != ExitFailure || !strings.Contains(r.stdout, "ok Succeeded\n") || !strings.Contains(r.stdout, "bad Failed\n") {
		t.Errorf("wait ok bad: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := h.run("wait", "missing"); r.code != ExitFailure || r.err == nil || !strings.Contains(r.err.Error(), `"missing" not found`) {
		t.Errorf("wait missing: %d %q %v", r.code, r.stderr, r.err)
	}
}

func ptrTo[T any](v T) *T { return &v }
