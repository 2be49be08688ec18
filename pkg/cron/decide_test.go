package cron

import (
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// at is a time of the tests' day, in UTC.
func at(hour, minute, second int) time.Time {
	return time.Date(2026, time.March, 10, hour, minute, second, 0, time.UTC)
}

func int64p(v int64) *int64 { return &v }
func int32p(v int32) *int32 { return &v }

// newCron is a CronWorkflow created at 09:58:30 on schedules, in UTC.
func newCron(schedules ...string) *v1alpha1.CronWorkflow {
	return &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "team-a", UID: "cron-uid",
			CreationTimestamp: metav1.NewTime(at(9, 58, 30)), Labels: map[string]string{"env": "prod"}},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules: schedules,
			Timezone:  "UTC",
			WorkflowSpec: v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{{
				Name: "main", Container: &corev1.Container{Image: "busybox", Command: []string{"true"}},
			}}},
		},
	}
}

// scheduled is a workflow of c scheduled at t, in phase (finished at
// finishedAt when it has ended).
func scheduled(c *v1alpha1.CronWorkflow, t time.Time, phase v1alpha1.WorkflowPhase, finishedAt time.Time) *v1alpha1.Workflow {
	wf := NewWorkflow(c, t)
	wf.UID = types.UID("uid-" + wf.Name)
	wf.CreationTimestamp = metav1.NewTime(t)
	wf.Status.Phase = phase
	if finished(wf) {
		wf.Status.FinishedAt = metav1.NewTime(finishedAt)
	}
	return wf
}

// withActive records workflows in c's status as active, scheduled up to last.
func withActive(c *v1alpha1.CronWorkflow, last time.Time, wfs ...*v1alpha1.Workflow) *v1alpha1.CronWorkflow {
	c.Status.LastScheduledTime = &metav1.Time{Time: last}
	for _, wf := range wfs {
		c.Status.Active = append(c.Status.Active, reference(wf))
	}
	return c
}

func createdTimes(d Decision) []time.Time {
	var out []time.Time
	for _, wf := range d.Create {
		out = append(out, scheduledTime(wf))
	}
	return out
}

func TestDecideSchedules(t *testing.T) {
	tokyo := newCron("0 19 * * *")
	tokyo.Spec.Timezone = "Asia/Tokyo"
	single := newCron("45 * * * *")
	single.Spec.Schedule = "15 * * * *"
	every := newCron("@every 10s")
	every.Spec.Timezone = ""
	cases := []struct {
		name    string
		cron    *v1alpha1.CronWorkflow
		decided time.Time
		now     time.Time
		create  []time.Time
		requeue time.Duration
	}{
		{"on time", newCron("*/5 * * * *"), time.Time{}, at(10, 5, 2), []time.Time{at(10, 5, 0)}, 4*time.Minute + 58*time.Second},
		{"not due yet", newCron("*/5 * * * *"), time.Time{}, at(10, 3, 0), nil, 2 * time.Minute},
		{"not before its creation", newCron("* * * * *"), time.Time{}, at(9, 58, 31), nil, 29 * time.Second},
		{"already decided", newCron("*/5 * * * *"), at(10, 5, 0), at(10, 5, 3), nil, 4*time.Minute + 57*time.Second},
		{"several schedules, the latest due", newCron("0 * * * *", "30 * * * *"), time.Time{}, at(10, 30, 1), []time.Time{at(10, 30, 0)}, 29*time.Minute + 59*time.Second},
		{"schedule and schedules", single, time.Time{}, at(10, 15, 0), []time.Time{at(10, 15, 0)}, 30 * time.Minute},
		{"in its time zone", tokyo, time.Time{}, at(10, 0, 3), []time.Time{at(10, 0, 0)}, 24*time.Hour - 3*time.Second},
		{"not in UTC", newCron("0 19 * * *"), time.Time{}, at(10, 0, 3), nil, 9*time.Hour - 3*time.Second},
		{"@every from its creation", every, time.Time{}, at(9, 58, 41), []time.Time{at(9, 58, 40)}, 9 * time.Second},
		{"@every from the last decision", every, at(9, 58, 40), at(9, 58, 45), nil, 5 * time.Second},
		{"@every keeps its intervals when late", every, at(9, 58, 40), at(9, 58, 52), []time.Time{at(9, 58, 50)}, 8 * time.Second},
		{"late beyond the on-time window", newCron("*/5 * * * *"), time.Time{}, at(10, 5, 11), nil, 4*time.Minute + 49*time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Decide(tc.cron, Observed{Decided: tc.decided}, tc.now)
			if got := createdTimes(d); !slices.EqualFunc(got, tc.create, time.Time.Equal) {
				t.Errorf("created runs at %v, want %v", got, tc.create)
			}
			if d.RequeueAfter != tc.requeue {
				t.Errorf("requeue after %v, want %v", d.RequeueAfter, tc.requeue)
			}
			if len(tc.create) > 0 && (d.Status.LastScheduledTime == nil || !d.Status.LastScheduledTime.Time.Equal(tc.create[0])) {
				t.Errorf("lastScheduledTime %v, want %v", d.Status.LastScheduledTime, tc.create[0])
			}
		})
	}
}

