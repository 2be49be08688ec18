package workflow

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// gcWorkflow is helloWorkflow whose artifacts are deleted OnWorkflowDeletion.
func gcWorkflow() *v1alpha1.Workflow {
	wf := helloWorkflow()
	wf.Finalizers = []string{"someone.else/keep"}
	wf.Spec.ArtifactGC = &v1alpha1.WorkflowLevelArtifactGC{ArtifactGC: v1alpha1.ArtifactGC{Strategy: "OnWorkflowDeletion"}}
	return wf
}

func TestSyncAddsAndRemovesTheArtifactGCFinalizer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, gcWorkflow())
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	got, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if want := []string{"someone.else/keep", engine.ArtifactGCFinalizer}; !slices.Equal(got.Finalizers, want) {
		t.Fatalf("finalizers after the first sync: %v, want %v", got.Finalizers, want)
	}

	deleted := gcWorkflow()
	now := metav1.Now()
	deleted.DeletionTimestamp = &now
	deleted.Finalizers = append(deleted.Finalizers, engine.ArtifactGCFinalizer)
	f = newFixture(t, deleted)
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("sync of the deleted workflow: %v", err)
	}
	got, _ = f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if want := []string{"someone.else/keep"}; !slices.Equal(got.Finalizers, want) {
		t.Errorf("a deleted workflow with no artifact to delete lets go: finalizers %v, want %v", got.Finalizers, want)
	}
	pods, _ := f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if len(pods.Items) != 0 {
		t.Errorf("a deleted workflow starts no node: %d pods", len(pods.Items))
	}
}

func TestObserveArtifactGCPod(t *testing.T) {
	wf := helloWorkflow()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "hello-artgc-wfdel-1", Labels: map[string]string{
			podspec.LabelWorkflow: "hello", podspec.LabelArtifactGC: "OnWorkflowDeletion", podspec.LabelWorkflowUID: string(wf.UID)}},
		Status: corev1.PodStatus{Phase: corev1.PodFailed, ContainerStatuses: []corev1.ContainerStatus{{
			Name: podspec.MainContainer,
			State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 1, Message: `{"deleted":1,"failed":{"hello/a":"AccessDenied"}}`,
			}},
		}}},
	}
	observed := observePod(pod)
	if observed.ArtifactGC != "OnWorkflowDeletion" || observed.Outputs != nil || observed.Message != "" {
		t.Errorf("observed %+v, want the strategy and no executor report", observed)
	}
	want := executor.GCReport{Deleted: 1, Failed: map[string]string{"hello/a": "AccessDenied"}}
	if observed.GCReport == nil || observed.GCReport.Deleted != want.Deleted || observed.GCReport.Failed["hello/a"] != "AccessDenied" {
		t.Errorf("report %+v, want %+v", observed.GCReport, want)
	}
	if !belongsTo(pod, wf) {
		t.Error("a garbage-collection pod labelled with the workflow's UID belongs to it")
	}
	pod.Labels[podspec.LabelWorkflowUID] = "an-earlier-workflow-of-the-same-name"
	if belongsTo(pod, wf) {
		t.Error("a garbage-collection pod of another workflow UID does not belong to it")
	}
}
