package e2e

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// submitName submits a manifest (a file, or "-" and stdin) with weft and
// returns the name of the workflow created.
func submitName(t *testing.T, bin, ns, file, stdin string) string {
	t.Helper()
	r := runCLI(t, testContext(t, time.Minute), bin, stdin, "submit", file, "-n", ns, "-o", "name")
	if r.code != 0 {
		t.Fatalf("weft submit %s: exit %d\n%s%s", file, r.code, r.stdout, r.stderr)
	}
	return strings.TrimSpace(strings.TrimPrefix(r.stdout, "workflow.weft.dev/"))
}

// expectCLI runs weft and checks its exit code and that its standard
// output (out) or error (errOut) hold the texts given.
func expectCLI(t *testing.T, bin string, code int, out, errOut string, args ...string) cliRun {
	t.Helper()
	r := runCLI(t, testContext(t, 4*time.Minute), bin, "", args...)
	if r.code != code || !strings.Contains(r.stdout, out) || !strings.Contains(r.stderr, errOut) {
		t.Errorf("weft %s: exit %d, want %d with %q on stdout and %q on stderr\nstdout: %s\nstderr: %s",
			strings.Join(args, " "), r.code, code, out, errOut, r.stdout, r.stderr)
	}
	return r
}

func TestCLIResumeSuppliesParameters(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-resume")
	ctx := testContext(t, 3*time.Minute)
	name := submitName(t, bin, ns, "../../examples/intermediate-parameters.yaml", "")
	waitFor(t, ctx, ns, name, "approve to suspend", nodeInPhase("approve", v1alpha1.NodeRunning))

	expectCLI(t, bin, 0, "Running (Suspended)", "", "get", name, "-n", ns)
	expectCLI(t, bin, 0, "⏸ approve", "", "get", name, "-n", ns)
	expectCLI(t, bin, 1, "", `waits for output parameter "environment", which has no default: give it with -p environment=VALUE`, "resume", name, "-n", ns)
	expectCLI(t, bin, 0, "workflow "+name+" resumed\n", "", "resume", name, "-n", ns, "-p", "environment=production")
	expectCLI(t, bin, 0, name+" Succeeded\n", "", "wait", name, "-n", ns)

	wf := waitFinished(t, ctx, ns, name)
	if approve := nodeByDisplayName(t, wf, "approve"); approve.Message != "Resumed" {
		t.Errorf("approve's message %q, want Resumed", approve.Message)
	}
	deploy := nodeByDisplayName(t, wf, "deploy")
	if log := podLog(t, ns, podOfNode(t, ns, wf, deploy)); !strings.Contains(log, "deploying 2 replicas to production") {
		t.Errorf("deploy's log %q should hold the supplied environment and the default replicas", log)
	}
}

const twoSteps = `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: two-steps-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: first
        template: run
        arguments: {parameters: [{name: script, value: "sleep 6"}]}
    - - name: second
        template: run
        arguments: {parameters: [{name: script, value: "{{workflow.parameters.second}}"}]}
  - name: run
    inputs: {parameters: [{name: script}]}
    container:
      image: weft.localhost/busybox:1.35
      command: [sh, -c, "{{inputs.parameters.script}}"]
  arguments:
    parameters:
    - name: second
      value: "echo second"
`

func TestCLISuspendAndResumeWorkflow(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-suspend")
	ctx := testContext(t, 3*time.Minute)
	name := submitName(t, bin, ns, "-", twoSteps)
	waitFor(t, ctx, ns, name, "first to run", nodeInPhase("first", v1alpha1.NodeRunning))

	expectCLI(t, bin, 0, "workflow "+name+" suspended\n", "", "suspend", name, "-n", ns)
	wf := waitFor(t, ctx, ns, name, "first to succeed", nodeInPhase("first", v1alpha1.NodeSucceeded))
	for _, n := range wf.Status.Nodes {
		if n.DisplayName == "second" {
			t.Errorf("second started while the workflow was suspended: %s", describe(wf))
		}
	}
	expectCLI(t, bin, 0, "Running (Suspended)", "", "get", name, "-n", ns, "-o", "short")
	expectCLI(t, bin, 0, "workflow "+name+" resumed\n", "", "resume", name, "-n", ns)
	expectCLI(t, bin, 0, name+" Succeeded\n", "", "wait", name, "-n", ns)
	expectCLI(t, bin, 1, "", "cannot suspend workflow "+name+": it has already ended Succeeded", "suspend", name, "-n", ns)
}