func TestDecideCatchUp(t *testing.T) {
	cases := []struct {
		name     string
		deadline *int64
		now      time.Time
		create   []time.Time
	}{
		{"without a deadline, missed runs are skipped", nil, at(10, 22, 0), nil},
		{"one run, the most recent missed, within the deadline", int64p(300), at(10, 22, 0), []time.Time{at(10, 20, 0)}},
		{"the most recent missed run is past the deadline", int64p(60), at(10, 22, 0), nil},
		{"a deadline of 0 still runs on time", int64p(0), at(10, 20, 4), []time.Time{at(10, 20, 0)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := withActive(newCron("*/5 * * * *"), at(10, 0, 0))
			c.Spec.StartingDeadlineSeconds = tc.deadline
			d := Decide(c, Observed{}, tc.now)
			if got := createdTimes(d); !slices.EqualFunc(got, tc.create, time.Time.Equal) {
				t.Errorf("created runs at %v, want %v", got, tc.create)
			}
		})
	}
}

func TestDecideCreatesTheScheduledWorkflow(t *testing.T) {
	c := newCron("*/5 * * * *")
	c.Annotations = map[string]string{v1alpha1.AnnotationCreator: "alice"}
	c.Spec.WorkflowMetadata = &metav1.ObjectMeta{Labels: map[string]string{"team": "data"},
		Annotations: map[string]string{"note": "nightly", v1alpha1.AnnotationCreator: "mallory"}}
	d := Decide(c, Observed{}, at(10, 5, 0))
	if len(d.Create) != 1 {
		t.Fatalf("created %d workflows, want 1", len(d.Create))
	}
	wf := d.Create[0]
	if wf.Name != "nightly-1773137100" || wf.Namespace != "team-a" {
		t.Errorf("workflow %s/%s, want team-a/nightly-1773137100", wf.Namespace, wf.Name)
	}
	if wf.Labels[LabelCronWorkflow] != "nightly" || wf.Labels["team"] != "data" {
		t.Errorf("labels %v", wf.Labels)
	}
	if wf.Annotations[AnnotationScheduledTime] != "2026-03-10T10:05:00Z" || wf.Annotations["note"] != "nightly" {
		t.Errorf("annotations %v", wf.Annotations)
	}
	if _, copied := wf.Annotations[v1alpha1.AnnotationCreator]; copied {
		t.Errorf("a creator annotation was copied: %v", wf.Annotations)
	}
	if !metav1.IsControlledBy(wf, c) || wf.OwnerReferences[0].Kind != "CronWorkflow" {
		t.Errorf("owner references %+v", wf.OwnerReferences)
	}
	if wf.Spec.Entrypoint != "main" || len(wf.Spec.Templates) != 1 {
		t.Errorf("spec %+v", wf.Spec)
	}
	if len(d.Status.Active) != 1 || d.Status.Active[0].Name != wf.Name || d.Status.Active[0].Kind != "Workflow" {
		t.Errorf("active %+v", d.Status.Active)
	}
	if d.Status.Phase != PhaseActive {
		t.Errorf("phase %q, want Active", d.Status.Phase)
	}
}

