package engine

import (
	"errors"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// maxPasses bounds the passes of one Reconcile. Each pass carries every node
// as far as the observations allow; passes repeat until one changes nothing,
// so a second Reconcile with the same observations changes nothing either.
const maxPasses = 64

// Reconcile decides the next status of wf and the pods to create and delete,
// given the pods observed for it and the time now. It does not modify wf.
func Reconcile(wf *v1alpha1.Workflow, observed Observed, now time.Time, cfg Config) Decision {
	observed, gcPods := splitArtifactGCPods(observed)
	o := newOperation(wf, observed, now, cfg)
	o.gcPods = gcPods
	if wf.DeletionTimestamp != nil {
		return o.whileDeleted()
	}
	if finishedPhase(o.status.Phase) {
		return o.afterFinish(nil)
	}
	var events []Event
	if o.status.Phase == v1alpha1.WorkflowUnknown || o.status.Phase == v1alpha1.WorkflowPending {
		if waiting := o.coord.acquireWorkflowLocks(); waiting != "" {
			o.status.Phase, o.status.Message = v1alpha1.WorkflowPending, waiting
			return o.decision(nil)
		}
		o.status.Phase, o.status.Message = v1alpha1.WorkflowRunning, ""
		o.status.StartedAt = o.now
		events = append(events, Event{Type: eventNormal, Reason: "WorkflowRunning", Message: "Workflow Running"})
	}
	err := o.prepare()
	if err == nil {
		o.metadata, err = o.workflowMetadata()
	}
	if err != nil {
		o.finishWorkflow(v1alpha1.WorkflowError, err.Error())
		return o.decision(append(events, workflowEndEvent(o.status)))
	}
	o.stop = o.decideStop()
	if o.shuttingDown() {
		o.stopLeaves()
	}
	o.runPasses(func() {
		o.executeTemplate(call{
			name:        wf.Name,
			displayName: wf.Name,
			holder:      templateHolder{Template: o.spec.Entrypoint},
			args:        o.spec.Arguments,
		})
		o.runWorkflowHooks()
	})
	o.stopPastBound()
	if o.shuttingDown() {
		o.finishStopped()
	}
	if phase, message, done := o.outcome(); done {
		o.finishWorkflow(phase, message)
	}
	o.endPastBound()
	o.updateProgress()
	events = append(events, o.nodeEvents()...)
	if finishedPhase(o.status.Phase) {
		events = append(events, workflowEndEvent(o.status))
		o.collectClaims()
		return o.afterFinish(events)
	}
	o.requestClaims()
	return o.decision(o.cleanUp(events, false))
}

// afterFinish is the decision about a finished workflow: its pods cleaned
// up, and the workflow deleted once its ttlStrategy runs out.
func (o *operation) afterFinish(events []Event) Decision {
	expired := o.expired()
	events = o.collectArtifacts(events, artifactGCOnCompletion)
	d := o.decision(o.cleanUp(events, true))
	d.DeleteWorkflow = expired
	return d
}

// cleanUp reaps the pods nothing needs any more and collects the finished
// ones spec.podGC lets go; a podGC it cannot read is a warning event.
func (o *operation) cleanUp(events []Event, finished bool) []Event {
	o.reapPods(finished)
	if err := o.collectPods(); err != nil {
		events = append(events, Event{Type: eventWarning, Reason: "PodGCFailed", Message: err.Error()})
	}
	return events
}

// runPasses runs one pass over the tree until a pass changes nothing.
func (o *operation) runPasses(pass func()) {
	for i := 0; i < maxPasses; i++ {
		o.changed = false
		pass()
		if !o.changed || o.stop.pastBound {
			return
		}
	}
}

// outcome says whether the workflow has ended, and how: once its entrypoint
// ended and its exit handler, if any runs, ended too. A failed exit handler
// fails a workflow whose entrypoint succeeded.
func (o *operation) outcome() (v1alpha1.WorkflowPhase, string, bool) {
	root := o.node(o.wf.Name)
	if root == nil || !fulfilled(root.Phase) {
		return "", "", false
	}
	phase, message := v1alpha1.WorkflowSucceeded, ""
	switch root.Phase {
	case v1alpha1.NodeFailed:
		phase, message = v1alpha1.WorkflowFailed, root.Message
	case v1alpha1.NodeError:
		phase, message = v1alpha1.WorkflowError, root.Message
	}
	if o.shuttingDown() {
		phase, message = v1alpha1.WorkflowFailed, o.stop.message
	}
	if _, ok := workflowExitHook(o.spec); !ok || (o.shuttingDown() && !o.stop.runsExitHandler) {
		return phase, message, true
	}
	var exit *v1alpha1.NodeStatus
	o.runPasses(func() { exit = o.runExitHandler(phase) })
	if exit == nil || !fulfilled(exit.Phase) {
		return "", "", false
	}
	if phase == v1alpha1.WorkflowSucceeded && failedOrError(exit.Phase) {
		phase, message = v1alpha1.WorkflowFailed, "exit handler failed: "+exit.Message
		if exit.Phase == v1alpha1.NodeError {
			phase = v1alpha1.WorkflowError
		}
	}
	return phase, message, true
}

// prepare reads the effective spec, the templates and the global parameters.
func (o *operation) prepare() error {
	spec, err := effectiveSpec(o.wf, o.status)
	if err != nil {
		return err
	}
	o.spec = spec
	if spec.Entrypoint == "" {
		return errors.New("spec.entrypoint is required")
	}
	if err := o.repositoryProblem(); err != nil {
		return err
	}
	o.recordRepository()
	o.templates = newTemplateIndex(spec, o.status.StoredTemplates)
	globals, err := o.globalScope()
	if err != nil {
		return err
	}
	o.globals = globals
	return nil
}

// finishWorkflow ends the workflow in a phase.
func (o *operation) finishWorkflow(phase v1alpha1.WorkflowPhase, message string) {
	o.status.Phase = phase
	o.status.Message = message
	o.status.FinishedAt = o.now
	if o.status.Progress == "" {
		o.status.Progress = "0/0"
	}
}

// decision writes the nodes back into the status.
func (o *operation) decision(events []Event) Decision {
	o.coord.releaseFinishedLocks()
	if len(o.nodes) > 0 {
		nodes := make(map[string]v1alpha1.NodeStatus, len(o.nodes))
		for id, n := range o.nodes {
			nodes[id] = *n
		}
		o.status.Nodes = nodes
	}
	return Decision{
		Status:       *o.status,
		CreatePods:   o.createPods,
		DeletePods:   o.deletePods,
		CreateClaims: o.createClaims,
		DeleteClaims: o.deleteClaims,
		Resources:    o.resourceRequests,
		Metadata:     o.metadata,
		Finalizer:    o.finalizerChange(),
		MemoWrites:   o.coord.memoWrites,
		Events:       events,
		RequeueAfter: o.requeue,
	}
}

func finishedPhase(p v1alpha1.WorkflowPhase) bool {
	return p == v1alpha1.WorkflowSucceeded || p == v1alpha1.WorkflowFailed || p == v1alpha1.WorkflowError
}
