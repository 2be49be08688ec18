package workflow

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes/statusnodestest"
)

func TestSyncReadsNodesFromCompressedNodes(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, helloWorkflow())
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	running, err := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A start time only the packed nodes know: a sync that did not read
	// them would start the node anew, now.
	nodes := running.Status.Nodes
	markedStart := metav1.Unix(1000000000, 0)
	for id, node := range nodes {
		node.StartedAt = markedStart
		nodes[id] = node
	}
	running.Status.CompressedNodes, running.Status.Nodes = statusnodestest.PackedLikeArgo(t, nodes), nil
	if _, err := f.weft.WeftV1alpha1().Workflows("default").UpdateStatus(ctx, running, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the packed status in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Status.CompressedNodes != ""
	})
	f.controller.written.forget("default/hello")
	succeedOnlyPod(t, f)

	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("sync of a packed status: %v", err)
	}
	pods, _ := f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if len(pods.Items) != 1 {
		t.Errorf("%d pods after a sync of the packed status, want still 1: its node was not read", len(pods.Items))
	}
	after, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if after.Status.Phase != v1alpha1.WorkflowSucceeded || after.Status.CompressedNodes != "" {
		t.Fatalf("after the sync the workflow is %s with %d packed bytes, want Succeeded written unpacked (one node is small)", after.Status.Phase, len(after.Status.CompressedNodes))
	}
	for id := range nodes {
		node, ok := after.Status.Nodes[id]
		switch {
		case !ok:
			t.Errorf("node %s is gone from the status the sync left", id)
		case !node.StartedAt.Equal(&markedStart):
			t.Errorf("node %s started at %v after the sync, want %v from the packed nodes", id, node.StartedAt, markedStart)
		}
	}
}

// succeedOnlyPod ends the fixture's one pod with success and waits until
// the controller's cache has seen it.
func succeedOnlyPod(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	pods, err := f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("want one pod: %v, %v", pods, err)
	}
	pod := pods.Items[0]
	pod.Status = corev1.PodStatus{Phase: corev1.PodSucceeded, ContainerStatuses: []corev1.ContainerStatus{{
		Name: "main",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 0, Reason: "Completed", StartedAt: metav1.Now(), FinishedAt: metav1.Now(), Message: `{"exitCode":0}`,
		}},
	}}}
	if _, err := f.kube.CoreV1().Pods("default").UpdateStatus(ctx, &pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pod's success in the cache", func() bool {
		cached, err := f.controller.pods.Pods("default").Get(pod.Name)
		return err == nil && cached.Status.Phase == corev1.PodSucceeded
	})
}