func TestDecideConcurrencyPolicy(t *testing.T) {
	base := newCron("*/5 * * * *")
	running := scheduled(base, at(10, 0, 0), v1alpha1.WorkflowRunning, time.Time{})
	terminating := running.DeepCopy()
	terminating.Spec.Shutdown = v1alpha1.ShutdownTerminate
	done := scheduled(base, at(10, 0, 0), v1alpha1.WorkflowSucceeded, at(10, 1, 0))
	cases := []struct {
		name    string
		policy  v1alpha1.ConcurrencyPolicy
		wf      *v1alpha1.Workflow
		creates bool
		stop    []string
		active  int
	}{
		{"Allow runs side by side", v1alpha1.AllowConcurrent, running, true, nil, 2},
		{"Forbid skips while one runs", v1alpha1.ForbidConcurrent, running, false, nil, 1},
		{"Forbid runs once it finished", v1alpha1.ForbidConcurrent, done, true, nil, 1},
		{"Replace stops the running one", v1alpha1.ReplaceConcurrent, running, true, []string{running.Name}, 2},
		{"Replace does not stop twice", v1alpha1.ReplaceConcurrent, terminating, true, nil, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := withActive(newCron("*/5 * * * *"), at(10, 0, 0), running)
			c.Spec.ConcurrencyPolicy = tc.policy
			d := Decide(c, Observed{Workflows: []*v1alpha1.Workflow{tc.wf}, Decided: at(10, 0, 0)}, at(10, 5, 1))
			if (len(d.Create) == 1) != tc.creates {
				t.Errorf("created %d workflows, want creation %v", len(d.Create), tc.creates)
			}
			if !slices.Equal(d.Stop, tc.stop) {
				t.Errorf("stops %v, want %v", d.Stop, tc.stop)
			}
			if len(d.Status.Active) != tc.active {
				t.Errorf("active %v, want %d", d.Status.Active, tc.active)
			}
			if !d.Decided.Equal(at(10, 5, 0)) {
				t.Errorf("decided %v, want 10:05 whether it ran or not", d.Decided)
			}
			if !tc.creates && (len(d.Events) != 1 || d.Events[0].Reason != "Skipped") {
				t.Errorf("events %+v, want one Skipped", d.Events)
			}
		})
	}
}

func TestDecideHistoryLimits(t *testing.T) {
	c := newCron("* * * * *")
	var wfs []*v1alpha1.Workflow
	for i := range 5 {
		wfs = append(wfs, scheduled(c, at(10, i, 0), v1alpha1.WorkflowSucceeded, at(10, i, 30)))
	}
	wfs = append(wfs,
		scheduled(c, at(10, 10, 0), v1alpha1.WorkflowFailed, at(10, 10, 30)),
		scheduled(c, at(10, 11, 0), v1alpha1.WorkflowError, at(10, 11, 30)),
		scheduled(c, at(10, 12, 0), v1alpha1.WorkflowFailed, at(10, 12, 30)),
		scheduled(c, at(10, 13, 0), v1alpha1.WorkflowRunning, time.Time{}))
	name := func(minute int) string { return WorkflowName(c, at(10, minute, 0)) }
	cases := []struct {
		name              string
		succeeded, failed *int32
		delete            []string
	}{
		{"defaults: 3 succeeded, 1 failed", nil, nil, []string{name(1), name(0), name(11), name(10)}},
		{"keep none", int32p(0), int32p(0), []string{name(4), name(3), name(2), name(1), name(0), name(12), name(11), name(10)}},
		{"keep more than there are", int32p(10), int32p(10), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := withActive(newCron("* * * * *"), at(10, 13, 0))
			c.Spec.SuccessfulJobsHistoryLimit, c.Spec.FailedJobsHistoryLimit = tc.succeeded, tc.failed
			d := Decide(c, Observed{Workflows: wfs, Decided: at(10, 13, 0)}, at(10, 13, 40))
			if !slices.Equal(d.Delete, tc.delete) {
				t.Errorf("deletes %v, want %v", d.Delete, tc.delete)
			}
		})
	}
}

