package e2e

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apiserver"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// runExample creates the workflow of an examples/ file and waits until it finishes.
func runExample(t *testing.T, ns, file string) *v1alpha1.Workflow {
	t.Helper()
	return runWorkflow(t, ns, exampleWorkflow(t, file))
}

// exampleWorkflow reads the workflow of an examples/ file.
func exampleWorkflow(t *testing.T, file string) *v1alpha1.Workflow {
	t.Helper()
	data, err := os.ReadFile("../../examples/" + file)
	if err != nil {
		t.Fatal(err)
	}
	obj, _, err := apiserver.Codecs.UniversalDeserializer().Decode(data, nil, nil)
	if err != nil {
		t.Fatalf("decoding %s: %v", file, err)
	}
	wf, ok := obj.(*v1alpha1.Workflow)
	if !ok {
		t.Fatalf("%s holds a %T, not a Workflow", file, obj)
	}
	return wf
}

// runWorkflow creates wf in ns and waits until it finishes.
func runWorkflow(t *testing.T, ns string, wf *v1alpha1.Workflow) *v1alpha1.Workflow {
	t.Helper()
	ctx := testContext(t, 4*time.Minute)
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create workflow: %v", err)
	}
	return waitFinished(t, ctx, ns, created.Name)
}

// waitFinished waits until the workflow finished and returns it.
func waitFinished(t *testing.T, ctx context.Context, ns, name string) *v1alpha1.Workflow {
	t.Helper()
	return waitFor(t, ctx, ns, name, "it to finish", func(wf *v1alpha1.Workflow) bool {
		return finished(wf.Status.Phase)
	})
}

