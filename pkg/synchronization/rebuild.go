package synchronization

import (
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Rebuild records the locks the given workflows hold, as their
// status.synchronization.*.holding says, so that a lock held before the
// controller restarted stays held. Finished workflows hold nothing. Call it
// once the workflow informer synced, before any workflow is synced. Waiters
// are not rebuilt: they queue again when their workflow is next synced.
func (m *Manager) Rebuild(workflows []*v1alpha1.Workflow) {
	for _, wf := range workflows {
		if finished(wf.Status.Phase) || wf.Status.Synchronization == nil {
			continue
		}
		own := workflowLocks(wf)
		for _, h := range Holdings(wf.Status.Synchronization) {
			m.hold(h.Lock, holderKey(wf, h.Holder, h.Lock, own))
		}
	}
}

// holderKey turns a status holder name back into a holder key. The
// workflow's own locks are held under its name; so are those of its root
// node, whose ID is the workflow's name, when the workflow's own
// synchronization does not name that lock.
func holderKey(wf *v1alpha1.Workflow, name, lock string, own map[string]bool) string {
	if name == wf.Name && own[lock] {
		return WorkflowHolder(wf.Namespace, wf.Name)
	}
	return NodeHolder(wf.Namespace, wf.Name, name)
}

// workflowLocks are the locks of the workflow's own synchronization: its
// spec's, or that of the WorkflowTemplate it runs.
func workflowLocks(wf *v1alpha1.Workflow) map[string]bool {
	sync := wf.Spec.Synchronization
	if sync == nil && wf.Status.StoredWorkflowTemplateSpec != nil {
		sync = wf.Status.StoredWorkflowTemplateSpec.Synchronization
	}
	names, _ := LockNames(sync, wf.Namespace)
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

func finished(p v1alpha1.WorkflowPhase) bool {
	return p == v1alpha1.WorkflowSucceeded || p == v1alpha1.WorkflowFailed || p == v1alpha1.WorkflowError
}
