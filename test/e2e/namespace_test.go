package e2e

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// TestNamespaceDeletionCompletes deletes a namespace holding Weft objects:
// the namespace controller must be able to list and delete them through the
// aggregated API, or the namespace stays Terminating for ever.
func TestNamespaceDeletionCompletes(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	created, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "ns-delete-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ns := created.Name
	runExample(t, ns, "hello-world.yaml")
	mustKubectl(t, "-n", ns, "create", "-f", "../../examples/workflow-template.yaml")
	if err := kube.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		namespace, _ := kube.CoreV1().Namespaces().Get(context.Background(), ns, metav1.GetOptions{})
		t.Fatalf("namespace %s still exists: %v; conditions %+v", ns, err, namespace.Status.Conditions)
	}
}
