package cronworkflow

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

func validCron() *weft.CronWorkflow {
	return &weft.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "default", ResourceVersion: "1"},
		Spec: weft.CronWorkflowSpec{
			Schedules: []string{"0 2 * * *"},
			WorkflowSpec: weft.WorkflowSpec{
				Entrypoint: "main",
				Templates:  []weft.Template{{Name: "main", Suspend: &weft.SuspendTemplate{}}},
			},
		},
	}
}

func TestStrategiesKeepTheOtherHalf(t *testing.T) {
	ctx := context.Background()
	old := validCron()
	old.Status.Succeeded = 2

	fromMain := old.DeepCopy()
	fromMain.Status.Succeeded = 9
	fromMain.Spec.Suspend = true
	NewStrategy(runtime.NewScheme()).PrepareForUpdate(ctx, fromMain, old)
	if fromMain.Status.Succeeded != 2 || !fromMain.Spec.Suspend {
		t.Errorf("main resource update: succeeded %d (want 2), suspend %v (want true)", fromMain.Status.Succeeded, fromMain.Spec.Suspend)
	}

	fromStatus := old.DeepCopy()
	fromStatus.Status.Succeeded = 9
	fromStatus.Spec.Suspend = true
	NewStatusStrategy(runtime.NewScheme()).PrepareForUpdate(ctx, fromStatus, old)
	if fromStatus.Status.Succeeded != 9 || fromStatus.Spec.Suspend {
		t.Errorf("status update: succeeded %d (want 9), suspend %v (want false)", fromStatus.Status.Succeeded, fromStatus.Spec.Suspend)
	}
}

func TestDeprecatedScheduleWarns(t *testing.T) {
	cron := validCron()
	s := NewStrategy(runtime.NewScheme())
	if warnings := s.WarningsOnCreate(context.Background(), cron); len(warnings) != 0 {
		t.Errorf("schedules only: unexpected warnings %v", warnings)
	}
	cron.Spec.Schedules, cron.Spec.Schedule = nil, "0 2 * * *"
	if warnings := s.WarningsOnCreate(context.Background(), cron); len(warnings) != 1 {
		t.Errorf("deprecated schedule: want one warning, got %v", warnings)
	}
	if errs := s.Validate(context.Background(), cron); len(errs) != 0 {
		t.Errorf("the deprecated schedule is still valid: %v", errs)
	}
}

func TestTableRow(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	cron := validCron()
	cron.CreationTimestamp = metav1.NewTime(now.Add(-48 * time.Hour))
	cron.Spec.Schedule = "@hourly"
	last := metav1.NewTime(now.Add(-10 * time.Minute))
	cron.Status.LastScheduledTime = &last
	got := row(cron, now)
	want := []interface{}{"nightly", "0 2 * * *,@hourly", false, "10m", int64(0), "2d", "", "", int64(0), int64(0)}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %#v, want %#v", i, got[i], want[i])
		}
	}
}
