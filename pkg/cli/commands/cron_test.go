package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const nightlyCron = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 2 * * *"]
  timezone: UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 60
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: busybox}
`

func TestCronCommands(t *testing.T) {
	h := newHarness(t)
	path := h.file("cron.yaml", nightlyCron)
	r := h.run("cron", "create", path)
	if r.code != 0 || r.stdout != "cronworkflow.weft.dev/nightly created\n" || !strings.Contains(r.stderr, "converted argoproj.io/v1alpha1") {
		t.Fatalf("cron create: %d %v %q %q", r.code, r.err, r.stdout, r.stderr)
	}
	cw, err := h.client.WeftV1alpha1().CronWorkflows(kubeconfigNamespace).Get(context.Background(), "nightly", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cw.CreationTimestamp = metav1.NewTime(testNow.Add(-48 * time.Hour))
	cw.Status = v1alpha1.CronWorkflowStatus{
		LastScheduledTime: &metav1.Time{Time: time.Date(2026, time.November, 25, 2, 0, 0, 0, time.UTC)},
		Active:            []corev1.ObjectReference{{Name: "nightly-1795572000"}},
		Phase:             "Active", Succeeded: 2, Failed: 1,
	}
	if _, err := h.client.WeftV1alpha1().CronWorkflows(kubeconfigNamespace).Update(context.Background(), cw, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	want := "NAME     AGE  LAST RUN  NEXT RUN  SCHEDULES  TIMEZONE  SUSPENDED\nnightly  2d   10h       14h       0 2 * * *  UTC       false\n"
	if r := h.run("cron", "list"); r.stdout != want {
		t.Errorf("cron list:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = h.run("cron", "get", "nightly")
	for _, line := range []string{
		"Schedules:                0 2 * * *\n",
		"ConcurrencyPolicy:        Forbid\n",
		"StartingDeadlineSeconds:  60\n",
		"Active Workflows:         nightly-1795572000\n",
		"Succeeded:                2\n",
		"NextScheduledTime:        ",
	} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("cron get lacks %q:\n%s", line, r.stdout)
		}
	}

	if r := h.run("cron", "suspend", "nightly"); r.code != 0 || r.stdout != "cronworkflow.weft.dev/nightly suspended\n" {
		t.Errorf("cron suspend: %d %v %q", r.code, r.err, r.stdout)
	}
	if r := h.run("cron", "list"); !strings.Contains(r.stdout, "N/A       0 2 * * *  UTC       true") {
		t.Errorf("cron list after suspend:\n%s", r.stdout)
	}
	if r := h.run("cron", "resume", "nightly", "missing"); r.code != ExitFailure || r.stdout != "cronworkflow.weft.dev/nightly resumed\n" || !strings.Contains(r.stderr, `"missing" not found`) {
		t.Errorf("cron resume: %d %q %q", r.code, r.stdout, r.stderr)
	}
	got, _ := h.client.WeftV1alpha1().CronWorkflows(kubeconfigNamespace).Get(context.Background(), "nightly", metav1.GetOptions{})
	if got.Spec.Suspend {
		t.Errorf("still suspended after resume")
	}

	if r := h.run("submit", path); r.code == 0 || !strings.Contains(r.err.Error(), "weft cron create") {
		t.Errorf("submit of a CronWorkflow: %d %v", r.code, r.err)
	}
	if r := h.run("cron", "delete"); r.code != ExitUsage {
		t.Errorf("cron delete without names: exit %d", r.code)
	}
	if r := h.run("cron", "delete", "--all"); r.code != 0 || r.stdout != "cronworkflow.weft.dev/nightly deleted\n" {
		t.Errorf("cron delete --all: %d %q", r.code, r.stdout)
	}
	if r := h.run("cron", "list"); r.stderr != "No CronWorkflows found.\n" {
		t.Errorf("cron list after delete: %q %q", r.stdout, r.stderr)
	}
}
