package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// TestArtifactGC runs examples/artifact-gc.yaml: the OnWorkflowCompletion
// artifact leaves the store once the workflow completed, and its pod goes;
// the OnWorkflowDeletion artifact stays, the finalizer holding the workflow,
// until `kubectl delete workflow`, after which the artifact and then the
// workflow are gone.
func TestArtifactGC(t *testing.T) {
	ns := artifactNamespace(t, "artgc")
	ctx := testContext(t, 5*time.Minute)
	wf := runExample(t, ns, "artifact-gc.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	prefix := "artifact-gc/" + string(wf.UID) + "/"
	onDeletion := prefix + "on-deletion.txt"

	wf = waitFor(t, ctx, ns, wf.Name, "on-completion to be marked deleted", func(wf *v1alpha1.Workflow) bool {
		return outputArtifact(t, wf, wf.Name, "on-completion").Deleted
	})
	if outputArtifact(t, wf, wf.Name, "on-deletion").Deleted {
		t.Errorf("on-deletion is marked deleted before the workflow was deleted")
	}
	if keys := storeKeys(t, ctx, prefix); !slices.Equal(keys, []string{onDeletion}) {
		t.Errorf("keys under %s after completion: %v, want only %s", prefix, keys, onDeletion)
	}
	if st := wf.Status.ArtifactGCStatus; st == nil || !st.StrategiesProcessed["OnWorkflowCompletion"] || len(st.PodsRecouped) != 1 {
		t.Errorf("status.artifactGCStatus = %+v, want OnWorkflowCompletion processed and its pod recouped", st)
	}
	if !slices.Contains(wf.Finalizers, engine.ArtifactGCFinalizer) {
		t.Errorf("finalizers %v, want %s", wf.Finalizers, engine.ArtifactGCFinalizer)
	}
	waitNoArtifactGCPods(t, ctx, ns, "the completion pod to be deleted")

	mustKubectl(t, "delete", "-n", ns, "workflows.weft.dev", wf.Name, "--timeout=3m")
	if _, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, wf.Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("workflow %s after kubectl delete: %v, want it gone", wf.Name, err)
	}
	if keys := storeKeys(t, ctx, prefix); len(keys) != 0 {
		t.Errorf("keys under %s after the workflow was deleted: %v, want none", prefix, keys)
	}
	waitNoArtifactGCPods(t, ctx, ns, "the deletion pod to be deleted")
}

// waitNoArtifactGCPods waits until ns has no artifact garbage-collection pod.
func waitNoArtifactGCPods(t *testing.T, ctx context.Context, ns, what string) {
	t.Helper()
	var left []string
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		pods, err := kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: podspec.LabelArtifactGC})
		if err != nil {
			return false, nil
		}
		left = left[:0]
		for _, p := range pods.Items {
			left = append(left, p.Name+" "+string(p.Status.Phase))
		}
		return len(left) == 0, nil
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v; pods left: %s", what, err, strings.Join(left, ", "))
	}
}
