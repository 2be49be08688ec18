package printer

import (
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Finished says a workflow has ended: Succeeded, Failed or Error.
func Finished(wf *v1alpha1.Workflow) bool {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// StatusText is a workflow's status for people: its phase ("Pending" before
// the controller sees it), with "(Stopping)" or "(Terminating)" while a
// shutdown ends it, and "(Suspended)", as Argo says, while spec.suspend
// holds it or a suspend step waits to be resumed.
func StatusText(wf *v1alpha1.Workflow) string {
	phase := string(wf.Status.Phase)
	if phase == "" {
		phase = string(v1alpha1.WorkflowPending)
	}
	if Finished(wf) {
		return phase
	}
	switch {
	case wf.Spec.Shutdown == v1alpha1.ShutdownTerminate:
		return phase + " (Terminating)"
	case wf.Spec.Shutdown == v1alpha1.ShutdownStop:
		return phase + " (Stopping)"
	case specSuspended(wf) || waitingSuspendNode(wf):
		return phase + " (Suspended)"
	}
	return phase
}

// waitingSuspendNode says a suspend step of wf waits to be resumed.
func waitingSuspendNode(wf *v1alpha1.Workflow) bool {
	for id := range wf.Status.Nodes {
		n := wf.Status.Nodes[id]
		if n.Type == v1alpha1.NodeTypeSuspend && n.Phase == v1alpha1.NodeRunning {
			return true
		}
	}
	return false
}

// runTime is how long a workflow or node has run: from start to finish, or
// to now while it runs; false when it has not started.
func runTime(started, finished time.Time, now time.Time) (time.Duration, bool) {
	if started.IsZero() {
		return 0, false
	}
	if finished.IsZero() {
		return now.Sub(started), true
	}
	return finished.Sub(started), true
}
