package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestVolumeClaimTemplates runs volumes-pvc.yaml on a hostPath volume made
// for the test (the node has no storage provisioner): one step writes a
// file to the run's claim, the next reads it, and volumeClaimGC deletes the
// claim once the workflow completed.
func TestVolumeClaimTemplates(t *testing.T) {
	ns := namespace(t, "volumes")
	ctx := testContext(t, 3*time.Minute)
	class := "weft-e2e-" + ns
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: class},
		Spec: corev1.PersistentVolumeSpec{
			StorageClassName:              class,
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Mi")},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
			PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{
				Path: "/tmp/" + class, Type: ptr(corev1.HostPathDirectoryOrCreate),
			}},
		},
	}
	if _, err := kube.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kube.CoreV1().PersistentVolumes().Delete(context.Background(), class, metav1.DeleteOptions{})
	})
	wf := exampleWorkflow(t, "volumes-pvc.yaml")
	wf.Spec.VolumeClaimTemplates[0].Spec.StorageClassName = &class
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	if log := podLog(t, ns, podOfNode(t, ns, done, nodeByDisplayName(t, done, "print"))); !strings.Contains(log, "hello world") {
		t.Errorf("print's log %q should hold what generate wrote", log)
	}
	claim := done.Name + "-workdir"
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		c, err := kube.CoreV1().PersistentVolumeClaims(ns).Get(ctx, claim, metav1.GetOptions{})
		return apierrors.IsNotFound(err) || (err == nil && c.DeletionTimestamp != nil), nil
	})
	if err != nil {
		t.Errorf("volumeClaimGC did not delete claim %s", claim)
	}
}

func ptr[T any](v T) *T { return &v }
