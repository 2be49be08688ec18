package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// createExample creates the workflow of an examples/ file and returns it.
func createExample(t *testing.T, ctx context.Context, ns, file string) *v1alpha1.Workflow {
	t.Helper()
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, exampleWorkflow(t, file), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create %s: %v", file, err)
	}
	return created
}

// waitFor polls a workflow until cond holds.
func waitFor(t *testing.T, ctx context.Context, ns, name, what string, cond func(*v1alpha1.Workflow) bool) *v1alpha1.Workflow {
	t.Helper()
	var last *v1alpha1.Workflow
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		last = wf
		return cond(wf), nil
	})
	if err != nil {
		t.Fatalf("workflow %s: waiting for %s: %v; last status: %s", name, what, err, describe(last))
	}
	return last
}

// nodeInPhase says the node with the display name is in the phase.
func nodeInPhase(displayName string, phase v1alpha1.NodePhase) func(*v1alpha1.Workflow) bool {
	return func(wf *v1alpha1.Workflow) bool {
		for _, n := range wf.Status.Nodes {
			if n.DisplayName == displayName && n.Phase == phase {
				return true
			}
		}
		return false
	}
}

func TestRetrySucceedsOnTheThirdAttempt(t *testing.T) {
	ns := namespace(t, "retry")
	wf := runExample(t, ns, "retry-third-attempt.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	retry := wf.Status.Nodes[wf.Name]
	if retry.Type != v1alpha1.NodeTypeRetry || len(retry.Children) != 3 {
		t.Fatalf("root is a %s node with %d children, want a Retry node with 3 attempts:\n%s", retry.Type, len(retry.Children), describe(wf))
	}
	var attempts []v1alpha1.NodeStatus
	for i := 0; i < 3; i++ {
		attempts = append(attempts, nodeByDisplayName(t, wf, fmt.Sprintf("%s(%d)", wf.Name, i)))
	}
	for i, want := range []v1alpha1.NodePhase{v1alpha1.NodeFailed, v1alpha1.NodeFailed, v1alpha1.NodeSucceeded} {
		if attempts[i].Phase != want {
			t.Errorf("attempt %d is %s, want %s", i, attempts[i].Phase, want)
		}
	}
	for i, minimum := range []time.Duration{time.Second, 2 * time.Second} {
		if gap := attempts[i+1].StartedAt.Sub(attempts[i].FinishedAt.Time); gap < minimum {
			t.Errorf("attempt %d started %s after attempt %d ended; backoff asks for %s", i+1, gap, i, minimum)
		}
	}
	if log := podLog(t, ns, podOfNode(t, ns, wf, attempts[2])); !strings.Contains(log, "attempt 2 succeeded") {
		t.Errorf("third attempt's log %q", log)
	}
}

// TestRetryBackoffExample runs retry-backoff.yaml, whose container fails
// half of the time: as its comments say, it usually succeeds after a few
// attempts, the last one the one that succeeded; in about one run of 128,
// seven attempts fail and the backoff's maxDuration of 2m ends it, Failed
// with a message naming maxDuration.
func TestRetryBackoffExample(t *testing.T) {
	ns := namespace(t, "retry-backoff")
	wf := runExample(t, ns, "retry-backoff.yaml")
	root := wf.Status.Nodes[wf.Name]
	if root.Type != v1alpha1.NodeTypeRetry || len(root.Children) == 0 {
		t.Fatalf("root is a %s node with %d children, want a Retry node with attempts:\n%s", root.Type, len(root.Children), describe(wf))
	}
	last := wf.Status.Nodes[root.Children[len(root.Children)-1]]
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded:
		if last.Phase != v1alpha1.NodeSucceeded {
			t.Errorf("the workflow succeeded but its last attempt is %s", last.Phase)
		}
	case v1alpha1.WorkflowFailed:
		if !strings.Contains(root.Message, "maxDuration") && !strings.Contains(root.Message, "limit") {
			t.Errorf("the retries ended with %q, which names neither maxDuration nor the limit", root.Message)
		}
	default:
		t.Errorf("workflow ended %s:\n%s", wf.Status.Phase, describe(wf))
	}
}

func TestExitHandlerReadsWorkflowStatus(t *testing.T) {
	ns := namespace(t, "exit-handlers")
	wf := runExample(t, ns, "exit-handlers.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowFailed)
	exit := nodeByDisplayName(t, wf, wf.Name+".onExit")
	if exit.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("exit handler ended %s:\n%s", exit.Phase, describe(wf))
	}
	if n := nodeByDisplayName(t, wf, "celebrate"); n.Phase != v1alpha1.NodeSkipped {
		t.Errorf("celebrate is %s, want Skipped", n.Phase)
	}
	if log := podLog(t, ns, podOfNode(t, ns, wf, nodeByDisplayName(t, wf, "cry"))); !strings.Contains(log, "boohoo!") {
		t.Errorf("cry's log %q", log)
	}
	if log := podLog(t, ns, podOfNode(t, ns, wf, nodeByDisplayName(t, wf, "notify"))); !strings.Contains(log, wf.Name+" Failed") {
		t.Errorf("notify's log %q should hold {{workflow.status}}", log)
	}
}

