package cronworkflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cron"
	weftfake "github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

// at is a time of the tests' day, in UTC.
func at(hour, minute, second int) time.Time {
	return time.Date(2026, time.March, 10, hour, minute, second, 0, time.UTC)
}

type fixture struct {
	controller *Controller
	weft       *weftfake.Clientset
	recorder   *record.FakeRecorder
}

func newFixture(t *testing.T, now time.Time, objects ...runtime.Object) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &fixture{weft: weftfake.NewSimpleClientset(objects...), recorder: record.NewFakeRecorder(100)}
	factory := weftinformers.NewSharedInformerFactory(f.weft, 0)
	c, err := New(f.weft, factory.Weft().V1alpha1(), f.recorder)
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return now }
	f.controller = c
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		t.Fatal("caches did not sync")
	}
	return f
}

func nightly(policy v1alpha1.ConcurrencyPolicy) *v1alpha1.CronWorkflow {
	return &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "default", UID: "cron-uid", CreationTimestamp: metav1.NewTime(at(9, 0, 0))},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules:         []string{"*/5 * * * *"},
			Timezone:          "UTC",
			ConcurrencyPolicy: policy,
			WorkflowSpec: v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{{
				Name: "main", Container: &corev1.Container{Image: "busybox", Command: []string{"sleep", "600"}},
			}}},
		},
	}
}

// ran is a workflow of cw scheduled at t, in phase, recorded in cw's status.
func ran(cw *v1alpha1.CronWorkflow, t time.Time, phase v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	wf := cron.NewWorkflow(cw, t)
	wf.UID = types.UID("uid-" + wf.Name)
	wf.Status.Phase = phase
	if phase != v1alpha1.WorkflowRunning {
		wf.Status.FinishedAt = metav1.NewTime(t.Add(time.Minute))
	}
	if cw.Status.LastScheduledTime == nil || t.After(cw.Status.LastScheduledTime.Time) {
		cw.Status.LastScheduledTime = &metav1.Time{Time: t}
	}
	cw.Status.Active = append(cw.Status.Active, corev1.ObjectReference{Name: wf.Name})
	return wf
}

func (f *fixture) workflows(t *testing.T) []v1alpha1.Workflow {
	t.Helper()
	list, err := f.weft.WeftV1alpha1().Workflows("default").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return list.Items
}

func (f *fixture) cron(t *testing.T) *v1alpha1.CronWorkflow {
	t.Helper()
	cw, err := f.weft.WeftV1alpha1().CronWorkflows("default").Get(context.Background(), "nightly", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cw
}

func (f *fixture) events() []string {
	var out []string
	for {
		select {
		case e := <-f.recorder.Events:
			out = append(out, e)
		default:
			return out
		}
	}
}

func TestSyncCreatesTheDueWorkflow(t *testing.T) {
	f := newFixture(t, at(10, 5, 1), nightly(v1alpha1.AllowConcurrent))
	requeue, err := f.controller.sync(context.Background(), "default/nightly")
	if err != nil {
		t.Fatal(err)
	}
	wfs := f.workflows(t)
	if len(wfs) != 1 {
		t.Fatalf("%d workflows, want 1; status %+v events %q", len(wfs), f.cron(t).Status, f.events())
	}
	wf := wfs[0]
	if wf.Name != "nightly-1773137100" || wf.Labels[cron.LabelCronWorkflow] != "nightly" || wf.Annotations[cron.AnnotationScheduledTime] != "2026-03-10T10:05:00Z" {
		t.Errorf("workflow %s labels %v annotations %v", wf.Name, wf.Labels, wf.Annotations)
	}
	if !metav1.IsControlledBy(&wf, nightly("")) {
		t.Errorf("not controlled by its CronWorkflow: %+v", wf.OwnerReferences)
	}
	cw := f.cron(t)
	if len(cw.Status.Active) != 1 || !cw.Status.LastScheduledTime.Time.Equal(at(10, 5, 0)) || cw.Status.Phase != cron.PhaseActive {
		t.Errorf("status %+v", cw.Status)
	}
	if requeue != 4*time.Minute+59*time.Second {
		t.Errorf("requeue after %v, want 4m59s", requeue)
	}
	if events := f.events(); len(events) != 1 || !strings.Contains(events[0], "WorkflowCreated") {
		t.Errorf("events %q", events)
	}
}

func TestSyncAfterALostStatusWriteCreatesNothingTwice(t *testing.T) {
	f := newFixture(t, at(10, 5, 1), nightly(v1alpha1.AllowConcurrent))
	conflicts := 1
	f.weft.PrependReactor("update", "cronworkflows", func(action clienttesting.Action) (bool, runtime.Object, error) {
		if action.GetSubresource() == "status" && conflicts > 0 {
			conflicts--
			return true, nil, apierrors.NewConflict(v1alpha1.Resource("cronworkflows"), "nightly", nil)
		}
		return false, nil, nil
	})
	if _, err := f.controller.sync(context.Background(), "default/nightly"); !apierrors.IsConflict(err) {
		t.Fatalf("first sync: want the conflict, got %v", err)
	}
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatalf("second sync: %v", err)
	}
	if wfs := f.workflows(t); len(wfs) != 1 {
		t.Errorf("%d workflows, want 1", len(wfs))
	}
	if cw := f.cron(t); len(cw.Status.Active) != 1 || cw.Status.Active[0].Name != "nightly-1773137100" {
		t.Errorf("active %+v", cw.Status.Active)
	}
}

