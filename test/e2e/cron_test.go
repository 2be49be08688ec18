package e2e

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cron"
)

// cronWorkflow is a CronWorkflow due every ten seconds whose workflow runs
// `sh -c script`.
func cronWorkflow(name string, policy v1alpha1.ConcurrencyPolicy, script string) *v1alpha1.CronWorkflow {
	return &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules:         []string{"@every 10s"},
			ConcurrencyPolicy: policy,
			WorkflowMetadata:  &metav1.ObjectMeta{Labels: map[string]string{"e2e": name}},
			WorkflowSpec: v1alpha1.WorkflowSpec{
				Entrypoint: "main",
				Templates: []v1alpha1.Template{{
					Name:      "main",
					Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"sh", "-c", script}},
				}},
			},
		},
	}
}

// cronRuns are the workflows of a CronWorkflow, oldest scheduled first.
func cronRuns(t *testing.T, ctx context.Context, ns, name string) []v1alpha1.Workflow {
	t.Helper()
	list, err := weft.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{LabelSelector: cron.LabelCronWorkflow + "=" + name})
	if err != nil {
		t.Fatalf("listing the workflows of %s: %v", name, err)
	}
	sort.Slice(list.Items, func(i, j int) bool { return list.Items[i].Name < list.Items[j].Name })
	return list.Items
}

// waitForRuns polls until cond holds of the CronWorkflow's workflows.
func waitForRuns(t *testing.T, ctx context.Context, ns, name, what string, cond func([]v1alpha1.Workflow) bool) []v1alpha1.Workflow {
	t.Helper()
	var runs []v1alpha1.Workflow
	err := wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		runs = cronRuns(t, ctx, ns, name)
		return cond(runs), nil
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v; workflows: %s", what, err, runNames(runs))
	}
	return runs
}

func runNames(runs []v1alpha1.Workflow) string {
	names := make([]string, len(runs))
	for i, wf := range runs {
		names[i] = fmt.Sprintf("%s (%s)", wf.Name, wf.Status.Phase)
	}
	return strings.Join(names, ", ")
}

func ended(wf *v1alpha1.Workflow) bool {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// TestCronForbid: a run due every 10 s whose workflow sleeps 25 s fires on
// schedule with a labelled, owned, deterministically named workflow; no
// second workflow starts while the first runs; the next starts after it.
func TestCronForbid(t *testing.T) {
	t.Parallel()
	ns := namespace(t, "cron-forbid")
	ctx := testContext(t, 3*time.Minute)
	cw, err := weft.WeftV1alpha1().CronWorkflows(ns).Create(ctx, cronWorkflow("forbid", v1alpha1.ForbidConcurrent, "sleep 25"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create CronWorkflow: %v", err)
	}

	runs := waitForRuns(t, ctx, ns, cw.Name, "the first run", func(runs []v1alpha1.Workflow) bool { return len(runs) > 0 })
	first := runs[0]
	scheduled, err := time.Parse(time.RFC3339, first.Annotations[cron.AnnotationScheduledTime])
	if err != nil {
		t.Fatalf("workflow %s has no scheduled time: %v", first.Name, first.Annotations)
	}
	if first.Name != fmt.Sprintf("%s-%d", cw.Name, scheduled.Unix()) || first.Labels["e2e"] != "forbid" {
		t.Errorf("workflow %s labels %v, want %s-<unix time> labelled from workflowMetadata", first.Name, first.Labels, cw.Name)
	}
	if !metav1.IsControlledBy(&first, cw) {
		t.Errorf("workflow %s is not controlled by its CronWorkflow: %+v", first.Name, first.OwnerReferences)
	}
	if late := scheduled.Sub(cw.CreationTimestamp.Time); late <= 0 || late > 11*time.Second {
		t.Errorf("first run scheduled %v after the CronWorkflow's creation, want 10s", late)
	}
	if late := first.CreationTimestamp.Sub(scheduled); late > cron.OnTimeWindow {
		t.Errorf("first run created %v after its scheduled time", late)
	}

	// Two schedule ticks pass while the first run sleeps: neither starts a workflow.
	select {
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	case <-time.After(time.Until(scheduled.Add(21 * time.Second))):
	}
	runs = cronRuns(t, ctx, ns, cw.Name)
	got, _ := weft.WeftV1alpha1().Workflows(ns).Get(ctx, first.Name, metav1.GetOptions{})
	if got != nil && !ended(got) && len(runs) != 1 {
		t.Errorf("while %s runs, %d workflows exist: %s", first.Name, len(runs), runNames(runs))
	}
	status, _ := weft.WeftV1alpha1().CronWorkflows(ns).Get(ctx, cw.Name, metav1.GetOptions{})
	if status == nil || len(status.Status.Active) != 1 || status.Status.Active[0].Name != first.Name || status.Status.Phase != "Active" {
		t.Errorf("CronWorkflow status %+v, want %s active", status.Status, first.Name)
	}

	done := waitFinished(t, ctx, ns, first.Name)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	runs = waitForRuns(t, ctx, ns, cw.Name, "the second run", func(runs []v1alpha1.Workflow) bool { return len(runs) > 1 })
	for _, wf := range runs[1:] {
		if wf.CreationTimestamp.Before(&done.Status.FinishedAt) {
			t.Errorf("%s started at %v, before %s finished at %v", wf.Name, wf.CreationTimestamp, first.Name, done.Status.FinishedAt)
		}
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		got, err := weft.WeftV1alpha1().CronWorkflows(ns).Get(ctx, cw.Name, metav1.GetOptions{})
		return err == nil && got.Status.Succeeded == 1, nil
	})
	if err != nil {
		t.Errorf("status.succeeded never counted the first run: %v", err)
	}
}

// TestCronHistoryLimits: quick runs due every 10 s, one succeeded and one
// failed kept: older ones are deleted once counted.
func TestCronHistoryLimits(t *testing.T) {
	t.Parallel()
	ns := namespace(t, "cron-history")
	ctx := testContext(t, 3*time.Minute)
	spec := cronWorkflow("history", v1alpha1.AllowConcurrent, `test $(( $(date +%s) / 10 % 2 )) = 0`)
	one := int32(1)
	spec.Spec.SuccessfulJobsHistoryLimit, spec.Spec.FailedJobsHistoryLimit = &one, &one
	cw, err := weft.WeftV1alpha1().CronWorkflows(ns).Create(ctx, spec, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create CronWorkflow: %v", err)
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		got, err := weft.WeftV1alpha1().CronWorkflows(ns).Get(ctx, cw.Name, metav1.GetOptions{})
		return err == nil && got.Status.Succeeded+got.Status.Failed >= 4, nil
	})
	if err != nil {
		t.Fatalf("four runs never finished: %v; workflows: %s", err, runNames(cronRuns(t, ctx, ns, cw.Name)))
	}
	runs := waitForRuns(t, ctx, ns, cw.Name, "the history limits", func(runs []v1alpha1.Workflow) bool {
		succeeded, failed := 0, 0
		for i := range runs {
			switch {
			case runs[i].Status.Phase == v1alpha1.WorkflowSucceeded:
				succeeded++
			case ended(&runs[i]):
				failed++
			}
		}
		return succeeded <= 1 && failed <= 1
	})
	t.Logf("kept: %s", runNames(runs))
}

