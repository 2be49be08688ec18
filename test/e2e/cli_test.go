package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// cliRun is one run of the weft binary.
type cliRun struct {
	code           int
	stdout, stderr string
}

// buildCLI builds cmd/weft into the test's temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "weft")
	started := time.Now()
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/weft").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/weft: %v\n%s", err, out)
	}
	t.Logf("built weft in %s", time.Since(started).Round(time.Millisecond))
	return bin
}

// runCLI runs the weft binary against the cluster, stdin given.
func runCLI(t *testing.T, ctx context.Context, bin, stdin string, args ...string) cliRun {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--kubeconfig", kubeconfigPath()}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("weft %s: %v", strings.Join(args, " "), err)
	}
	return cliRun{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// lastFrame is the last of the frames that weft watch appends when its
// output is not a terminal.
func lastFrame(out string) string {
	i := strings.LastIndex(out, "\n\nName:")
	if i < 0 {
		return out
	}
	return out[i+2:]
}

// TestCLISubmitWatchLoopsMaps is the seed's `argo submit --watch
// loops-maps.yaml` with weft: the live view ends on the finished tree.
func TestCLISubmitWatchLoopsMaps(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-watch")
	ctx := testContext(t, 4*time.Minute)

	started := time.Now()
	r := runCLI(t, ctx, bin, "", "submit", "--watch", "../../examples/loops-maps.yaml", "-n", ns)
	frame := lastFrame(r.stdout)
	t.Logf("weft submit --watch ran %s; final frame:\n%s", time.Since(started).Round(time.Millisecond), frame)
	if r.code != 0 {
		t.Fatalf("weft submit --watch: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(frame, "\n")
	if !strings.HasPrefix(lines[0], "Name:                loops-maps-") || !strings.Contains(frame, "\nStatus:              Succeeded\n") {
		t.Errorf("the final frame is not of a succeeded loops-maps:\n%s", frame)
	}
	rows := 0
	root := false
	for _, l := range lines {
		if strings.Contains(l, "✔ test-linux(") && strings.Contains(l, "cat-os-release") {
			rows++
		}
		if strings.HasPrefix(l, " ✔ loops-maps-") && strings.Contains(l, "loop-map-example") {
			root = true
		}
	}
	if rows != 4 || !root {
		t.Errorf("the final frame has %d ✔ test-linux rows (want 4) and root ✔ %v:\n%s", rows, root, frame)
	}
	if !strings.Contains(frame, "\n └-·-✔ test-linux(0:") || !strings.Contains(frame, "\n   └-✔ test-linux(3:") {
		t.Errorf("the loop is not drawn as one parallel group:\n%s", frame)
	}
}

// TestCLISubmitWaitExitCodes submits an Argo manifest and a workflow that
// fails on purpose: --wait exits 0 and 1.
func TestCLISubmitWaitExitCodes(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-wait")
	ctx := testContext(t, 4*time.Minute)

	argo, err := os.ReadFile("../../examples/parameters.yaml")
	if err != nil {
		t.Fatal(err)
	}
	manifest := strings.Replace(string(argo), "apiVersion: weft.dev/v1alpha1", "apiVersion: argoproj.io/v1alpha1", 1)
	r := runCLI(t, ctx, bin, manifest, "submit", "-", "-n", ns, "-p", "message=from weft", "--wait", "-o", "name")
	if r.code != 0 || !strings.Contains(r.stdout, " Succeeded\n") {
		t.Fatalf("submit --wait of an Argo manifest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "weft: converted argoproj.io/v1alpha1 to weft.dev/v1alpha1 in <stdin>") {
		t.Errorf("no conversion notice: %q", r.stderr)
	}
	name := strings.TrimPrefix(strings.SplitN(r.stdout, "\n", 2)[0], "workflow.weft.dev/")
	wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p := wf.Spec.Arguments.Parameters[0]; p.Name != "message" || p.Value == nil || *p.Value != "from weft" {
		t.Errorf("-p message did not reach the workflow: %+v", wf.Spec.Arguments.Parameters)
	}

	r = runCLI(t, ctx, bin, "", "submit", "../../examples/exit-handlers.yaml", "-n", ns, "--wait", "-o", "name")
	if r.code != 1 || !strings.Contains(r.stdout, " Failed") {
		t.Errorf("submit --wait of a failing workflow: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCLILogsFollow follows the logs of a running workflow with two pods:
// every line of each, and weft returns once the workflow has finished.
func TestCLILogsFollow(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-logs")
	ctx := testContext(t, 3*time.Minute)
	wf := workflow("cli-logs-")
	wf.Spec.Entrypoint = "both"
	ticker := wf.Spec.Templates[0]
	ticker.Inputs.Parameters = []v1alpha1.Parameter{{Name: "who"}}
	ticker.Container = &corev1.Container{
		Image:   "weft.localhost/busybox:1.35",
		Command: []string{"sh", "-c", "for i in 1 2 3; do echo {{inputs.parameters.who}} line $i; sleep 1; done"},
	}
	step := func(who string) v1alpha1.WorkflowStep {
		value := v1alpha1.AnyString(who)
		return v1alpha1.WorkflowStep{Name: who, Template: "main", Arguments: v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{{Name: "who", Value: &value}}}}
	}
	wf.Spec.Templates = []v1alpha1.Template{
		{Name: "both", Steps: [][]v1alpha1.WorkflowStep{{step("alpha"), step("beta")}}},
		ticker,
	}
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}

	started := time.Now()
	r := runCLI(t, ctx, bin, "", "logs", created.Name, "-f", "-n", ns)
	t.Logf("weft logs -f returned after %s:\n%s", time.Since(started).Round(time.Millisecond), r.stdout)
	if r.code != 0 {
		t.Fatalf("weft logs -f: exit %d: %s", r.code, r.stderr)
	}
	for _, who := range []string{"alpha", "beta"} {
		for _, i := range []string{"1", "2", "3"} {
			if !strings.Contains(r.stdout, who+" line "+i+"\n") {
				t.Errorf("the logs lack %q", who+" line "+i)
			}
		}
	}
	now, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, created.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if now.Status.Phase != v1alpha1.WorkflowSucceeded {
		t.Errorf("weft logs -f returned with the workflow %s, want it Succeeded", now.Status.Phase)
	}
}

// TestCLILintMatchesServer lints an invalid workflow offline and creates it
// with kubectl: both name the same fields.
func TestCLILintMatchesServer(t *testing.T) {
	bin := buildCLI(t)
	ns := namespace(t, "cli-lint")
	ctx := testContext(t, time.Minute)
	file := filepath.Join(t.TempDir(), "invalid.yaml")
	invalid := `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: invalid-
spec:
  entrypoint: whalesay
  templates:
  - name: main
    steps:
    - - name: a
        template: nope
  - name: echo
    container:
      image: weft.localhost/busybox:1.35
      command: [echo, "{{inputs.parameters.missing}}"]
`
	if err := os.WriteFile(file, []byte(invalid), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runCLI(t, ctx, bin, "", "lint", file)
	if r.code != 1 {
		t.Fatalf("weft lint of an invalid workflow: exit %d\n%s", r.code, r.stdout)
	}
	var linted []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		rest, ok := strings.CutPrefix(line, file+": ")
		if !ok {
			t.Fatalf("lint line %q does not start with the file", line)
		}
		linted = append(linted, strings.SplitN(rest, ": ", 2)[0])
	}

	_, stderr, err := kubectl(t, "create", "-f", file, "-n", ns)
	if err == nil {
		t.Fatal("kubectl create of the invalid workflow succeeded")
	}
	var served []string
	for _, line := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(line, "* "); ok {
			served = append(served, strings.SplitN(rest, ": ", 2)[0])
		}
	}
	sort.Strings(linted)
	sort.Strings(served)
	t.Logf("weft lint:\n%skubectl create:\n%s", r.stdout, stderr)
	if len(linted) != 3 || !slices.Equal(linted, served) {
		t.Errorf("weft lint names %v, the server %v", linted, served)
	}
}
