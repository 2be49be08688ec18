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
	o := newOperation(wf, observed, now, cfg)
	if finishedPhase(o.status.Phase) {
		return Decision{Status: *o.status}
	}
	var events []Event
	if o.status.Phase == v1alpha1.WorkflowUnknown || o.status.Phase == v1alpha1.WorkflowPending {
		o.status.Phase = v1alpha1.WorkflowRunning
		o.status.StartedAt = o.now
		events = append(events, Event{Type: eventNormal, Reason: "WorkflowRunning", Message: "Workflow Running"})
	}
	if err := o.prepare(); err != nil {
		o.finishWorkflow(v1alpha1.WorkflowError, err.Error())
		return o.decision(append(events, workflowEndEvent(o.status)))
	}
	for pass := 0; pass < maxPasses; pass++ {
		o.changed = false
		o.executeTemplate(call{
			name:        wf.Name,
			displayName: wf.Name,
			holder:      templateHolder{Template: o.spec.Entrypoint},
			args:        o.spec.Arguments,
		})
		if !o.changed {
			break
		}
	}
	o.updateProgress()
	events = append(events, o.nodeEvents()...)
	if root := o.node(wf.Name); root != nil && fulfilled(root.Phase) {
		phase := v1alpha1.WorkflowSucceeded
		message := ""
		if failedOrError(root.Phase) {
			phase = v1alpha1.WorkflowFailed
			if root.Phase == v1alpha1.NodeError {
				phase = v1alpha1.WorkflowError
			}
			message = root.Message
		}
		o.finishWorkflow(phase, message)
		events = append(events, workflowEndEvent(o.status))
	}
	return o.decision(events)
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
		Resources:    o.resourceRequests,
		Events:       events,
		RequeueAfter: o.requeue,
	}
}

func finishedPhase(p v1alpha1.WorkflowPhase) bool {
	return p == v1alpha1.WorkflowSucceeded || p == v1alpha1.WorkflowFailed || p == v1alpha1.WorkflowError
}
