package engine

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/synchronization"
)

// coordinated starts one Reconcile's operation of wf with the given
// observations, as Reconcile does up to its passes.
func coordinated(t *testing.T, wf *v1alpha1.Workflow, observed Observed, now time.Time) (*operation, *coordination) {
	t.Helper()
	o := newOperation(wf, observed, now, testConfig)
	if err := o.prepare(); err != nil {
		t.Fatal(err)
	}
	return o, newCoordination(o, observed)
}

// persist writes an operation's nodes and status back into wf, as the
// controller's status write does.
func persist(o *operation, wf *v1alpha1.Workflow) {
	nodes := make(map[string]v1alpha1.NodeStatus, len(o.nodes))
	for id, n := range o.nodes {
		nodes[id] = *n
	}
	wf.Status = *o.status.DeepCopy()
	wf.Status.Nodes = nodes
}

// lockWorld is a real lock manager whose semaphore limits are set by tests,
// recording the holders it wakes.
type lockWorld struct {
	m      *synchronization.Manager
	limits map[string]int
	woken  []string
}

func newLockWorld() *lockWorld {
	w := &lockWorld{limits: map[string]int{}}
	w.m = synchronization.NewManager(func(ns, cm, key string) (int, error) {
		l, ok := w.limits[ns+"/"+cm+"/"+key]
		if !ok {
			return 0, fmt.Errorf("configmaps %q not found", cm)
		}
		return l, nil
	}, func(h string) { w.woken = append(w.woken, h) })
	return w
}

const mutexWorkflow = `
metadata:
  name: NAME
spec:
  entrypoint: main
  synchronization:
    mutexes:
    - name: shared
  templates:
  - name: main
    container:
      image: busybox
      command: [echo, hello]
`

func TestWorkflowMutex(t *testing.T) {
	w := newLockWorld()
	wf1 := decodeWorkflow(t, strings.ReplaceAll(mutexWorkflow, "NAME", "wf-1"))
	wf2 := decodeWorkflow(t, strings.ReplaceAll(mutexWorkflow, "NAME", "wf-2"))
	observed := Observed{Locks: w.m}

	o1, k1 := coordinated(t, wf1, observed, start)
	if msg := k1.acquireWorkflowLocks(); msg != "" {
		t.Fatalf("first workflow waits: %q", msg)
	}
	k1.releaseFinishedLocks()
	persist(o1, wf1)
	expectEqual(t, "first workflow's locks", wf1.Status.Synchronization, &v1alpha1.SynchronizationStatus{
		Mutex: &v1alpha1.MutexStatus{Holding: []v1alpha1.MutexHolding{{Mutex: "default/Mutex/shared", Holder: "wf-1"}}},
	})

	o2, k2 := coordinated(t, wf2, observed, start)
	msg := k2.acquireWorkflowLocks()
	expectEqual(t, "second workflow's message", msg, "Waiting for default/Mutex/shared lock. Lock status: 0/1")
	k2.releaseFinishedLocks()
	persist(o2, wf2)
	expectEqual(t, "second workflow's locks", wf2.Status.Synchronization, &v1alpha1.SynchronizationStatus{
		Mutex: &v1alpha1.MutexStatus{Waiting: []v1alpha1.MutexHolding{{Mutex: "default/Mutex/shared", Holder: "default/wf-1"}}},
	})

	// The first workflow asks again while it runs: it still holds the mutex.
	o1, k1 = coordinated(t, wf1, observed, start.Add(time.Second))
	expectEqual(t, "first workflow asks again", k1.acquireWorkflowLocks(), "")
	k1.releaseFinishedLocks()
	expectEqual(t, "woken while held", w.woken, []string(nil))

	// The first workflow ends: its mutex goes to the second, which is woken.
	o1.finishWorkflow(v1alpha1.WorkflowSucceeded, "")
	k1.releaseFinishedLocks()
	persist(o1, wf1)
	expectEqual(t, "finished workflow's locks", wf1.Status.Synchronization, (*v1alpha1.SynchronizationStatus)(nil))
	expectEqual(t, "woken", w.woken, []string{"default/wf-2"})
	_, k1 = coordinated(t, wf1, observed, start.Add(2*time.Second))
	k1.releaseFinishedLocks()
	expectEqual(t, "released twice wakes nobody more", w.woken, []string{"default/wf-2"})

	o2, k2 = coordinated(t, wf2, observed, start.Add(2*time.Second))
	expectEqual(t, "second workflow after the first", k2.acquireWorkflowLocks(), "")
	k2.releaseFinishedLocks()
	persist(o2, wf2)
	expectEqual(t, "second workflow holds", wf2.Status.Synchronization, &v1alpha1.SynchronizationStatus{
		Mutex: &v1alpha1.MutexStatus{Holding: []v1alpha1.MutexHolding{{Mutex: "default/Mutex/shared", Holder: "wf-2"}}},
	})
}

const semaphoreWorkflow = `
metadata:
  name: sem
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: work
        template: work
        withItems: [a, b, c]
  - name: work
    synchronization:
      semaphores:
      - configMapKeyRef:
          name: my-config
          key: template
    container:
      image: busybox
      command: [echo, hello]
`

