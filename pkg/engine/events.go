package engine

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const (
	eventNormal  = corev1.EventTypeNormal
	eventWarning = corev1.EventTypeWarning
)

// nodeEvents are the events of the nodes that finished in this Reconcile,
// ordered by node name.
func (o *operation) nodeEvents() []Event {
	var finished []*v1alpha1.NodeStatus
	for id, n := range o.nodes {
		if fulfilled(n.Phase) && !fulfilled(o.wf.Status.Nodes[id].Phase) {
			finished = append(finished, n)
		}
	}
	slices.SortFunc(finished, func(a, b *v1alpha1.NodeStatus) int { return strings.Compare(a.Name, b.Name) })
	var events []Event
	for _, n := range finished {
		switch n.Phase {
		case v1alpha1.NodeSucceeded:
			events = append(events, Event{Type: eventNormal, Reason: "WorkflowNodeSucceeded", Message: "Succeeded node " + n.Name})
		case v1alpha1.NodeFailed:
			events = append(events, Event{Type: eventWarning, Reason: "WorkflowNodeFailed", Message: nodeEventMessage("Failed", n)})
		case v1alpha1.NodeError:
			events = append(events, Event{Type: eventWarning, Reason: "WorkflowNodeError", Message: nodeEventMessage("Error", n)})
		}
	}
	return events
}

func nodeEventMessage(what string, n *v1alpha1.NodeStatus) string {
	if n.Message == "" {
		return fmt.Sprintf("%s node %s", what, n.Name)
	}
	return fmt.Sprintf("%s node %s: %s", what, n.Name, n.Message)
}

// workflowEndEvent is the event of a workflow that just finished.
func workflowEndEvent(s *v1alpha1.WorkflowStatus) Event {
	if s.Phase == v1alpha1.WorkflowSucceeded {
		return Event{Type: eventNormal, Reason: "WorkflowSucceeded", Message: "Workflow completed"}
	}
	msg := "Workflow failed"
	if s.Message != "" {
		msg += ": " + s.Message
	}
	return Event{Type: eventWarning, Reason: "WorkflowFailed", Message: msg}
}
