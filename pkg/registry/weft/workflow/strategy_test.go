package workflow

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

func validWorkflow() *weft.Workflow {
	return &weft.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "default", ResourceVersion: "1"},
		Spec: weft.WorkflowSpec{
			Entrypoint: "main",
			Templates:  []weft.Template{{Name: "main", Suspend: &weft.SuspendTemplate{}}},
		},
	}
}

func TestPrepareForCreateClearsStatus(t *testing.T) {
	wf := validWorkflow()
	wf.Status = weft.WorkflowStatus{Phase: weft.WorkflowSucceeded, Message: "forged"}
	NewStrategy(runtime.NewScheme()).PrepareForCreate(context.Background(), wf)
	if wf.Status.Phase != "" || wf.Status.Message != "" {
		t.Errorf("create kept a client's status: %+v", wf.Status)
	}
}

func TestMainResourceKeepsStatus(t *testing.T) {
	old := validWorkflow()
	old.Status.Phase = weft.WorkflowRunning
	updated := old.DeepCopy()
	updated.Status.Phase = weft.WorkflowSucceeded
	suspend := true
	updated.Spec.Suspend = &suspend

	s := NewStrategy(runtime.NewScheme())
	s.PrepareForUpdate(context.Background(), updated, old)
	if updated.Status.Phase != weft.WorkflowRunning {
		t.Errorf("update of the main resource changed status.phase to %q", updated.Status.Phase)
	}
	if errs := s.ValidateUpdate(context.Background(), updated, old); len(errs) != 0 {
		t.Errorf("suspending a workflow: %v", errs)
	}
}

func TestStatusSubresourceKeepsSpec(t *testing.T) {
	old := validWorkflow()
	updated := old.DeepCopy()
	updated.Spec.Entrypoint = "other"
	updated.Status.Phase = weft.WorkflowRunning

	s := NewStatusStrategy(runtime.NewScheme())
	s.PrepareForUpdate(context.Background(), updated, old)
	if updated.Spec.Entrypoint != "main" {
		t.Errorf("status update changed spec.entrypoint to %q", updated.Spec.Entrypoint)
	}
	if updated.Status.Phase != weft.WorkflowRunning {
		t.Errorf("status update lost status.phase")
	}
	if errs := s.ValidateUpdate(context.Background(), updated, old); len(errs) != 0 {
		t.Errorf("valid status update rejected: %v", errs)
	}
	updated.Status.Phase = "Finished"
	if errs := s.ValidateUpdate(context.Background(), updated, old); len(errs) != 1 || errs[0].Field != "status.phase" {
		t.Errorf("unknown phase: want one error at status.phase, got %v", errs)
	}
}

func TestResetFields(t *testing.T) {
	main := NewStrategy(runtime.NewScheme()).GetResetFields()["weft.dev/v1alpha1"]
	if main == nil || !main.Has(pathOf("status")) || main.Has(pathOf("spec")) {
		t.Errorf("main resource reset fields %v, want status only", main)
	}
	status := NewStatusStrategy(runtime.NewScheme()).GetResetFields()["weft.dev/v1alpha1"]
	if status == nil || !status.Has(pathOf("spec")) || status.Has(pathOf("status")) {
		t.Errorf("status subresource reset fields %v, want spec only", status)
	}
}

func TestSelectableFields(t *testing.T) {
	wf := validWorkflow()
	wf.Status.Phase = weft.WorkflowFailed
	_, fields, err := GetAttrs(wf)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{"metadata.name": "wf", "metadata.namespace": "default", "status.phase": "Failed"} {
		if fields[field] != want {
			t.Errorf("field %s = %q, want %q", field, fields[field], want)
		}
	}
	if _, _, err := GetAttrs(&weft.CronWorkflow{}); err == nil {
		t.Error("GetAttrs accepted a CronWorkflow")
	}
}

func TestTableRow(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	wf := validWorkflow()
	wf.CreationTimestamp = metav1.NewTime(now.Add(-5 * time.Minute))
	wf.Status = weft.WorkflowStatus{
		Phase:      weft.WorkflowSucceeded,
		StartedAt:  metav1.NewTime(now.Add(-4 * time.Minute)),
		FinishedAt: metav1.NewTime(now.Add(-4*time.Minute + 42*time.Second)),
		Progress:   "4/4",
	}
	message := weft.AnyString("hi")
	wf.Spec.Arguments.Parameters = []weft.Parameter{{Name: "message", Value: &message}}
	got := row(wf, now)
	want := []interface{}{"wf", "Succeeded", "5m", "42s", "4/4", "", "main", "4m", "3m18s", "message=hi"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %v, want %v (row %v)", i, got[i], want[i], got)
		}
	}
}

func pathOf(field string) fieldpath.Path {
	return fieldpath.MakePathOrDie(field)
}
