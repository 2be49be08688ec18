package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

// The chaos run's size and pace.
const (
	chaosWorkflows    = 100
	chaosWaves        = 5
	chaosWaveInterval = 15 * time.Second
	chaosLeaderKill   = 20 * time.Second
	chaosPodDeletion  = 7 * time.Second
	// chaosAfterLastWave is how long the faults go on once every workflow
	// has been submitted.
	chaosAfterLastWave = 60 * time.Second
)

// chaosLabel marks the workflows whose pods the run may delete: they retry
// on errors, so their spec still implies success.
const chaosLabel = "chaos.weft.dev/may-lose-pods"

// TestChaos runs 100 workflows of mixed shapes while weft-controller, at two
// replicas with leader election, loses its leader every 20 seconds (when
// the other replica is ready to take over), the Weft apiserver pod (and
// with it its embedded etcd) is restarted, and random workflow pods are
// deleted. Afterwards every workflow has ended in the phase its spec
// implies, none is lost, no node ever had two pods, no status went
// backwards, and the leader Lease changed hands after every kill. make
// chaos runs it alone.
func TestChaos(t *testing.T) {
	ctx := testContext(t, 20*time.Minute)
	ns := namespace(t, "chaos")
	restoreReplicas := scaleController(t, ctx, 2)
	defer restoreReplicas()

	watch := watchForRegressions(t, ctx, ns)
	expected := map[string]v1alpha1.WorkflowPhase{}
	var expectedMu sync.Mutex
	faults, stopFaults := context.WithCancel(ctx)
	var faultsDone sync.WaitGroup
	kills := &leaderKills{}
	faultsDone.Go(func() { killLeaders(faults, kills) })
	faultsDone.Go(func() { deleteRandomPods(faults, ns) })
	faultsDone.Go(func() { restartWeftAPIServer(t, faults, 45*time.Second) })

	for wave := range chaosWaves {
		for i := range chaosWorkflows / chaosWaves {
			wf, phase := chaosWorkflow(wave*chaosWorkflows/chaosWaves + i)
			created := submitThroughFaults(t, ctx, ns, wf)
			expectedMu.Lock()
			expected[created.Name] = phase
			expectedMu.Unlock()
		}
		if wave < chaosWaves-1 {
			sleepOrDone(ctx, chaosWaveInterval)
		}
	}
	sleepOrDone(ctx, chaosAfterLastWave)
	stopFaults()
	faultsDone.Wait()

	final := waitAllFinished(t, ctx, ns, len(expected))
	for name, want := range expected {
		wf, ok := final[name]
		switch {
		case !ok:
			t.Errorf("workflow %s was lost", name)
		case wf.Status.Phase != want:
			t.Errorf("workflow %s ended %s, want %s:\n%s", name, wf.Status.Phase, want, describe(wf))
		}
	}
	for _, violation := range watch.violations() {
		t.Error(violation)
	}
	kills.check(t)
	t.Logf("%d workflows, %s, %d pods deleted by the run, %d pods seen", len(expected), kills, deletedPods.Load(), watch.podCount())
}

// chaosWorkflow is the i-th workflow of the run and the phase its spec
// implies: a chain of steps, a diamond DAG and a loop, which retry on any
// error and succeed, and a step that exits 3 and fails.
func chaosWorkflow(i int) (*v1alpha1.Workflow, v1alpha1.WorkflowPhase) {
	retry := &v1alpha1.RetryStrategy{Limit: ptrTo(intstr.FromInt32(5)), RetryPolicy: "Always"}
	work := v1alpha1.Template{Name: "work", RetryStrategy: retry,
		Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"sh", "-c", "sleep 3; echo done"}}}
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: "chaos-", Labels: map[string]string{chaosLabel: "true"}}}
	switch i % 4 {
	case 0:
		wf.Spec = v1alpha1.WorkflowSpec{Entrypoint: "chain", Templates: []v1alpha1.Template{
			{Name: "chain", Steps: [][]v1alpha1.WorkflowStep{{{Name: "one", Template: "work"}}, {{Name: "two", Template: "work"}}, {{Name: "three", Template: "work"}}}},
			work,
		}}
	case 1:
		wf.Spec = v1alpha1.WorkflowSpec{Entrypoint: "diamond", Templates: []v1alpha1.Template{
			{Name: "diamond", DAG: &v1alpha1.DAGTemplate{Tasks: []v1alpha1.DAGTask{
				{Name: "a", Template: "work"},
				{Name: "b", Template: "work", Dependencies: []string{"a"}},
				{Name: "c", Template: "work", Dependencies: []string{"a"}},
				{Name: "d", Template: "work", Dependencies: []string{"b", "c"}},
			}}},
			work,
		}}
	case 2:
		wf.Spec = v1alpha1.WorkflowSpec{Entrypoint: "loop", Templates: []v1alpha1.Template{
			{Name: "loop", Steps: [][]v1alpha1.WorkflowStep{{{Name: "each", Template: "work", WithSequence: &v1alpha1.Sequence{Count: ptrTo(intstr.FromInt32(3))}}}}},
			work,
		}}
	default:
		wf.Labels = nil
		wf.Spec = v1alpha1.WorkflowSpec{Entrypoint: "fail", Templates: []v1alpha1.Template{{Name: "fail",
			Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"sh", "-c", "sleep 2; exit 3"}}}}}
		return wf, v1alpha1.WorkflowFailed
	}
	return wf, v1alpha1.WorkflowSucceeded
}

