package e2e

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestCronReplace: a run due every 10 s whose workflow sleeps a minute;
// with concurrencyPolicy Replace the next run terminates the one before,
// which ends Failed saying Terminate stopped it, and the new one runs.
func TestCronReplace(t *testing.T) {
	t.Parallel()
	ns := namespace(t, "cron-replace")
	ctx := testContext(t, 2*time.Minute)
	cw, err := weft.WeftV1alpha1().CronWorkflows(ns).Create(ctx, cronWorkflow("replace", v1alpha1.ReplaceConcurrent, "sleep 60"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create CronWorkflow: %v", err)
	}
	runs := waitForRuns(t, ctx, ns, cw.Name, "a second run", func(runs []v1alpha1.Workflow) bool { return len(runs) >= 2 })
	if creator := runs[0].Annotations[v1alpha1.AnnotationCreator]; creator == "" || strings.HasPrefix(creator, "system:serviceaccount:weft-system:") {
		t.Errorf("run recorded as created by %q, want the CronWorkflow's creator", creator)
	}
	first := waitFinished(t, ctx, ns, runs[0].Name)
	expectPhase(t, first, v1alpha1.WorkflowFailed)
	if !strings.HasPrefix(first.Status.Message, "Stopped with strategy 'Terminate'") {
		t.Errorf("replaced run's message %q should say Terminate stopped it", first.Status.Message)
	}
	if gone := first.Status.FinishedAt.Sub(first.Status.StartedAt.Time); gone > 30*time.Second {
		t.Errorf("the replaced run, which sleeps 60s, lasted %s", gone)
	}
	if err := weft.WeftV1alpha1().CronWorkflows(ns).Delete(ctx, cw.Name, metav1.DeleteOptions{}); err != nil {
		t.Errorf("delete CronWorkflow: %v", err)
	}
}