func TestDecideCountsEachFinishedWorkflowOnce(t *testing.T) {
	c := newCron("* * * * *")
	wasActive := scheduled(c, at(10, 1, 0), v1alpha1.WorkflowSucceeded, at(10, 1, 30))
	counted := scheduled(c, at(10, 0, 0), v1alpha1.WorkflowFailed, at(10, 0, 30))
	lostWrite := scheduled(c, at(10, 3, 0), v1alpha1.WorkflowError, at(10, 3, 20))
	unrecordedRunning := scheduled(c, at(10, 4, 0), v1alpha1.WorkflowRunning, time.Time{})
	c = withActive(c, at(10, 2, 0), wasActive)
	c.Status.Succeeded, c.Status.Failed = 4, 1
	observed := Observed{Workflows: []*v1alpha1.Workflow{wasActive, counted, lostWrite, unrecordedRunning}, Decided: at(10, 4, 0)}
	c.Spec.SuccessfulJobsHistoryLimit, c.Spec.FailedJobsHistoryLimit = int32p(10), int32p(10)

	d := Decide(c, observed, at(10, 4, 30))
	if d.Status.Succeeded != 5 || d.Status.Failed != 2 {
		t.Errorf("counters %d succeeded, %d failed; want 5 and 2", d.Status.Succeeded, d.Status.Failed)
	}
	if len(d.Status.Active) != 1 || d.Status.Active[0].Name != unrecordedRunning.Name {
		t.Errorf("active %+v, want only %s", d.Status.Active, unrecordedRunning.Name)
	}
	if !d.Status.LastScheduledTime.Time.Equal(at(10, 4, 0)) {
		t.Errorf("lastScheduledTime %v, want 10:04, the latest workflow's", d.Status.LastScheduledTime)
	}

	again := c.DeepCopy()
	again.Status = d.Status
	d2 := Decide(again, observed, at(10, 4, 40))
	if d2.Status.Succeeded != 5 || d2.Status.Failed != 2 {
		t.Errorf("deciding again counted again: %d succeeded, %d failed", d2.Status.Succeeded, d2.Status.Failed)
	}
}

func TestDecideAdoptsAWorkflowWhoseStatusWriteWasLost(t *testing.T) {
	c := withActive(newCron("*/5 * * * *"), at(10, 0, 0))
	created := scheduled(c, at(10, 5, 0), v1alpha1.WorkflowRunning, time.Time{})
	d := Decide(c, Observed{Workflows: []*v1alpha1.Workflow{created}}, at(10, 5, 2))
	if len(d.Create) != 0 {
		t.Errorf("created %d workflows again", len(d.Create))
	}
	if len(d.Status.Active) != 1 || d.Status.Active[0].UID != created.UID || !d.Status.LastScheduledTime.Time.Equal(at(10, 5, 0)) {
		t.Errorf("status %+v, want the workflow active and lastScheduledTime 10:05", d.Status)
	}
}

func TestDecideWhen(t *testing.T) {
	cases := []struct {
		name    string
		when    string
		creates bool
		event   string
	}{
		{"expression holds", "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}", true, ""},
		{"expression does not hold", "{{= (now() - cronworkflow.lastScheduledTime).Seconds() > 3600 }}", false, "Skipped"},
		{"variables", "{{cronworkflow.labels.env}} == prod && {{cronworkflow.name}} == nightly && {{= cronworkflow.succeeded }} == 2", true, ""},
		{"a label it does not have", "{{cronworkflow.labels.team}} == data", false, "WhenFailed"},
		{"not a condition", "{{= 1 + }}", false, "WhenFailed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := withActive(newCron("*/10 * * * *"), at(10, 0, 0))
			c.Status.Succeeded = 2
			c.Spec.When = tc.when
			d := Decide(c, Observed{}, at(10, 10, 1))
			if (len(d.Create) == 1) != tc.creates {
				t.Errorf("created %d workflows, want creation %v (events %+v)", len(d.Create), tc.creates, d.Events)
			}
			if tc.event != "" && (len(d.Events) != 1 || d.Events[0].Reason != tc.event) {
				t.Errorf("events %+v, want %s", d.Events, tc.event)
			}
			if !d.Decided.Equal(at(10, 10, 0)) {
				t.Errorf("decided %v, want 10:10", d.Decided)
			}
		})
	}
}

func TestDecideStopStrategy(t *testing.T) {
	c := newCron("*/5 * * * *")
	failed := scheduled(c, at(10, 0, 0), v1alpha1.WorkflowFailed, at(10, 2, 0))
	cases := []struct {
		name       string
		expression string
		phase      string
		creates    bool
	}{
		{"holds once the finished workflow is counted", "cronworkflow.failed >= 2", PhaseStopped, false},
		{"does not hold", "cronworkflow.failed >= 3", PhaseActive, true},
		{"names the CronWorkflow", "cronworkflow.name == 'nightly' && cronworkflow.succeeded > 0", PhaseActive, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := withActive(newCron("*/5 * * * *"), at(10, 0, 0), failed)
			c.Status.Failed = 1
			c.Spec.StopStrategy = &v1alpha1.StopStrategy{Expression: tc.expression}
			d := Decide(c, Observed{Workflows: []*v1alpha1.Workflow{failed}}, at(10, 5, 0))
			if d.Status.Phase != tc.phase {
				t.Errorf("phase %q, want %q", d.Status.Phase, tc.phase)
			}
			if (len(d.Create) == 1) != tc.creates {
				t.Errorf("created %d workflows, want creation %v", len(d.Create), tc.creates)
			}
			if tc.phase == PhaseStopped && (d.RequeueAfter != 0 || len(d.Events) != 1 || d.Events[0].Reason != "Stopped") {
				t.Errorf("stopped: requeue %v, events %+v", d.RequeueAfter, d.Events)
			}
			if d.Status.Failed != 2 {
				t.Errorf("failed %d, want 2", d.Status.Failed)
			}
		})
	}
}