func ptrTo[T any](v T) *T { return &v }

// submitThroughFaults creates wf, retrying while the Weft apiserver restarts.
func submitThroughFaults(t *testing.T, ctx context.Context, ns string, wf *v1alpha1.Workflow) *v1alpha1.Workflow {
	t.Helper()
	var created *v1alpha1.Workflow
	err := wait.PollUntilContextTimeout(ctx, time.Second, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		var err error
		created, err = weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("submitting a workflow: the API did not come back within 2 minutes: %v", err)
	}
	return created
}

func sleepOrDone(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// waitAllFinished waits until count workflows of ns have ended and returns
// them by name.
func waitAllFinished(t *testing.T, ctx context.Context, ns string, count int) map[string]*v1alpha1.Workflow {
	t.Helper()
	final := map[string]*v1alpha1.Workflow{}
	var running []string
	err := wait.PollUntilContextCancel(ctx, 2*time.Second, true, func(ctx context.Context) (bool, error) {
		list, err := weft.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		clear(final)
		running = running[:0]
		for i := range list.Items {
			wf := &list.Items[i]
			final[wf.Name] = wf
			if !finished(wf.Status.Phase) {
				running = append(running, wf.Name+" "+string(wf.Status.Phase))
			}
		}
		return len(list.Items) >= count && len(running) == 0, nil
	})
	if err != nil {
		t.Fatalf("after the faults stopped, %d workflows had not ended: %s", len(running), strings.Join(running, ", "))
	}
	return final
}

func finished(phase v1alpha1.WorkflowPhase) bool {
	switch phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// regressionWatch records, from informers on a namespace's workflows and
// pods, every status that went backwards and every node that got a second
// pod.
type regressionWatch struct {
	mu         sync.Mutex
	problems   []string
	podsByNode map[string]map[string]bool
}

func watchForRegressions(t *testing.T, ctx context.Context, ns string) *regressionWatch {
	t.Helper()
	w := &regressionWatch{podsByNode: map[string]map[string]bool{}}
	weftFactory := weftinformers.NewSharedInformerFactoryWithOptions(weft, 0, weftinformers.WithNamespace(ns))
	workflows := weftFactory.Weft().V1alpha1().Workflows().Informer()
	if _, err := workflows.AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(oldObj, newObj any) {
			w.compare(oldObj.(*v1alpha1.Workflow), newObj.(*v1alpha1.Workflow))
		},
	}); err != nil {
		t.Fatal(err)
	}
	podFactory := informers.NewSharedInformerFactoryWithOptions(kube, 0, informers.WithNamespace(ns))
	pods := podFactory.Core().V1().Pods().Informer()
	if _, err := pods.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { w.sawPod(obj.(*corev1.Pod)) },
		UpdateFunc: func(_, obj any) { w.sawPod(obj.(*corev1.Pod)) },
	}); err != nil {
		t.Fatal(err)
	}
	// Stopped by a cleanup of its own: the test's context ends only after
	// every cleanup, and Shutdown waits for the informers to stop.
	stop := make(chan struct{})
	weftFactory.Start(stop)
	podFactory.Start(stop)
	t.Cleanup(func() {
		close(stop)
		weftFactory.Shutdown()
		podFactory.Shutdown()
	})
	weftFactory.WaitForCacheSync(ctx.Done())
	podFactory.WaitForCacheSync(ctx.Done())
	return w
}

// compare records how newer went backwards from older: a workflow that
// had ended running again, or a node that had ended changing its phase or
// vanishing.
func (w *regressionWatch) compare(older, newer *v1alpha1.Workflow) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if finished(older.Status.Phase) && older.Status.Phase != newer.Status.Phase {
		w.problems = append(w.problems, fmt.Sprintf("workflow %s went from %s back to %s", newer.Name, older.Status.Phase, newer.Status.Phase))
	}
	for id, node := range older.Status.Nodes {
		if !nodeEnded(node.Phase) {
			continue
		}
		now, ok := newer.Status.Nodes[id]
		if !ok {
			w.problems = append(w.problems, fmt.Sprintf("workflow %s: node %s (%s) vanished after it ended %s", newer.Name, node.Name, id, node.Phase))
			continue
		}
		if now.Phase != node.Phase {
			w.problems = append(w.problems, fmt.Sprintf("workflow %s: node %s went from %s back to %s", newer.Name, node.Name, node.Phase, now.Phase))
		}
	}
}

func (w *regressionWatch) sawPod(pod *corev1.Pod) {
	node := pod.Labels[podspec.LabelWorkflow] + "/" + pod.Labels[podspec.LabelNodeID]
	if pod.Labels[podspec.LabelNodeID] == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.podsByNode[node] == nil {
		w.podsByNode[node] = map[string]bool{}
	}
	w.podsByNode[node][pod.Name] = true
}

func (w *regressionWatch) violations() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	problems := append([]string(nil), w.problems...)
	for node, pods := range w.podsByNode {
		if len(pods) > 1 {
			problems = append(problems, fmt.Sprintf("node %s had %d pods", node, len(pods)))
		}
	}
	return problems
}

func (w *regressionWatch) podCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.podsByNode)
}

// nodeEnded says a node in phase p will not change any more.
func nodeEnded(p v1alpha1.NodePhase) bool {
	switch p {
	case v1alpha1.NodeSucceeded, v1alpha1.NodeFailed, v1alpha1.NodeError, v1alpha1.NodeSkipped, v1alpha1.NodeOmitted:
		return true
	}
	return false
}
