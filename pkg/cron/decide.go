package cron

import (
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Observed is what the controller saw besides the CronWorkflow.
type Observed struct {
	// Workflows are the workflows the CronWorkflow controls, read from the API.
	Workflows []*v1alpha1.Workflow
	// Decided is the latest scheduled time the controller decided about
	// (ran or skipped) since it started; zero when it has not.
	Decided time.Time
}

// Event is an event to record on the CronWorkflow.
type Event struct {
	// Type is Normal or Warning.
	Type string
	// Reason is a short CamelCase reason.
	Reason string
	// Message says what happened.
	Message string
}

// Decision is what to do next for a CronWorkflow. The controller creates
// Create (AlreadyExists is success), terminates Stop, writes Status, then
// deletes Delete, records Events and looks again after RequeueAfter.
type Decision struct {
	// Status is the next status, as if every workflow of Create was created.
	Status v1alpha1.CronWorkflowStatus
	// Create are the workflows to create.
	Create []*v1alpha1.Workflow
	// Stop names the unfinished workflows to terminate before Create (Replace).
	Stop []string
	// Delete names the finished workflows beyond the history limits.
	Delete []string
	// Decided is the latest scheduled time decided about, to give back as
	// Observed.Decided once Status is written.
	Decided time.Time
	// Events are the events to record once Status is written.
	Events []Event
	// RequeueAfter is when the next run is due; zero when none is.
	RequeueAfter time.Duration

	previousLastScheduled *metav1.Time
}

// CreateFailed takes a workflow whose creation the API refused out of
// Status and records the SubmissionError condition with the API's message.
func (d *Decision) CreateFailed(name, message string) {
	active := d.Status.Active[:0]
	for _, ref := range d.Status.Active {
		if ref.Name != name {
			active = append(active, ref)
		}
	}
	d.Status.Active = active
	d.Status.LastScheduledTime = d.previousLastScheduled
	setCondition(&d.Status, ConditionSubmissionError, fmt.Sprintf("creating workflow %s: %s", name, message))
}

// Decide decides the next step of c given what was observed at now.
func Decide(c *v1alpha1.CronWorkflow, observed Observed, now time.Time) Decision {
	d := Decision{Status: *c.Status.DeepCopy(), Decided: observed.Decided}
	d.Status.Active = nil
	live := account(c, observed.Workflows, &d)
	d.Delete = prune(c, observed.Workflows)

	vars := variables{cron: c, status: &d.Status, now: now}
	if problem := specProblem(c, vars); problem != "" {
		if condition(&c.Status, ConditionSpecError) != problem {
			d.Events = append(d.Events, Event{corev1.EventTypeWarning, ConditionSpecError, problem})
		}
		setCondition(&d.Status, ConditionSpecError, problem)
		d.Status.Phase = PhaseActive
		return d
	}
	removeCondition(&d.Status, ConditionSpecError)
	d.Status.Phase = PhaseActive
	if c.Spec.StopStrategy != nil {
		stop, _ := vars.evaluateStop(c.Spec.StopStrategy.Expression)
		if stop {
			if c.Status.Phase != PhaseStopped {
				d.Events = append(d.Events, Event{corev1.EventTypeNormal, "Stopped",
					fmt.Sprintf("stopStrategy.expression %q holds: no more workflows are scheduled", c.Spec.StopStrategy.Expression)})
			}
			d.Status.Phase = PhaseStopped
			return d
		}
	}
	if c.Spec.Suspend {
		return d
	}
	schedule(c, live, vars, now, &d)
	return d
}

// account turns the observed workflows into status.active, the counters
// and lastScheduledTime (see Counting in the package documentation), and
// returns the unfinished ones.
func account(c *v1alpha1.CronWorkflow, workflows []*v1alpha1.Workflow, d *Decision) []*v1alpha1.Workflow {
	wasActive := map[string]bool{}
	for _, ref := range c.Status.Active {
		wasActive[ref.Name] = true
	}
	recordedUpTo := c.Status.LastScheduledTime
	var live []*v1alpha1.Workflow
	for _, wf := range sortedByName(workflows) {
		at := scheduledTime(wf)
		recorded := recordedUpTo != nil && !at.After(recordedUpTo.Time)
		if d.Status.LastScheduledTime == nil || at.After(d.Status.LastScheduledTime.Time) {
			d.Status.LastScheduledTime = &metav1.Time{Time: at}
		}
		switch {
		case !finished(wf):
			live = append(live, wf)
			d.Status.Active = append(d.Status.Active, reference(wf))
		case wasActive[wf.Name] || !recorded:
			if wf.Status.Phase == v1alpha1.WorkflowSucceeded {
				d.Status.Succeeded++
			} else {
				d.Status.Failed++
			}
		}
	}
	d.previousLastScheduled = d.Status.LastScheduledTime
	return live
}

// schedule decides about the run due at now, if any.
func schedule(c *v1alpha1.CronWorkflow, live []*v1alpha1.Workflow, vars variables, now time.Time, d *Decision) {
	ss, _ := parseSchedules(&c.Spec)
	grace := OnTimeWindow
	if deadline := c.Spec.StartingDeadlineSeconds; deadline != nil && time.Duration(*deadline)*time.Second > grace {
		grace = time.Duration(*deadline) * time.Second
	}
	after := c.CreationTimestamp.Time
	if last := d.Status.LastScheduledTime; last != nil && last.After(after) {
		after = last.Time
	}
	if d.Decided.After(after) {
		after = d.Decided
	}
	due, ok := ss.latest(after, now.Add(-grace), now)
	if ok {
		d.Decided = due
		after = due
		run(c, live, vars, due, d)
	}
	if next := ss.next(after, now); !next.IsZero() {
		d.RequeueAfter = next.Sub(now)
	}
}

// run starts the run scheduled at due unless `when` or the concurrency
// policy skips it.
func run(c *v1alpha1.CronWorkflow, live []*v1alpha1.Workflow, vars variables, due time.Time, d *Decision) {
	at := due.UTC().Format(time.RFC3339)
	if c.Spec.When != "" {
		holds, err := vars.evaluateWhen(c.Spec.When)
		if err != nil {
			d.Events = append(d.Events, Event{corev1.EventTypeWarning, "WhenFailed", fmt.Sprintf("the run of %s is skipped: %v", at, err)})
			return
		}
		if !holds {
			d.Events = append(d.Events, Event{corev1.EventTypeNormal, "Skipped", fmt.Sprintf("the run of %s is skipped: spec.when %q is false", at, c.Spec.When)})
			return
		}
	}
	switch c.Spec.ConcurrencyPolicy {
	case v1alpha1.ForbidConcurrent:
		if len(live) > 0 {
			d.Events = append(d.Events, Event{corev1.EventTypeNormal, "Skipped",
				fmt.Sprintf("the run of %s is skipped: concurrencyPolicy is Forbid and %s is still running", at, live[0].Name)})
			return
		}
	case v1alpha1.ReplaceConcurrent:
		for _, wf := range live {
			if wf.Spec.Shutdown != v1alpha1.ShutdownTerminate {
				d.Stop = append(d.Stop, wf.Name)
			}
		}
	}
	wf := NewWorkflow(c, due)
	d.Create = append(d.Create, wf)
	d.Status.Active = append(d.Status.Active, reference(wf))
	d.Status.LastScheduledTime = &metav1.Time{Time: due}
	removeCondition(&d.Status, ConditionSubmissionError)
}

// finished says a workflow has ended.
func finished(wf *v1alpha1.Workflow) bool {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// reference is how status.active names a workflow.
func reference(wf *v1alpha1.Workflow) corev1.ObjectReference {
	return corev1.ObjectReference{
		APIVersion: v1alpha1.SchemeGroupVersion.String(),
		Kind:       "Workflow",
		Namespace:  wf.Namespace,
		Name:       wf.Name,
		UID:        wf.UID,
	}
}

// sortedByName is a sorted copy of workflows, for deterministic decisions.
func sortedByName(workflows []*v1alpha1.Workflow) []*v1alpha1.Workflow {
	out := append([]*v1alpha1.Workflow(nil), workflows...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
