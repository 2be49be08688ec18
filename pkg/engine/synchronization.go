package engine

import (
	"strings"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/synchronization"
)

// LockManager holds the controller's mutexes and semaphores, across
// workflows; *synchronization.Manager is one. Holder keys are
// "<namespace>/<workflow>" for a workflow's own locks and
// "<namespace>/<workflow>/<node ID>" for a node's; lock names are
// "<namespace>/Mutex/<name>" and "<namespace>/ConfigMap/<configmap>/<key>".
type LockManager interface {
	// TryAcquire takes all the named locks for holder, or none and keeps
	// it queued, by priority then creation time; waiting then says, for
	// the node's or workflow's message, which lock it waits for.
	TryAcquire(holder string, locks []string, priority int32, created time.Time) (acquired bool, waiting string)
	// Release gives up every lock holder holds and its place in every
	// queue; releasing a holder that holds nothing does nothing.
	Release(holder string)
	// Holders lists the holder keys holding a lock.
	Holders(lock string) []string
}

// acquireWorkflowLocks takes the locks of the workflow's
// spec.synchronization. It returns "" when the workflow holds them all (or
// has none, or no lock manager is configured), else the message saying what
// it waits for: the workflow stays Pending with it until woken.
// status.synchronization records what the workflow holds.
func (k *coordination) acquireWorkflowLocks() (waiting string) {
	wf := k.o.wf
	return k.acquire(synchronization.WorkflowHolder(wf.Namespace, wf.Name), wf.Name, "", k.o.effectiveSpec().Synchronization)
}

// acquireTemplateLocks takes the locks of a template's synchronization for
// the node nodeID. It returns "" when the node holds them all (or there are
// none), else the message saying what it waits for: the node stays Pending
// with it, and releaseFinishedLocks sets its synchronizationStatus.waiting.
// Calling it again for a node that holds its locks returns "".
func (k *coordination) acquireTemplateLocks(nodeID string, t *v1alpha1.Template) (waiting string) {
	if t == nil {
		return ""
	}
	wf := k.o.wf
	return k.acquire(synchronization.NodeHolder(wf.Namespace, wf.Name, nodeID), nodeID, nodeID, t.Synchronization)
}

// acquire takes the locks of sync for holder, named name in the status.
func (k *coordination) acquire(holder, name, nodeID string, sync *v1alpha1.Synchronization) string {
	if k.locks == nil || sync == nil {
		return ""
	}
	locks, err := synchronization.LockNames(sync, k.o.wf.Namespace)
	if err != nil {
		msg := "Waiting for a lock that cannot be named: " + err.Error()
		k.waits[holder] = lockWait{nodeID: nodeID}
		return msg
	}
	if k.statusHolds(name, locks) {
		k.acquired[holder] = true
		delete(k.waits, holder)
		return ""
	}
	ok, msg := k.locks.TryAcquire(holder, locks, k.priority(), k.o.wf.CreationTimestamp.Time)
	if !ok {
		k.waits[holder] = lockWait{nodeID: nodeID, locks: locks, blocking: blockingLock(msg, locks)}
		return msg
	}
	for _, l := range locks {
		k.o.status.Synchronization = synchronization.AddHolding(k.o.status.Synchronization, l, name)
	}
	k.acquired[holder] = true
	delete(k.waits, holder)
	return ""
}

// statusHolds says whether the status shows name holding every lock.
func (k *coordination) statusHolds(name string, locks []string) bool {
	held := map[string]bool{}
	for _, h := range synchronization.Holdings(k.o.status.Synchronization) {
		if h.Holder == name {
			held[h.Lock] = true
		}
	}
	for _, l := range locks {
		if !held[l] {
			return false
		}
	}
	return true
}

// priority is the workflow's spec.priority, which orders lock queues.
func (k *coordination) priority() int32 {
	spec := k.o.effectiveSpec()
	if spec.Priority == nil {
		return 0
	}
	return *spec.Priority
}

// blockingLock is the lock a waiting message names, or the first lock.
func blockingLock(msg string, locks []string) string {
	for _, l := range locks {
		if strings.HasPrefix(msg, "Waiting for "+l+" lock") {
			return l
		}
	}
	if len(locks) > 0 {
		return locks[0]
	}
	return ""
}

// releaseFinishedLocks ends a Reconcile: it releases the locks of the nodes
// that finished and, once the workflow finished, the workflow's and all its
// nodes' (their places in queues included). It sets the waiting nodes'
// synchronizationStatus and status.synchronization's holding and waiting
// lists. Calling it again changes nothing.
func (k *coordination) releaseFinishedLocks() {
	if k.locks == nil {
		return
	}
	o := k.o
	wf := o.wf
	done := finishedPhase(o.status.Phase)
	wfHolder := synchronization.WorkflowHolder(wf.Namespace, wf.Name)
	own := k.workflowLocks()
	for _, h := range synchronization.Holdings(o.status.Synchronization) {
		holder, release := wfHolder, done
		if h.Holder != wf.Name || !own[h.Lock] {
			holder = synchronization.NodeHolder(wf.Namespace, wf.Name, h.Holder)
			n := o.nodes[h.Holder]
			release = done || (n != nil && fulfilled(n.Phase))
		}
		if release {
			k.locks.Release(holder)
			o.status.Synchronization = synchronization.RemoveHolding(o.status.Synchronization, h.Lock, h.Holder)
		}
	}
	if done {
		k.locks.Release(wfHolder)
	}
	waiting := map[string][]string{}
	for id, n := range o.nodes {
		holder := synchronization.NodeHolder(wf.Namespace, wf.Name, id)
		w, asked := k.waits[holder]
		switch {
		case done || fulfilled(n.Phase):
			if asked || n.SynchronizationStatus != nil {
				k.locks.Release(holder)
				n.SynchronizationStatus = nil
			}
		case asked:
			if n.SynchronizationStatus == nil || n.SynchronizationStatus.Waiting != w.blocking {
				n.SynchronizationStatus = &v1alpha1.NodeSynchronizationStatus{Waiting: w.blocking}
			}
		case k.acquired[holder]:
			n.SynchronizationStatus = nil
		case n.SynchronizationStatus != nil && n.SynchronizationStatus.Waiting != "":
			waiting[n.SynchronizationStatus.Waiting] = nil
		}
	}
	if !done {
		for _, w := range k.waits {
			for _, l := range w.locks {
				waiting[l] = nil
			}
		}
	}
	for l := range waiting {
		waiting[l] = k.locks.Holders(l)
	}
	o.status.Synchronization = synchronization.SetWaiting(o.status.Synchronization, waiting)
}

// workflowLocks are the locks of the workflow's own synchronization.
func (k *coordination) workflowLocks() map[string]bool {
	names, _ := synchronization.LockNames(k.o.effectiveSpec().Synchronization, k.o.wf.Namespace)
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