func describe(wf *v1alpha1.Workflow) string {
	if wf == nil {
		return "none"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q\n", wf.Status.Phase, wf.Status.Progress, wf.Status.Message)
	for _, node := range wf.Status.Nodes {
		fmt.Fprintf(&b, "  %s %s %s %q\n", node.Name, node.Type, node.Phase, node.Message)
	}
	return b.String()
}

func expectPhase(t *testing.T, wf *v1alpha1.Workflow, phase v1alpha1.WorkflowPhase) {
	t.Helper()
	if wf.Status.Phase != phase {
		t.Fatalf("workflow %s ended %s, want %s:\n%s", wf.Name, wf.Status.Phase, phase, describe(wf))
	}
}

// nodeByDisplayName returns the node whose display name is given.
func nodeByDisplayName(t *testing.T, wf *v1alpha1.Workflow, displayName string) v1alpha1.NodeStatus {
	t.Helper()
	for _, node := range wf.Status.Nodes {
		if node.DisplayName == displayName {
			return node
		}
	}
	t.Fatalf("workflow %s has no node %q:\n%s", wf.Name, displayName, describe(wf))
	return v1alpha1.NodeStatus{}
}

// workflowPods returns the pods of a workflow.
func workflowPods(t *testing.T, ns, name string) []corev1.Pod {
	t.Helper()
	pods, err := kube.CoreV1().Pods(ns).List(testContext(t, time.Minute), metav1.ListOptions{LabelSelector: podspec.LabelWorkflow + "=" + name})
	if err != nil {
		t.Fatal(err)
	}
	return pods.Items
}

// podLog returns the main container's log of a pod.
func podLog(t *testing.T, ns, pod string) string {
	t.Helper()
	raw, err := kube.CoreV1().Pods(ns).GetLogs(pod, &corev1.PodLogOptions{Container: podspec.MainContainer}).DoRaw(testContext(t, time.Minute))
	if err != nil {
		t.Fatalf("log of %s: %v", pod, err)
	}
	return string(raw)
}

func TestLoopsMaps(t *testing.T) {
	ns := namespace(t, "loops-maps")
	started := time.Now()
	wf := runExample(t, ns, "loops-maps.yaml")
	t.Logf("loops-maps: created to %s in %s", wf.Status.Phase, time.Since(started).Round(100*time.Millisecond))
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	if wf.Status.Progress != "4/4" {
		t.Errorf("progress %q, want 4/4", wf.Status.Progress)
	}
	pods := workflowPods(t, ns, wf.Name)
	if len(pods) != 4 {
		t.Fatalf("%d pods, want 4", len(pods))
	}
	releases := map[string]string{}
	for _, pod := range pods {
		releases[pod.Spec.Containers[0].Image] = podLog(t, ns, pod.Name)
	}
	distinct := map[string]bool{}
	for image, release := range releases {
		if !strings.Contains(release, "NAME=") {
			t.Errorf("%s printed no os-release: %q", image, release)
		}
		distinct[release] = true
	}
	if len(distinct) != 4 {
		t.Errorf("want four different os-release files, got %d", len(distinct))
	}
	nodeByDisplayName(t, wf, "test-linux(0:image:weft.localhost/debian,tag:12)")
	out := mustKubectl(t, "-n", ns, "get", "wf", wf.Name)
	if !strings.Contains(out, "Succeeded") || !strings.Contains(out, "4/4") {
		t.Errorf("kubectl get wf does not show Succeeded 4/4:\n%s", out)
	}
}

func TestStepsPassParameters(t *testing.T) {
	ns := namespace(t, "steps")
	wf := runExample(t, ns, "steps.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	pods := workflowPods(t, ns, wf.Name)
	if len(pods) != 3 {
		t.Errorf("%d pods, want 3", len(pods))
	}
	var logs []string
	for _, pod := range pods {
		logs = append(logs, strings.TrimSpace(podLog(t, ns, pod.Name)))
	}
	sort.Strings(logs)
	if strings.Join(logs, "|") == "" {
		t.Errorf("steps printed nothing")
	}
}

func TestCoinFlip(t *testing.T) {
	ns := namespace(t, "coin-flip")
	wf := runExample(t, ns, "coin-flip.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	flip := nodeByDisplayName(t, wf, "flip-coin")
	if flip.Outputs == nil || flip.Outputs.Result == nil {
		t.Fatalf("flip-coin has no result:\n%s", describe(wf))
	}
	result := *flip.Outputs.Result
	heads, tails := nodeByDisplayName(t, wf, "heads"), nodeByDisplayName(t, wf, "tails")
	winner, loser := heads, tails
	if result == "tails" {
		winner, loser = tails, heads
	}
	if winner.Phase != v1alpha1.NodeSucceeded || loser.Phase != v1alpha1.NodeSkipped {
		t.Errorf("result %q: %s is %s and %s is %s", result, winner.DisplayName, winner.Phase, loser.DisplayName, loser.Phase)
	}
}

func TestDAGDiamond(t *testing.T) {
	ns := namespace(t, "dag")
	for _, file := range []string{"dag-diamond.yaml", "dag-diamond-depends.yaml"} {
		wf := runExample(t, ns, file)
		expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
		a, d := nodeByDisplayName(t, wf, "A"), nodeByDisplayName(t, wf, "D")
		if !d.StartedAt.After(a.FinishedAt.Time) && !d.StartedAt.Equal(&a.FinishedAt) {
			t.Errorf("%s: D started %s, before A finished %s", file, d.StartedAt, a.FinishedAt)
		}
	}
}

func TestLoopsOverStepOutput(t *testing.T) {
	ns := namespace(t, "loops-param")
	wf := runExample(t, ns, "loops-param.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
}

func TestOutputParameterFromFile(t *testing.T) {
	ns := namespace(t, "output-parameter")
	wf := runExample(t, ns, "output-parameter.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	if wf.Status.Outputs == nil || len(wf.Status.Outputs.Parameters) == 0 {
		t.Errorf("no global output parameter:\n%s", describe(wf))
	}
}

func TestFailingStepFailsWorkflow(t *testing.T) {
	ns := namespace(t, "failing")
	wf := workflow("failing-")
	wf.Spec.Templates[0].Container.Command = []string{"sh", "-c", "echo about to fail; exit 3"}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowFailed)
	if !strings.Contains(describe(done), "exit code 3") {
		t.Errorf("no node message names exit code 3:\n%s", describe(done))
	}
}

// TestPodsGoWithTheirWorkflow deletes a workflow and waits for the garbage
// collector to delete its pods through their ownerReferences.
func TestPodsGoWithTheirWorkflow(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	ns := namespace(t, "gc")
	wf := runExample(t, ns, "hello-world.yaml")
	if len(workflowPods(t, ns, wf.Name)) == 0 {
		t.Fatalf("workflow %s has no pods to collect", wf.Name)
	}
	mustKubectl(t, "-n", ns, "delete", "wf", wf.Name)
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		return len(workflowPods(t, ns, wf.Name)) == 0, nil
	})
	if err != nil {
		t.Errorf("pods of deleted workflow %s remain: %v", wf.Name, err)
	}
}

func TestTemplatesByReference(t *testing.T) {
	ns := namespace(t, "template-refs")
	mustKubectl(t, "-n", ns, "create", "-f", "../../examples/workflow-template.yaml")
	for _, file := range []string{"workflow-template-ref.yaml", "templateref.yaml"} {
		wf := runExample(t, ns, file)
		expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
		if wf.Spec.WorkflowTemplateRef != nil && wf.Status.StoredWorkflowTemplateSpec == nil {
			t.Errorf("%s: the template's spec is not stored in status", file)
		}
	}
}
