package integration

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftac "github.com/weft-dev/weft/pkg/generated/applyconfiguration/weft/v1alpha1"
)

func TestServerSideApply(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("apply")
	desired := weftac.Workflow("applied", "apply").
		WithLabels(map[string]string{"owner": "team-a"}).
		WithSpec(weftac.WorkflowSpec().
			WithEntrypoint("main").
			WithTemplates(weftac.Template().
				WithName("main").
				WithContainer(corev1ac.Container().WithImage("weft.localhost/busybox:1.35").WithCommand("echo", "applied"))))

	applied, err := workflows.Apply(ctx, desired, metav1.ApplyOptions{FieldManager: "alice"})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if applied.Spec.Templates[0].Container.Command[1] != "applied" {
		t.Errorf("applied spec not stored: %+v", applied.Spec.Templates[0].Container)
	}
	if !managedBy(applied.ManagedFields, "alice", "") {
		t.Errorf("no managed fields for alice: %+v", applied.ManagedFields)
	}

	// A second manager that sets alice's label without force conflicts.
	conflicting := weftac.Workflow("applied", "apply").WithLabels(map[string]string{"owner": "team-b"})
	if _, err := workflows.Apply(ctx, conflicting, metav1.ApplyOptions{FieldManager: "bob"}); !apierrors.IsConflict(err) {
		t.Errorf("conflicting apply: want 409 Conflict, got %v", err)
	}

	// Status is applied through its subresource, by the controller's manager.
	status := weftac.Workflow("applied", "apply").WithStatus(weftac.WorkflowStatus().WithPhase(v1alpha1.WorkflowRunning))
	withStatus, err := workflows.ApplyStatus(ctx, status, metav1.ApplyOptions{FieldManager: "weft-controller", Force: true})
	if err != nil {
		t.Fatalf("apply status: %v", err)
	}
	if withStatus.Status.Phase != v1alpha1.WorkflowRunning {
		t.Errorf("applied status phase %q", withStatus.Status.Phase)
	}
	if !managedBy(withStatus.ManagedFields, "weft-controller", "status") {
		t.Errorf("no status managed fields for weft-controller: %+v", withStatus.ManagedFields)
	}
}

func managedBy(entries []metav1.ManagedFieldsEntry, manager, subresource string) bool {
	for _, entry := range entries {
		if entry.Manager == manager && entry.Subresource == subresource && entry.Operation == metav1.ManagedFieldsOperationApply {
			return true
		}
	}
	return false
}