func TestCLITerminateSaysWhoThenRetry(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-terminate")
	ctx := testContext(t, 4*time.Minute)
	name := submitName(t, bin, ns, "../../examples/terminate.yaml", "")
	wf := waitFor(t, ctx, ns, name, "the sleep to run", nodeInPhase("sleep", v1alpha1.NodeRunning))
	firstPod := podOfNode(t, ns, wf, nodeByDisplayName(t, wf, "sleep"))

	expectCLI(t, bin, 0, "workflow "+name+" terminated\n", "", "terminate", name, "-n", ns)
	expectCLI(t, bin, 1, name+" Failed", "", "wait", name, "-n", ns)
	wf = waitFinished(t, ctx, ns, name)
	who := wf.Annotations["weft.dev/shutdown-by"]
	if who == "" || wf.Status.Message != "Stopped with strategy 'Terminate' by "+who {
		t.Errorf("shutdown-by %q, message %q: want who terminated it named", who, wf.Status.Message)
	}
	expectCLI(t, bin, 0, "⏹ sleep", "", "get", name, "-n", ns)
	expectCLI(t, bin, 1, "", "cannot terminate workflow "+name+": it has already ended Failed", "terminate", name, "-n", ns)

	expectCLI(t, bin, 0, "workflow "+name+" retried\n", "", "retry", name, "-n", ns)
	wf = waitFor(t, ctx, ns, name, "the sleep to run again", nodeInPhase("sleep", v1alpha1.NodeRunning))
	if wf.Spec.Shutdown != "" || wf.Annotations["weft.dev/shutdown-by"] != "" {
		t.Errorf("the retried workflow is still stopped: shutdown %q by %q", wf.Spec.Shutdown, wf.Annotations["weft.dev/shutdown-by"])
	}
	pod, err := kube.CoreV1().Pods(ns).Get(ctx, firstPod, metav1.GetOptions{})
	if err != nil || pod.Status.Phase != corev1.PodRunning && pod.Status.Phase != corev1.PodPending {
		t.Errorf("the sleep's pod %s after the retry: %v %v; want it made anew", firstPod, err, pod.Status.Phase)
	}
	expectCLI(t, bin, 0, "workflow "+name+" terminated\n", "", "terminate", name, "-n", ns)
	expectCLI(t, bin, 1, name+" Failed", "", "wait", name, "-n", ns)
}

func TestCLIRetryKeepsWhatSucceeded(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-retry")
	ctx := testContext(t, 4*time.Minute)
	failing := strings.Replace(twoSteps, `value: "echo second"`, `value: "echo failing; exit 3"`, 1)
	failing = strings.Replace(failing, `value: "sleep 6"`, `value: "echo first"`, 1)
	name := submitName(t, bin, ns, "-", failing)
	expectCLI(t, bin, 1, name+" Failed", "", "wait", name, "-n", ns)
	before := waitFinished(t, ctx, ns, name)
	first := nodeByDisplayName(t, before, "first")
	firstPod, err := kube.CoreV1().Pods(ns).Get(ctx, podOfNode(t, ns, before, first), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	secondPod, err := kube.CoreV1().Pods(ns).Get(ctx, podOfNode(t, ns, before, nodeByDisplayName(t, before, "second")), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}

	expectCLI(t, bin, 1, "workflow "+name+" retried\n"+name+" Failed", "", "retry", name, "-n", ns, "--wait")
	after := waitFinished(t, ctx, ns, name)
	if n := nodeByDisplayName(t, after, "first"); !n.StartedAt.Equal(&first.StartedAt) || n.Phase != v1alpha1.NodeSucceeded {
		t.Errorf("first ran again: started %v, before %v", n.StartedAt, first.StartedAt)
	}
	if p, err := kube.CoreV1().Pods(ns).Get(ctx, firstPod.Name, metav1.GetOptions{}); err != nil || p.UID != firstPod.UID {
		t.Errorf("first's pod was replaced: %v", err)
	}
	if p, err := kube.CoreV1().Pods(ns).Get(ctx, secondPod.Name, metav1.GetOptions{}); err != nil || p.UID == secondPod.UID {
		t.Errorf("second's pod was not made anew: %v", err)
	}

	expectCLI(t, bin, 1, "workflow "+name+" retried\n", "", "retry", name, "-n", ns,
		"--restart-successful", "--node-field-selector", "displayName=first", "--wait")
	if p, err := kube.CoreV1().Pods(ns).Get(ctx, firstPod.Name, metav1.GetOptions{}); err != nil || p.UID == firstPod.UID {
		t.Errorf("--restart-successful did not run first again: %v", err)
	}
	expectCLI(t, bin, 1, "", "only a workflow that ended Failed or Error can be retried",
		"retry", submitName(t, bin, ns, "-", twoSteps), "-n", ns)
}

func TestCLIResubmit(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-resubmit")
	ctx := testContext(t, 3*time.Minute)
	quick := strings.Replace(twoSteps, `value: "sleep 6"`, `value: "echo first"`, 1)
	name := submitName(t, bin, ns, "-", quick)
	expectCLI(t, bin, 0, name+" Succeeded", "", "wait", name, "-n", ns)

	r := expectCLI(t, bin, 1, "workflow.weft.dev/"+name+"-", "", "resubmit", name, "-n", ns, "-p", "second=exit 4", "-o", "name", "--wait")
	next := strings.TrimPrefix(strings.SplitN(r.stdout, "\n", 2)[0], "workflow.weft.dev/")
	wf := waitFinished(t, ctx, ns, next)
	expectPhase(t, wf, v1alpha1.WorkflowFailed)
	if wf.Labels["weft.dev/resubmitted-from"] != name {
		t.Errorf("labels %v: want weft.dev/resubmitted-from=%s", wf.Labels, name)
	}
	if p := wf.Spec.Arguments.Parameters; len(p) != 1 || p[0].Value == nil || *p[0].Value != "exit 4" {
		t.Errorf("-p did not reach the new workflow: %+v", p)
	}
}
