package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/memo"
)

// TestWorkflowMutex runs two workflows holding the same mutex: one waits
// Pending, its status saying so, until the other ends, then holds it.
func TestWorkflowMutex(t *testing.T) {
	ns := namespace(t, "mutex")
	ctx := testContext(t, 4*time.Minute)
	lock := ns + "/Mutex/welcome"
	var names []string
	for i := 0; i < 2; i++ {
		created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, exampleWorkflow(t, "synchronization-mutex-wf-level.yaml"), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("create workflow: %v", err)
		}
		names = append(names, created.Name)
	}

	var first, second string
	var waiting *v1alpha1.Workflow
	poll(t, ctx, "one workflow holding the mutex and the other waiting", func() bool {
		wfs := map[string]*v1alpha1.Workflow{}
		for _, name := range names {
			wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false
			}
			wfs[name] = wf
		}
		for _, holder := range names {
			other := names[0]
			if other == holder {
				other = names[1]
			}
			if holdsMutex(wfs[holder], lock) && waitsForMutex(wfs[other], lock) {
				first, second, waiting = holder, other, wfs[other]
				return true
			}
		}
		return false
	})
	if waiting.Status.Phase != v1alpha1.WorkflowPending && waiting.Status.Phase != "" {
		t.Errorf("the waiting workflow is %s, want Pending", waiting.Status.Phase)
	}
	if want := "Waiting for " + lock + " lock"; !strings.HasPrefix(waiting.Status.Message, want) {
		t.Errorf("the waiting workflow's message is %q, want it to start with %q", waiting.Status.Message, want)
	}
	if len(workflowPods(t, ns, second)) != 0 {
		t.Errorf("the waiting workflow %s has pods", second)
	}

	poll(t, ctx, "the second workflow holding the mutex", func() bool {
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, second, metav1.GetOptions{})
		return err == nil && holdsMutex(wf, lock)
	})
	done1 := waitFinished(t, ctx, ns, first)
	done2 := waitFinished(t, ctx, ns, second)
	expectPhase(t, done1, v1alpha1.WorkflowSucceeded)
	expectPhase(t, done2, v1alpha1.WorkflowSucceeded)
	root2 := nodeByDisplayName(t, done2, second)
	if root2.StartedAt.Before(&done1.Status.FinishedAt) {
		t.Errorf("the second workflow's node started at %v, before the first workflow finished at %v", root2.StartedAt, done1.Status.FinishedAt)
	}
	for _, wf := range []*v1alpha1.Workflow{done1, done2} {
		if wf.Status.Synchronization != nil {
			t.Errorf("finished workflow %s still shows locks: %+v", wf.Name, wf.Status.Synchronization)
		}
	}
}

func holdsMutex(wf *v1alpha1.Workflow, lock string) bool {
	s := wf.Status.Synchronization
	if s == nil || s.Mutex == nil {
		return false
	}
	for _, h := range s.Mutex.Holding {
		if h.Mutex == lock && h.Holder == wf.Name {
			return true
		}
	}
	return false
}

func waitsForMutex(wf *v1alpha1.Workflow, lock string) bool {
	s := wf.Status.Synchronization
	if s == nil || s.Mutex == nil {
		return false
	}
	for _, h := range s.Mutex.Waiting {
		if h.Mutex == lock {
			return true
		}
	}
	return false
}

// TestTemplateSemaphore runs three steps of a template whose semaphore's
// limit is 2, from a ConfigMap: at most two of its pods run at once.
func TestTemplateSemaphore(t *testing.T) {
	ns := namespace(t, "semaphore")
	ctx := testContext(t, 4*time.Minute)
	if _, err := kube.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "my-config"},
		Data:       map[string]string{"workflow": "1", "template": "2"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wf := exampleWorkflow(t, "synchronization-tmpl-level.yaml")
	count := intstr.FromInt32(3)
	wf.Spec.Templates[0].Steps[0][0].WithSequence.Count = &count
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create workflow: %v", err)
	}
	sawWaiting := false
	poll(t, ctx, "the workflow to finish", func() bool {
		if alive := alivePods(t, ns, created.Name); alive > 2 {
			t.Errorf("%d pods run at once, limit 2", alive)
		}
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, created.Name, metav1.GetOptions{})
		if err != nil {
			return false
		}
		for _, n := range wf.Status.Nodes {
			if n.SynchronizationStatus != nil && n.SynchronizationStatus.Waiting == ns+"/ConfigMap/my-config/template" {
				sawWaiting = true
			}
		}
		switch wf.Status.Phase {
		case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
			return true
		}
		return false
	})
	done := waitFinished(t, ctx, ns, created.Name)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	if !sawWaiting {
		t.Error("no node was seen waiting for the semaphore")
	}
	pods := workflowPods(t, ns, created.Name)
	if len(pods) != 3 {
		t.Fatalf("%d pods, want 3", len(pods))
	}
	if overlap := maxOverlap(t, pods); overlap > 2 {
		t.Errorf("%d main containers ran at once, limit 2", overlap)
	}
}

// alivePods counts a workflow's pods not yet ended.
func alivePods(t *testing.T, ns, name string) int {
	n := 0
	for _, p := range workflowPods(t, ns, name) {
		if p.Status.Phase != corev1.PodSucceeded && p.Status.Phase != corev1.PodFailed {
			n++
		}
	}
	return n
}

