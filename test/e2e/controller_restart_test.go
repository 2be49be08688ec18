package e2e

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestControllerRestartMidRun kills weft-controller while a workflow runs and
// checks the workflow still succeeds, with exactly one pod per pod node.
func TestControllerRestartMidRun(t *testing.T) {
	ctx := testContext(t, 5*time.Minute)
	ns := namespace(t, "restart")
	wf := workflow("restart-")
	sleep := wf.Spec.Templates[0]
	sleep.Name = "sleep"
	sleep.Container = sleep.Container.DeepCopy()
	sleep.Container.Command = []string{"sh", "-c", "sleep 4; echo done"}
	wf.Spec.Entrypoint = "chain"
	wf.Spec.Templates = []v1alpha1.Template{
		{Name: "chain", Steps: [][]v1alpha1.WorkflowStep{
			{{Name: "one", Template: "sleep"}},
			{{Name: "two", Template: "sleep"}, {Name: "three", Template: "sleep"}},
			{{Name: "four", Template: "sleep"}},
		}},
		sleep,
	}
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, 500*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		return len(workflowPods(t, ns, created.Name)) > 0, nil
	})
	if err != nil {
		t.Fatalf("no pod started: %v", err)
	}

	controllers := kube.CoreV1().Pods("weft-system")
	selector := metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=weft-controller"}
	list, err := controllers.List(ctx, selector)
	if err != nil || len(list.Items) == 0 {
		t.Fatalf("no weft-controller pod: %v", err)
	}
	zero := int64(0)
	for _, pod := range list.Items {
		if err := controllers.Delete(ctx, pod.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
			t.Fatalf("killing %s: %v", pod.Name, err)
		}
	}

	done := waitFinished(t, ctx, ns, created.Name)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	podNodes := 0
	for _, node := range done.Status.Nodes {
		if node.Type == v1alpha1.NodeTypePod {
			podNodes++
		}
	}
	pods := workflowPods(t, ns, created.Name)
	if podNodes != 4 || len(pods) != podNodes {
		t.Errorf("%d pod nodes and %d pods, want 4 and 4", podNodes, len(pods))
	}
	for _, pod := range pods {
		if pod.Status.Phase != corev1.PodSucceeded {
			t.Errorf("pod %s is %s", pod.Name, pod.Status.Phase)
		}
	}
}
