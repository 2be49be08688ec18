package workflow

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestTerminateDeletesTheRunningPod(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, helloWorkflow())
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatal(err)
	}
	pods, _ := f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if len(pods.Items) != 1 {
		t.Fatalf("%d pods, want 1", len(pods.Items))
	}
	wf, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	wf.Spec.Shutdown = v1alpha1.ShutdownTerminate
	if _, err := f.weft.WeftV1alpha1().Workflows("default").Update(ctx, wf, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the shutdown in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Spec.Shutdown != ""
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.kube.CoreV1().Pods("default").Get(ctx, pods.Items[0].Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the running pod was not deleted: %v", err)
	}
	done, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if done.Status.Phase != v1alpha1.WorkflowFailed || done.Status.Message != "Stopped with strategy 'Terminate'" {
		t.Errorf("workflow %s %q", done.Status.Phase, done.Status.Message)
	}
}

func TestClaimsComeBeforePodsAndGoWithTheWorkflow(t *testing.T) {
	ctx := context.Background()
	wf := helloWorkflow()
	wf.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{{
		ObjectMeta: metav1.ObjectMeta{Name: "work"},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Mi")}},
		},
	}}
	wf.Spec.Templates[0].Container.VolumeMounts = []corev1.VolumeMount{{Name: "work", MountPath: "/work"}}
	ttl := int32(0)
	wf.Spec.TTLStrategy = &v1alpha1.TTLStrategy{SecondsAfterCompletion: &ttl}
	f := newFixture(t, wf)
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.kube.CoreV1().PersistentVolumeClaims("default").Get(ctx, "hello-work", metav1.GetOptions{}); err != nil {
		t.Fatalf("claim not created with the pod: %v", err)
	}

	running, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	running.Spec.Shutdown = v1alpha1.ShutdownTerminate
	if _, err := f.weft.WeftV1alpha1().Workflows("default").Update(ctx, running, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the shutdown in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Spec.Shutdown != ""
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.kube.CoreV1().PersistentVolumeClaims("default").Get(ctx, "hello-work", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("claim kept after the workflow completed: %v", err)
	}
	if _, err := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("workflow past its ttlStrategy (0s) not deleted as it finished: %v", err)
	}
}