// maxOverlap is the most main containers that ran at the same time.
func maxOverlap(t *testing.T, pods []corev1.Pod) int {
	t.Helper()
	type span struct{ from, to time.Time }
	var spans []span
	for _, p := range pods {
		for _, c := range p.Status.ContainerStatuses {
			if c.Name == "main" && c.State.Terminated != nil {
				spans = append(spans, span{c.State.Terminated.StartedAt.Time, c.State.Terminated.FinishedAt.Time})
			}
		}
	}
	if len(spans) != len(pods) {
		t.Fatalf("%d of %d pods have a terminated main container", len(spans), len(pods))
	}
	most := 0
	for _, s := range spans {
		at := 0
		for _, o := range spans {
			if !o.from.After(s.from) && o.to.After(s.from) {
				at++
			}
		}
		most = max(most, at)
	}
	return most
}

// TestMemoizedStep runs a memoized template twice: the second workflow's
// node is a cache hit, with the first's outputs and no pod.
func TestMemoizedStep(t *testing.T) {
	ns := namespace(t, "memoize")
	first := runExample(t, ns, "memoize-simple.yaml")
	expectPhase(t, first, v1alpha1.WorkflowSucceeded)
	node := nodeByDisplayName(t, first, first.Name)
	want := &v1alpha1.MemoizationStatus{Hit: false, Key: "hello-world", CacheName: "memoize-cache"}
	if node.MemoizationStatus == nil || *node.MemoizationStatus != *want {
		t.Fatalf("first run's memoizationStatus is %+v, want %+v", node.MemoizationStatus, want)
	}
	cm, err := kube.CoreV1().ConfigMaps(ns).Get(testContext(t, time.Minute), "memoize-cache", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the cache ConfigMap: %v", err)
	}
	if cm.Labels[memo.LabelConfigMapType] != memo.LabelValueCache {
		t.Errorf("the cache's labels are %v, want %s=%s", cm.Labels, memo.LabelConfigMapType, memo.LabelValueCache)
	}
	entry, err := memo.Decode(cm.Data["hello-world"])
	if err != nil || entry.NodeID != node.ID {
		t.Fatalf("the cache entry is %+v (%v), want node %s", entry, err, node.ID)
	}

	second := runExample(t, ns, "memoize-simple.yaml")
	expectPhase(t, second, v1alpha1.WorkflowSucceeded)
	hit := nodeByDisplayName(t, second, second.Name)
	want.Hit = true
	if hit.MemoizationStatus == nil || *hit.MemoizationStatus != *want {
		t.Fatalf("second run's memoizationStatus is %+v, want %+v", hit.MemoizationStatus, want)
	}
	if hit.Outputs == nil || len(hit.Outputs.Parameters) != 1 || hit.Outputs.Parameters[0].Value == nil || string(*hit.Outputs.Parameters[0].Value) != "hello-world" {
		t.Errorf("second run's outputs are %+v, want said=hello-world", hit.Outputs)
	}
	if pods := workflowPods(t, ns, second.Name); len(pods) != 0 {
		t.Errorf("the cache hit ran %d pods", len(pods))
	}
}

// poll waits, checking every second, until cond holds.
func poll(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	if err := wait.PollUntilContextCancel(ctx, time.Second, true, func(context.Context) (bool, error) { return cond(), nil }); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// TestMutexHeldAcrossControllerRestart kills weft-controller while a
// workflow holds a mutex: the restarted controller rebuilds the holder from
// the workflow's status, so a second workflow still waits for the first.
func TestMutexHeldAcrossControllerRestart(t *testing.T) {
	ns := namespace(t, "mutex-restart")
	ctx := testContext(t, 5*time.Minute)
	lock := ns + "/Mutex/held"
	holding := func(generateName, sleep string) *v1alpha1.Workflow {
		wf := workflow(generateName)
		wf.Spec.Synchronization = &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{Name: "held"}}}
		wf.Spec.Templates[0].Container.Command = []string{"sh", "-c", "sleep " + sleep}
		return wf
	}
	first, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, holding("first-", "25"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the first workflow holding the mutex", func() bool {
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, first.Name, metav1.GetOptions{})
		return err == nil && holdsMutex(wf, lock)
	})

	controllers := kube.CoreV1().Pods("weft-system")
	list, err := controllers.List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=weft-controller"})
	if err != nil || len(list.Items) == 0 {
		t.Fatalf("no weft-controller pod: %v", err)
	}
	zero := int64(0)
	for _, pod := range list.Items {
		if err := controllers.Delete(ctx, pod.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
			t.Fatalf("killing %s: %v", pod.Name, err)
		}
	}
	second, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, holding("second-", "1"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the second workflow waiting for the mutex", func() bool {
		wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, second.Name, metav1.GetOptions{})
		if err != nil {
			return false
		}
		if holdsMutex(wf, lock) {
			t.Fatalf("the second workflow took the mutex the first holds:\n%s", describe(wf))
		}
		return waitsForMutex(wf, lock)
	})
	done1 := waitFinished(t, ctx, ns, first.Name)
	done2 := waitFinished(t, ctx, ns, second.Name)
	expectPhase(t, done1, v1alpha1.WorkflowSucceeded)
	expectPhase(t, done2, v1alpha1.WorkflowSucceeded)
	if done2.Status.StartedAt.Before(&done1.Status.FinishedAt) {
		t.Errorf("the second workflow started at %v, before the first finished at %v", done2.Status.StartedAt, done1.Status.FinishedAt)
	}
}
