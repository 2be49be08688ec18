package engine

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// observing makes a simulator reconcile with a lock manager and a cache.
func (s *sim) observing(locks LockManager, cache MemoCache) {
	s.locks, s.memo = locks, cache
}

func TestReconcileTakesWorkflowLocks(t *testing.T) {
	w := newLockWorld()
	first := newSim(t, decodeWorkflow(t, strings.Replace(mutexWorkflow, "NAME", "first", 1)))
	second := newSim(t, decodeWorkflow(t, strings.Replace(mutexWorkflow, "NAME", "second", 1)))
	second.wf.CreationTimestamp.Time = second.wf.CreationTimestamp.Add(time.Second)
	first.observing(w.m, nil)
	second.observing(w.m, nil)

	first.reconcile()
	second.reconcile()
	expectEqual(t, "first", first.wf.Status.Phase, v1alpha1.WorkflowRunning)
	expectEqual(t, "second", second.wf.Status.Phase, v1alpha1.WorkflowPending)
	if !strings.HasPrefix(second.wf.Status.Message, "Waiting for default/Mutex/shared lock") {
		t.Errorf("waiting message %q", second.wf.Status.Message)
	}
	if len(second.pods) != 0 {
		t.Errorf("the waiting workflow created pods")
	}
	first.run()
	expectEqual(t, "first", first.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
	if !contains(w.woken, "default/second") {
		t.Errorf("releasing the mutex woke %v, not default/second", w.woken)
	}
	second.run()
	expectEqual(t, "second", second.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
}

func TestReconcileTakesTemplateLocks(t *testing.T) {
	w := newLockWorld()
	w.limits["default/my-config/template"] = 1
	s := newSim(t, decodeWorkflow(t, `
metadata: {name: sem}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: work}
      - {name: b, template: work}
  - name: work
    synchronization:
      semaphores:
      - configMapKeyRef: {name: my-config, key: template}
    container: {image: busybox, command: ["true"]}
`))
	s.observing(w.m, nil)
	s.reconcile()
	a, b := s.node("sem[0].a"), s.node("sem[0].b")
	if a.Phase != v1alpha1.NodePending || b.Phase != v1alpha1.NodePending || len(s.pods) != 1 {
		t.Fatalf("a %s, b %s, %d pods: one step should run and one wait", a.Phase, b.Phase, len(s.pods))
	}
	if !strings.HasPrefix(b.Message, "Waiting for default/ConfigMap/my-config/template lock") {
		t.Errorf("waiting node's message %q", b.Message)
	}
	s.run()
	expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
	expectEqual(t, "most pods alive at once", s.maxAlive, 1)
	expectEqual(t, "children", s.children("sem[0]"), []string{"sem[0].a", "sem[0].b"})
}

func TestReconcileMemoizes(t *testing.T) {
	text := `
metadata: {name: NAME}
spec:
  entrypoint: main
  templates:
  - name: main
    memoize:
      key: "fixed-key"
      cache: {configMap: {name: cache}}
    script: {image: busybox, command: [sh], source: "echo computed"}
`
	first := newSim(t, decodeWorkflow(t, strings.Replace(text, "NAME", "first", 1)))
	first.outcome = func(*corev1.Pod) outcome { return outcome{result: strPtr("computed")} }
	first.run()
	var writes []MemoWrite
	for _, d := range first.decisions {
		writes = append(writes, d.MemoWrites...)
	}
	if len(writes) != 1 || writes[0].Key != "fixed-key" || writes[0].ConfigMap != "cache" {
		t.Fatalf("cache writes %+v", writes)
	}
	cache := memoCache{"default/cache/fixed-key": writes[0].Entry}
	second := newSim(t, decodeWorkflow(t, strings.Replace(text, "NAME", "second", 1)))
	second.observing(nil, cache)
	second.run()
	root := second.node("second")
	if root.MemoizationStatus == nil || !root.MemoizationStatus.Hit || len(second.pods) != 0 {
		t.Fatalf("second run: memoization %+v with %d pods, want a cache hit and no pod", root.MemoizationStatus, len(second.pods))
	}
	if root.Outputs == nil || root.Outputs.Result == nil || *root.Outputs.Result != "computed" {
		t.Errorf("cached outputs %+v", root.Outputs)
	}
}
