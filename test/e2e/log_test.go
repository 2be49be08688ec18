package e2e

import (
	"bufio"
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// logPath is the URL path of a workflow's log subresource.
func logPath(ns, name string) string {
	return "/apis/weft.dev/v1alpha1/namespaces/" + ns + "/workflows/" + name + "/log"
}

// TestWorkflowLogLoopsMaps reads the log of a finished loop through the
// kube-apiserver: every pod's os-release, prefixed with its node's display
// name, pod after pod in node start order.
func TestWorkflowLogLoopsMaps(t *testing.T) {
	ns := namespace(t, "log-loops")
	wf := runExample(t, ns, "loops-maps.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)

	pods := workflowPods(t, ns, wf.Name)
	if len(pods) != 4 {
		t.Fatalf("%d pods, want 4", len(pods))
	}
	node := func(pod corev1.Pod) v1alpha1.NodeStatus { return wf.Status.Nodes[pod.Labels[podspec.LabelNodeID]] }
	slices.SortFunc(pods, func(a, b corev1.Pod) int {
		if c := node(a).StartedAt.Compare(node(b).StartedAt.Time); c != 0 {
			return c
		}
		return strings.Compare(node(a).Name, node(b).Name)
	})
	var want strings.Builder
	for _, pod := range pods {
		for _, line := range strings.SplitAfter(strings.TrimSuffix(podLog(t, ns, pod.Name), "\n"), "\n") {
			want.WriteString(node(pod).DisplayName + ": " + strings.TrimSuffix(line, "\n") + "\n")
		}
	}

	started := time.Now()
	got := mustKubectl(t, "get", "--raw", logPath(ns, wf.Name))
	t.Logf("log of %s read in %s", wf.Name, time.Since(started).Round(time.Millisecond))
	if got != want.String() {
		t.Fatalf("log:\n%s\nwant:\n%s", got, want.String())
	}
	blocks := 0
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "test-linux(") && strings.Contains(line, "): NAME=") {
			blocks++
		}
	}
	if blocks != 4 {
		t.Errorf("%d prefixed os-release NAME lines, want 4:\n%s", blocks, got)
	}

	ids := mustKubectl(t, "get", "--raw", logPath(ns, wf.Name)+"?grep=%5EID%3D")
	if lines := strings.Split(strings.TrimSpace(ids), "\n"); len(lines) != 4 || !strings.Contains(lines[0], "): ID=") {
		t.Errorf("grep=^ID= kept %q, want the four ID lines", ids)
	}
	_, stderr, err := kubectl(t, "get", "--raw", logPath(ns, wf.Name)+"?grep=%28")
	if err == nil || !strings.Contains(stderr, "BadRequest") || !strings.Contains(stderr, "grep") {
		t.Errorf("grep=( : want a 400 about grep, got %v: %s", err, stderr)
	}

	// A deleted pod is a line that says so; the other pods follow.
	gone := pods[0]
	deletePod(t, ns, gone.Name)
	got = mustKubectl(t, "get", "--raw", logPath(ns, wf.Name))
	first, rest, _ := strings.Cut(got, "\n")
	if want := node(gone).DisplayName + ": log unavailable: the node has no pod (deleted, or never made)"; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	if !strings.HasSuffix(want.String(), rest) || strings.Count(rest, "): NAME=") != 3 {
		t.Errorf("after the deleted pod:\n%s\nwant the three other pods' logs", rest)
	}
}

// deletePod deletes a pod and waits until it is gone.
func deletePod(t *testing.T, ns, name string) {
	t.Helper()
	ctx := testContext(t, time.Minute)
	if err := kube.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		_, err := kube.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Fatalf("pod %s not gone: %v", name, err)
	}
}

// TestWorkflowLogFollow follows the log of a running step with kubectl:
// lines arrive as they are printed, and the stream ends with the workflow.
func TestWorkflowLogFollow(t *testing.T) {
	ns := namespace(t, "log-follow")
	ctx := testContext(t, 3*time.Minute)
	wf := workflow("ticker-")
	wf.Spec.Templates[0].Container.Command = []string{"sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 1; done"}
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.CommandContext(ctx, envOr("KUBECTL", "kubectl"), "--kubeconfig", kubeconfigPath(),
		"get", "--raw", logPath(ns, created.Name)+"?follow=true")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var ticks []time.Duration
	phaseAtFirstTick := v1alpha1.WorkflowPhase("")
	scanner := bufio.NewScanner(stdout)
	for scanner.Scan() {
		line := scanner.Text()
		if !strings.Contains(line, ": tick ") {
			t.Errorf("unexpected line %q", line)
			continue
		}
		ticks = append(ticks, time.Since(started))
		if len(ticks) == 1 {
			current, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, created.Name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			phaseAtFirstTick = current.Status.Phase
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("kubectl get --raw ...?follow=true: %v: %s", err, stderr.String())
	}
	ended := time.Since(started)
	finished := waitFinished(t, ctx, ns, created.Name)
	expectPhase(t, finished, v1alpha1.WorkflowSucceeded)
	t.Logf("ticks at %v; stream ended at %v, workflow finished %v after it started",
		ticks, ended.Round(time.Millisecond), finished.Status.FinishedAt.Sub(finished.Status.StartedAt.Time))
	if len(ticks) != 5 {
		t.Fatalf("%d tick lines, want 5", len(ticks))
	}
	if phaseAtFirstTick != v1alpha1.WorkflowRunning {
		t.Errorf("workflow %s at the first line, want Running: the log did not stream", phaseAtFirstTick)
	}
	if spread := ticks[4] - ticks[0]; spread < 3*time.Second {
		t.Errorf("the five lines arrived within %v, want about 4 s apart: they were not streamed", spread)
	}
}

// TestWorkflowLogRBAC checks that workflows/log follows RBAC: view grants it
// in its namespace only.
func TestWorkflowLogRBAC(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	teamA := namespace(t, "log-team-a")
	teamB := namespace(t, "log-team-b")
	bind(t, teamB, "carol", "view")
	carol := userClient(t, "carol", "auditors")
	other, err := weft.WeftV1alpha1().Workflows(teamA).Create(ctx, workflow("secret-"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	own, err := weft.WeftV1alpha1().Workflows(teamB).Create(ctx, workflow("own-"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	eventually(t, func() ([]byte, error) {
		return carol.WeftV1alpha1().Workflows(teamB).GetLogs(own.Name, &v1alpha1.WorkflowLogOptions{}).DoRaw(ctx)
	})
	expectForbidden(t, "carol reads a log in "+teamA, func() error {
		return carol.WeftV1alpha1().Workflows(teamA).GetLogs(other.Name, &v1alpha1.WorkflowLogOptions{}).Do(ctx).Error()
	})
	expectForbidden(t, "carol follows a log in "+teamA, func() error {
		stream, err := carol.WeftV1alpha1().Workflows(teamA).GetLogs(other.Name, &v1alpha1.WorkflowLogOptions{Follow: true}).Stream(ctx)
		if err == nil {
			stream.Close()
		}
		return err
	})
}
