package integration

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestFieldSelectors(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("fields")
	for name, phase := range map[string]v1alpha1.WorkflowPhase{"running": v1alpha1.WorkflowRunning, "done": v1alpha1.WorkflowSucceeded} {
		created, err := workflows.Create(ctx, helloWorkflow(name), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		created.Status.Phase = phase
		if _, err := workflows.UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
			t.Fatalf("update status of %s: %v", name, err)
		}
	}

	for selector, want := range map[string]string{
		"status.phase=Running":   "running",
		"status.phase!=Running":  "done",
		"metadata.name=done":     "done",
		"metadata.namespace=nil": "",
	} {
		list, err := workflows.List(ctx, metav1.ListOptions{FieldSelector: selector})
		if err != nil {
			t.Fatalf("list --field-selector %s: %v", selector, err)
		}
		var names []string
		for _, wf := range list.Items {
			names = append(names, wf.Name)
		}
		if (want == "" && len(names) != 0) || (want != "" && (len(names) != 1 || names[0] != want)) {
			t.Errorf("--field-selector %s listed %v, want [%s]", selector, names, want)
		}
	}

	_, err := workflows.List(ctx, metav1.ListOptions{FieldSelector: "spec.entrypoint=main"})
	if !apierrors.IsBadRequest(err) {
		t.Errorf("unknown field selector: want 400 Bad Request, got %v", err)
	}
}