func TestLifecycleHooksExample(t *testing.T) {
	ns := namespace(t, "hooks")
	wf := runExample(t, ns, "lifecycle-hooks.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	for display, want := range map[string]string{
		wf.Name + "[0].work.hooks.running": "work started",
		wf.Name + "[0].work.hooks.exit":    "work ended Succeeded",
		wf.Name + ".onExit":                "workflow " + wf.Name + " ended Succeeded",
	} {
		n := nodeByDisplayName(t, wf, display)
		if log := podLog(t, ns, podOfNode(t, ns, wf, n)); !strings.Contains(log, want) {
			t.Errorf("%s's log %q, want %q", display, log, want)
		}
	}
}

func TestSuspendResumedThroughStatusPatch(t *testing.T) {
	ns := namespace(t, "resume")
	ctx := testContext(t, 3*time.Minute)
	wf := createExample(t, ctx, ns, "intermediate-parameters.yaml")
	wf = waitFor(t, ctx, ns, wf.Name, "approve to suspend", nodeInPhase("approve", v1alpha1.NodeRunning))
	approve := nodeByDisplayName(t, wf, "approve")
	patch := map[string]any{"status": map[string]any{"nodes": map[string]any{approve.ID: map[string]any{
		"phase":   "Succeeded",
		"message": "Resumed",
		"outputs": map[string]any{"parameters": []map[string]string{{"name": "environment", "value": "production"}}},
	}}}}
	data, _ := json.Marshal(patch)
	if _, err := weft.WeftV1alpha1().Workflows(ns).Patch(ctx, wf.Name, types.MergePatchType, data, metav1.PatchOptions{}, "status"); err != nil {
		t.Fatalf("resume patch: %v", err)
	}
	wf = waitFinished(t, ctx, ns, wf.Name)
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	deploy := nodeByDisplayName(t, wf, "deploy")
	if log := podLog(t, ns, podOfNode(t, ns, wf, deploy)); !strings.Contains(log, "deploying 2 replicas to production") {
		t.Errorf("deploy's log %q should hold the supplied environment and the default replicas", log)
	}
}

func TestTerminateKillsTheRunningPod(t *testing.T) {
	ns := namespace(t, "terminate")
	ctx := testContext(t, 3*time.Minute)
	wf := createExample(t, ctx, ns, "terminate.yaml")
	wf = waitFor(t, ctx, ns, wf.Name, "the sleep to run", nodeInPhase("sleep", v1alpha1.NodeRunning))
	sleep := nodeByDisplayName(t, wf, "sleep")
	pod := podOfNode(t, ns, wf, sleep)
	shutdown := []byte(`{"spec":{"shutdown":"Terminate"}}`)
	if _, err := weft.WeftV1alpha1().Workflows(ns).Patch(ctx, wf.Name, types.MergePatchType, shutdown, metav1.PatchOptions{}); err != nil {
		t.Fatalf("terminate patch: %v", err)
	}
	wf = waitFinished(t, ctx, ns, wf.Name)
	expectPhase(t, wf, v1alpha1.WorkflowFailed)
	if !strings.HasPrefix(wf.Status.Message, "Stopped with strategy 'Terminate'") {
		t.Errorf("message %q should say Terminate stopped it", wf.Status.Message)
	}
	if n := nodeByDisplayName(t, wf, "sleep"); n.Phase != v1alpha1.NodeFailed || !strings.HasPrefix(n.Message, "Stopped with strategy 'Terminate'") {
		t.Errorf("sleep node %s %q", n.Phase, n.Message)
	}
	for _, n := range wf.Status.Nodes {
		if n.DisplayName == "never" || n.DisplayName == wf.Name+".onExit" {
			t.Errorf("node %s started after Terminate", n.DisplayName)
		}
	}
	waitPodGone(t, ctx, ns, pod)
}