func TestTemplateSemaphore(t *testing.T) {
	w := newLockWorld()
	w.limits["default/my-config/template"] = 2
	wf := decodeWorkflow(t, semaphoreWorkflow)
	observed := Observed{Locks: w.m}
	work := wf.Spec.Templates[1].DeepCopy()
	names := []string{"sem[0].work(0:a)", "sem[0].work(1:b)", "sem[0].work(2:c)"}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = nodeID(wf.Name, n)
	}
	const sem = "default/ConfigMap/my-config/template"

	o, k := coordinated(t, wf, observed, start)
	for i, name := range names {
		msg := k.acquireTemplateLocks(ids[i], work)
		want := ""
		if i == 2 {
			want = "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/2"
		}
		expectEqual(t, "message of "+name, msg, want)
		o.newNode(name, name, v1alpha1.NodeTypePod, wf.Name, v1alpha1.NodePending, msg)
	}
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "locks with two running", wf.Status.Synchronization, &v1alpha1.SynchronizationStatus{
		Semaphore: &v1alpha1.SemaphoreStatus{
			Holding: []v1alpha1.SemaphoreHolding{{Semaphore: sem, Holders: sortedCopy(ids[0], ids[1])}},
			Waiting: []v1alpha1.SemaphoreHolding{{Semaphore: sem, Holders: sortedCopy("default/sem/"+ids[0], "default/sem/"+ids[1])}},
		},
	})
	expectEqual(t, "waiting node", wf.Status.Nodes[ids[2]].SynchronizationStatus, &v1alpha1.NodeSynchronizationStatus{Waiting: sem})
	expectEqual(t, "running node", wf.Status.Nodes[ids[0]].SynchronizationStatus, (*v1alpha1.NodeSynchronizationStatus)(nil))

	// A Reconcile that does not get to the waiting node keeps its wait.
	o, k = coordinated(t, wf, observed, start.Add(time.Second))
	k.releaseFinishedLocks()
	before := wf.Status.DeepCopy()
	persist(o, wf)
	expectEqual(t, "status of an idle Reconcile", wf.Status.Synchronization, before.Synchronization)

	// The first node ends: its place goes to the third, which is woken.
	o, k = coordinated(t, wf, observed, start.Add(2*time.Second))
	o.setPhase(o.nodes[ids[0]], v1alpha1.NodeSucceeded, "")
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "woken", w.woken, []string{"default/sem/" + ids[2]})

	o, k = coordinated(t, wf, observed, start.Add(3*time.Second))
	expectEqual(t, "third node's message", k.acquireTemplateLocks(ids[2], work), "")
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "locks of the second and third", wf.Status.Synchronization, &v1alpha1.SynchronizationStatus{
		Semaphore: &v1alpha1.SemaphoreStatus{Holding: []v1alpha1.SemaphoreHolding{{Semaphore: sem, Holders: sortedCopy(ids[1], ids[2])}}},
	})
	expectEqual(t, "third node no longer waits", wf.Status.Nodes[ids[2]].SynchronizationStatus, (*v1alpha1.NodeSynchronizationStatus)(nil))
	expectEqual(t, "holders", w.m.Holders(sem), sortedCopy("default/sem/"+ids[1], "default/sem/"+ids[2]))

	// The workflow fails: every lock goes, and the manager forgets it.
	o, k = coordinated(t, wf, observed, start.Add(4*time.Second))
	o.finishWorkflow(v1alpha1.WorkflowFailed, "stopped")
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "locks of a finished workflow", wf.Status.Synchronization, (*v1alpha1.SynchronizationStatus)(nil))
	expectEqual(t, "holders after the end", w.m.Holders(sem), []string(nil))
}

func TestWaitingNodeOfAFinishedWorkflowLeavesTheQueue(t *testing.T) {
	w := newLockWorld()
	other := synchronization.NodeHolder("default", "other", "other-1")
	if ok, _ := w.m.TryAcquire(other, []string{"default/ConfigMap/my-config/template"}, 0, start); ok {
		t.Fatal("acquired without a limit")
	}
	w.limits["default/my-config/template"] = 1
	if ok, _ := w.m.TryAcquire(other, []string{"default/ConfigMap/my-config/template"}, 0, start); !ok {
		t.Fatal("could not take a free semaphore")
	}
	wf := decodeWorkflow(t, semaphoreWorkflow)
	work := wf.Spec.Templates[1].DeepCopy()
	id := nodeID(wf.Name, "sem[0].work(0:a)")
	o, k := coordinated(t, wf, Observed{Locks: w.m}, start)
	msg := k.acquireTemplateLocks(id, work)
	o.newNode("sem[0].work(0:a)", "work(0:a)", v1alpha1.NodeTypePod, wf.Name, v1alpha1.NodePending, msg)
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "waiters", w.m.Waiters("default/ConfigMap/my-config/template"), []string{"default/sem/" + id})

	o, k = coordinated(t, wf, Observed{Locks: w.m}, start.Add(time.Second))
	o.setPhase(o.nodes[id], v1alpha1.NodeFailed, "stopped")
	o.finishWorkflow(v1alpha1.WorkflowFailed, "stopped")
	k.releaseFinishedLocks()
	persist(o, wf)
	expectEqual(t, "waiters after the end", w.m.Waiters("default/ConfigMap/my-config/template"), []string(nil))
	expectEqual(t, "node synchronization after the end", wf.Status.Nodes[id].SynchronizationStatus, (*v1alpha1.NodeSynchronizationStatus)(nil))
}

func TestNoLockManager(t *testing.T) {
	wf := decodeWorkflow(t, strings.ReplaceAll(mutexWorkflow, "NAME", "wf"))
	o, k := coordinated(t, wf, Observed{}, start)
	expectEqual(t, "workflow locks", k.acquireWorkflowLocks(), "")
	expectEqual(t, "template locks", k.acquireTemplateLocks("wf-1", &v1alpha1.Template{Synchronization: wf.Spec.Synchronization}), "")
	k.releaseFinishedLocks()
	expectEqual(t, "status", o.status.Synchronization, (*v1alpha1.SynchronizationStatus)(nil))
}

func sortedCopy(s ...string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