// TestCronCLI runs `weft cron` against the cluster: create, list, get,
// suspend (no run starts), resume, delete.
func TestCronCLI(t *testing.T) {
	t.Parallel()
	bin := buildCLI(t)
	ns := namespace(t, "cron-cli")
	ctx := testContext(t, 3*time.Minute)
	manifest := `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: cli
spec:
  schedules: ["@every 10s"]
  suspend: true
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: weft.localhost/busybox:1.35, command: [echo, hi]}
`
	path := t.TempDir() + "/cron.yaml"
	if err := os.WriteFile(path, []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, ctx, bin, "", "cron", "create", path, "-n", ns); r.code != 0 || r.stdout != "cronworkflow.weft.dev/cli created\n" {
		t.Fatalf("weft cron create: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, ctx, bin, "", "cron", "list", "-n", ns); r.code != 0 || !strings.Contains(r.stdout, "@every 10s") || !strings.Contains(r.stdout, "true") {
		t.Errorf("weft cron list: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, ctx, bin, "", "cron", "resume", "cli", "-n", ns); r.code != 0 || r.stdout != "cronworkflow.weft.dev/cli resumed\n" {
		t.Fatalf("weft cron resume: %d %q %q", r.code, r.stdout, r.stderr)
	}
	runs := waitForRuns(t, ctx, ns, "cli", "a run after resume", func(runs []v1alpha1.Workflow) bool { return len(runs) > 0 })
	waitFinished(t, ctx, ns, runs[0].Name)
	if r := runCLI(t, ctx, bin, "", "cron", "suspend", "cli", "-n", ns); r.code != 0 || r.stdout != "cronworkflow.weft.dev/cli suspended\n" {
		t.Fatalf("weft cron suspend: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r := runCLI(t, ctx, bin, "", "cron", "get", "cli", "-n", ns)
	if r.code != 0 || !strings.Contains(r.stdout, "Suspended:                true") || !strings.Contains(r.stdout, "LastScheduledTime:") {
		t.Errorf("weft cron get: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, ctx, bin, "", "cron", "delete", "cli", "-n", ns); r.code != 0 || r.stdout != "cronworkflow.weft.dev/cli deleted\n" {
		t.Errorf("weft cron delete: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
