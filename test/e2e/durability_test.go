package e2e

import (
	"context"
	"reflect"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestObjectsSurviveApiserverRestart deletes weft-apiserver's pod, and with
// it the embedded etcd, and checks every finished workflow comes back
// unchanged from the persistent volume.
func TestObjectsSurviveApiserverRestart(t *testing.T) {
	ctx := testContext(t, 5*time.Minute)
	ns := namespace(t, "durability")
	workflows := weft.WeftV1alpha1().Workflows(ns)
	const count = 12
	names := make([]string, 0, count)
	for i := 0; i < count; i++ {
		created, err := workflows.Create(ctx, workflow("durable-"), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("create workflow %d: %v", i, err)
		}
		names = append(names, created.Name)
	}
	// Finished workflows change no more, so the whole object must come back
	// as it was, status and resourceVersion included.
	for _, name := range names {
		expectPhase(t, waitFinished(t, ctx, ns, name), v1alpha1.WorkflowSucceeded)
	}
	before, err := workflows.List(ctx, metav1.ListOptions{})
	if err != nil || len(before.Items) != count {
		t.Fatalf("list before restart: %d items, %v", len(before.Items), err)
	}

	pods := kube.CoreV1().Pods("weft-system")
	old, err := pods.Get(ctx, "weft-apiserver-0", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get weft-apiserver-0: %v", err)
	}
	if err := pods.Delete(ctx, "weft-apiserver-0", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("delete weft-apiserver-0: %v", err)
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		pod, err := pods.Get(ctx, "weft-apiserver-0", metav1.GetOptions{})
		if err != nil || pod.UID == old.UID {
			return false, nil
		}
		return podReady(pod), nil
	})
	if err != nil {
		t.Fatalf("weft-apiserver-0 not back and ready: %v", err)
	}

	var after *v1alpha1.WorkflowList
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		after, err = workflows.List(ctx, metav1.ListOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("listing after the restart: %v", err)
	}
	if len(after.Items) != count {
		t.Fatalf("after the restart: %d workflows, want %d", len(after.Items), count)
	}
	beforeByName := map[string]v1alpha1.Workflow{}
	for _, wf := range before.Items {
		beforeByName[wf.Name] = wf
	}
	for _, got := range after.Items {
		want, ok := beforeByName[got.Name]
		if !ok {
			t.Errorf("after the restart: unknown workflow %s", got.Name)
			continue
		}
		if got.UID != want.UID || got.ResourceVersion != want.ResourceVersion ||
			!reflect.DeepEqual(got.Spec, want.Spec) || !reflect.DeepEqual(got.Status, want.Status) {
			t.Errorf("workflow %s changed across the restart", got.Name)
		}
	}
}