func TestActiveDeadlineStillRunsTheExitHandler(t *testing.T) {
	ns := namespace(t, "deadline")
	wf := runExample(t, ns, "active-deadline.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowFailed)
	if want := "Workflow exceeded its deadline: spec.activeDeadlineSeconds is 8"; wf.Status.Message != want {
		t.Errorf("message %q, want %q", wf.Status.Message, want)
	}
	exit := nodeByDisplayName(t, wf, wf.Name+".onExit")
	if log := podLog(t, ns, podOfNode(t, ns, wf, exit)); !strings.Contains(log, "exit handler ran after Failed") {
		t.Errorf("exit handler's log %q", log)
	}
}

func TestTemplateTimeouts(t *testing.T) {
	ns := namespace(t, "timeout")
	wf := runExample(t, ns, "template-timeout.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	for display, want := range map[string]string{
		"timeout":      "Pod exceeded its deadline: the template's timeout is 5s",
		"pod-deadline": "Pod exceeded its deadline: the template's activeDeadlineSeconds passed",
	} {
		n := nodeByDisplayName(t, wf, display)
		if n.Phase != v1alpha1.NodeFailed || !strings.HasPrefix(n.Message, want) {
			t.Errorf("%s: %s %q, want Failed %q", display, n.Phase, n.Message, want)
		}
	}
}

func TestPodGCAndTTL(t *testing.T) {
	ns := namespace(t, "gc")
	wf := runExample(t, ns, "pod-gc-ttl.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	ctx := testContext(t, 2*time.Minute)
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(context.Context) (bool, error) {
		return len(workflowPods(t, ns, wf.Name)) == 0, nil
	})
	if err != nil {
		t.Errorf("podGC OnPodSuccess left pods: %d", len(workflowPods(t, ns, wf.Name)))
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, wf.Name, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Errorf("ttlStrategy did not delete the workflow")
	}
	if gone := time.Since(wf.Status.FinishedAt.Time); gone < 20*time.Second {
		t.Errorf("workflow deleted %s after it finished, before secondsAfterCompletion 20", gone)
	}
}

func TestDaemonAndSidecar(t *testing.T) {
	ns := namespace(t, "daemon")
	wf := runExample(t, ns, "daemon-step.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	server := nodeByDisplayName(t, wf, "server")
	if server.Daemoned == nil || !*server.Daemoned {
		t.Errorf("server is not daemoned")
	}
	if log := podLog(t, ns, podOfNode(t, ns, wf, nodeByDisplayName(t, wf, "client"))); !strings.Contains(log, "hello from the daemon") {
		t.Errorf("client's log %q", log)
	}
	// Named, not looked up: the daemon's pod may be gone already.
	waitPodGone(t, testContext(t, time.Minute), ns, engine.PodName(wf.Name, server.Name, server.TemplateName))

	sidecar := runExample(t, ns, "sidecar.yaml")
	expectPhase(t, sidecar, v1alpha1.WorkflowSucceeded)
}

// podOfNode is the name of the pod of a node, found by its node-id label.
func podOfNode(t *testing.T, ns string, wf *v1alpha1.Workflow, n v1alpha1.NodeStatus) string {
	t.Helper()
	for _, p := range workflowPods(t, ns, wf.Name) {
		if p.Labels["weft.dev/node-id"] == n.ID {
			return p.Name
		}
	}
	t.Fatalf("no pod for node %s (%s)", n.DisplayName, n.ID)
	return ""
}

// waitPodGone waits until a pod no longer exists.
func waitPodGone(t *testing.T, ctx context.Context, ns, name string) {
	t.Helper()
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := kube.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Errorf("pod %s still exists", name)
	}
}

// TestStopLetsTheRunningPodFinish stops a workflow while its first step
// runs: the step finishes and succeeds, the next step never starts, and the
// exit handler runs.
func TestStopLetsTheRunningPodFinish(t *testing.T) {
	ns := namespace(t, "stop")
	ctx := testContext(t, 3*time.Minute)
	wf := exampleWorkflow(t, "terminate.yaml")
	wf.Spec.Templates[1].Container.Command = []string{"sleep", "6"}
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, ns, created.Name, "the sleep to run", nodeInPhase("sleep", v1alpha1.NodeRunning))
	stop := []byte(`{"spec":{"shutdown":"Stop"}}`)
	if _, err := weft.WeftV1alpha1().Workflows(ns).Patch(ctx, created.Name, types.MergePatchType, stop, metav1.PatchOptions{}); err != nil {
		t.Fatalf("stop patch: %v", err)
	}
	done := waitFinished(t, ctx, ns, created.Name)
	expectPhase(t, done, v1alpha1.WorkflowFailed)
	if !strings.HasPrefix(done.Status.Message, "Stopped with strategy 'Stop'") {
		t.Errorf("message %q should say Stop stopped it", done.Status.Message)
	}
	if n := nodeByDisplayName(t, done, "sleep"); n.Phase != v1alpha1.NodeSucceeded {
		t.Errorf("the running step ended %s %q; Stop lets it finish", n.Phase, n.Message)
	}
	for _, n := range done.Status.Nodes {
		if n.DisplayName == "never" {
			t.Errorf("a step started after Stop")
		}
	}
	exit := nodeByDisplayName(t, done, done.Name+".onExit")
	if log := podLog(t, ns, podOfNode(t, ns, done, exit)); !strings.Contains(log, "goodbye after Failed") {
		t.Errorf("exit handler's log %q", log)
	}
}