func TestDecideSuspended(t *testing.T) {
	c := newCron("*/5 * * * *")
	c.Spec.Suspend = true
	d := Decide(c, Observed{}, at(10, 5, 0))
	if len(d.Create) != 0 || d.RequeueAfter != 0 || !d.Decided.IsZero() {
		t.Errorf("a suspended CronWorkflow scheduled: %d created, requeue %v, decided %v", len(d.Create), d.RequeueAfter, d.Decided)
	}
	c.Spec.Suspend = false
	if d := Decide(c, Observed{}, at(10, 5, 0)); len(d.Create) != 1 {
		t.Errorf("resumed, it created %d workflows, want 1", len(d.Create))
	}
}

func TestDecideSpecError(t *testing.T) {
	cases := map[string]func(*v1alpha1.CronWorkflow){
		"time zone": func(c *v1alpha1.CronWorkflow) { c.Spec.Timezone = "Mars/Olympus" },
		"schedule":  func(c *v1alpha1.CronWorkflow) { c.Spec.Schedules = []string{"every day"} },
		"stop strategy": func(c *v1alpha1.CronWorkflow) {
			c.Spec.StopStrategy = &v1alpha1.StopStrategy{Expression: "cronworkflow.failed"}
		},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCron("*/5 * * * *")
			breakIt(c)
			d := Decide(c, Observed{}, at(10, 5, 0))
			message := condition(&d.Status, ConditionSpecError)
			if message == "" || len(d.Create) != 0 || d.RequeueAfter != 0 {
				t.Fatalf("condition %q, %d created, requeue %v", message, len(d.Create), d.RequeueAfter)
			}
			if len(d.Events) != 1 || d.Events[0].Type != corev1.EventTypeWarning {
				t.Errorf("events %+v, want one warning", d.Events)
			}
			c.Status = d.Status
			if d := Decide(c, Observed{}, at(10, 5, 1)); len(d.Events) != 0 {
				t.Errorf("the same problem was announced again: %+v", d.Events)
			}
		})
	}
	c := newCron("*/5 * * * *")
	setCondition(&c.Status, ConditionSpecError, "old")
	if d := Decide(c, Observed{}, at(10, 5, 0)); condition(&d.Status, ConditionSpecError) != "" || len(d.Create) != 1 {
		t.Errorf("a fixed spec keeps its SpecError or does not run: %+v", d.Status.Conditions)
	}
}

func TestCreateFailed(t *testing.T) {
	c := withActive(newCron("*/5 * * * *"), at(10, 0, 0))
	d := Decide(c, Observed{}, at(10, 5, 0))
	d.CreateFailed(d.Create[0].Name, `admission webhook denied the request`)
	if len(d.Status.Active) != 0 || !d.Status.LastScheduledTime.Time.Equal(at(10, 0, 0)) {
		t.Errorf("status after the failure %+v", d.Status)
	}
	if msg := condition(&d.Status, ConditionSubmissionError); !strings.Contains(msg, "admission webhook denied") || !strings.Contains(msg, "nightly-") {
		t.Errorf("SubmissionError %q", msg)
	}
	c.Status = d.Status
	if d := Decide(c, Observed{}, at(10, 10, 0)); condition(&d.Status, ConditionSubmissionError) != "" {
		t.Errorf("a successful run keeps the SubmissionError")
	}
}

func TestNextScheduledTime(t *testing.T) {
	c := newCron("*/5 * * * *")
	if next := NextScheduledTime(c, at(10, 1, 0)); !next.Equal(at(10, 5, 0)) {
		t.Errorf("next %v, want 10:05", next)
	}
	c.Spec.Suspend = true
	if next := NextScheduledTime(c, at(10, 1, 0)); !next.IsZero() {
		t.Errorf("suspended, next %v", next)
	}
}
