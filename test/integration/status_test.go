package integration

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestStatusSubresource(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("status")

	wf := helloWorkflow("status")
	wf.Status.Phase = v1alpha1.WorkflowSucceeded
	created, err := workflows.Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.Status.Phase != "" {
		t.Errorf("create kept the client's status phase %q", created.Status.Phase)
	}

	// Through /status, status changes and spec does not.
	created.Status.Phase = v1alpha1.WorkflowRunning
	created.Status.Progress = "0/1"
	created.Spec.Entrypoint = "changed-through-status"
	updated, err := workflows.UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update status: %v", err)
	}
	if updated.Status.Phase != v1alpha1.WorkflowRunning || updated.Status.Progress != "0/1" {
		t.Errorf("status update not stored: %+v", updated.Status)
	}
	if updated.Spec.Entrypoint != "main" {
		t.Errorf("status update changed spec.entrypoint to %q", updated.Spec.Entrypoint)
	}

	// Through the main resource, spec's steering fields change and status does not.
	updated.Status.Phase = v1alpha1.WorkflowFailed
	suspend := true
	updated.Spec.Suspend = &suspend
	again, err := workflows.Update(ctx, updated, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if again.Status.Phase != v1alpha1.WorkflowRunning {
		t.Errorf("main resource update changed status.phase to %q", again.Status.Phase)
	}
	if again.Spec.Suspend == nil || !*again.Spec.Suspend {
		t.Errorf("main resource update lost spec.suspend")
	}
}

func TestCronWorkflowStatusSubresource(t *testing.T) {
	ctx := testContext(t)
	crons := server.Client.WeftV1alpha1().CronWorkflows("status")
	cron := &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "cron"},
		Spec:       v1alpha1.CronWorkflowSpec{Schedules: []string{"@hourly"}, WorkflowSpec: helloWorkflow("").Spec},
	}
	created, err := crons.Create(ctx, cron, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	created.Status.Succeeded = 4
	created.Spec.Suspend = true
	updated, err := crons.UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update status: %v", err)
	}
	if updated.Status.Succeeded != 4 || updated.Spec.Suspend {
		t.Errorf("status update: succeeded %d (want 4), suspend %v (want false)", updated.Status.Succeeded, updated.Spec.Suspend)
	}
}