func TestSyncForbidSkipsWhileOneRuns(t *testing.T) {
	cw := nightly(v1alpha1.ForbidConcurrent)
	running := ran(cw, at(10, 0, 0), v1alpha1.WorkflowRunning)
	f := newFixture(t, at(10, 5, 0), cw, running)
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	if wfs := f.workflows(t); len(wfs) != 1 {
		t.Errorf("%d workflows, want only the running one", len(wfs))
	}
	if events := f.events(); len(events) != 1 || !strings.Contains(events[0], "Skipped") {
		t.Errorf("events %q", events)
	}
	// Once it finished, the skipped run is not run late.
	running.Status.Phase = v1alpha1.WorkflowSucceeded
	if _, err := f.weft.WeftV1alpha1().Workflows("default").UpdateStatus(context.Background(), running, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	f.controller.now = func() time.Time { return at(10, 5, 4) }
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	if wfs := f.workflows(t); len(wfs) != 1 {
		t.Errorf("%d workflows after the first finished, want 1", len(wfs))
	}
}

func TestSyncReplaceTerminatesTheRunningOne(t *testing.T) {
	cw := nightly(v1alpha1.ReplaceConcurrent)
	running := ran(cw, at(10, 0, 0), v1alpha1.WorkflowRunning)
	f := newFixture(t, at(10, 5, 0), cw, running)
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	old, err := f.weft.WeftV1alpha1().Workflows("default").Get(context.Background(), running.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if old.Spec.Shutdown != v1alpha1.ShutdownTerminate {
		t.Errorf("the running workflow has shutdown %q, want Terminate", old.Spec.Shutdown)
	}
	if wfs := f.workflows(t); len(wfs) != 2 {
		t.Errorf("%d workflows, want the old and the new", len(wfs))
	}
	if cw := f.cron(t); len(cw.Status.Active) != 2 {
		t.Errorf("active %+v, want both until the old one ends", cw.Status.Active)
	}
}

func TestSyncCountsAndPrunesOnce(t *testing.T) {
	cw := nightly(v1alpha1.AllowConcurrent)
	older := ran(cw, at(10, 0, 0), v1alpha1.WorkflowFailed)
	newer := ran(cw, at(10, 5, 0), v1alpha1.WorkflowFailed)
	cw.Status.Active = cw.Status.Active[1:] // the older one was counted before
	cw.Status.Failed = 1
	f := newFixture(t, at(10, 7, 0), cw, older, newer)
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	got := f.cron(t)
	if got.Status.Failed != 2 || len(got.Status.Active) != 0 {
		t.Errorf("status %+v, want 2 failed and none active", got.Status)
	}
	wfs := f.workflows(t)
	if len(wfs) != 1 || wfs[0].Name != newer.Name {
		t.Errorf("workflows left %d, want only %s (failedJobsHistoryLimit 1)", len(wfs), newer.Name)
	}

	restarted := newFixture(t, at(10, 7, 5), got, &wfs[0])
	if _, err := restarted.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	if again := restarted.cron(t); again.Status.Failed != 2 {
		t.Errorf("after a restart, failed %d, want 2", again.Status.Failed)
	}
}

func TestSyncRecordsARefusedSubmission(t *testing.T) {
	f := newFixture(t, at(10, 5, 0), nightly(v1alpha1.AllowConcurrent))
	f.weft.PrependReactor("create", "workflows", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(v1alpha1.Resource("workflows"), "nightly-1773137100", errQuota)
	})
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	cw := f.cron(t)
	if len(cw.Status.Conditions) != 1 || cw.Status.Conditions[0].Type != cron.ConditionSubmissionError || !strings.Contains(cw.Status.Conditions[0].Message, "exceeded quota") {
		t.Errorf("conditions %+v", cw.Status.Conditions)
	}
	if len(cw.Status.Active) != 0 || cw.Status.LastScheduledTime != nil {
		t.Errorf("status %+v", cw.Status)
	}
	if events := f.events(); len(events) != 1 || !strings.Contains(events[0], "Warning SubmissionError") {
		t.Errorf("events %q", events)
	}
}

var errQuota = errors.New("exceeded quota: workflows")

func TestWorkflowEventsQueueTheirCronWorkflow(t *testing.T) {
	cw := nightly(v1alpha1.AllowConcurrent)
	wf := ran(cw, at(10, 0, 0), v1alpha1.WorkflowRunning)
	f := newFixture(t, at(10, 1, 0))
	f.controller.enqueueOwner(wf)
	same := wf.DeepCopy()
	f.controller.workflowUpdated(wf, same)
	if n := f.controller.queue.Len(); n != 1 {
		t.Fatalf("queue holds %d keys, want 1", n)
	}
	key, _ := f.controller.queue.Get()
	if key != "default/nightly" {
		t.Errorf("queued %q", key)
	}
	f.controller.queue.Done(key)
	f.controller.enqueueOwner(&v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "alone", Namespace: "default"}})
	if n := f.controller.queue.Len(); n != 0 {
		t.Errorf("a workflow without a CronWorkflow queued %d keys", n)
	}
}
