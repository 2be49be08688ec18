package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/logs"
	"github.com/weft-dev/weft/pkg/statusnodes/statusnodestest"
)

// fakeWorkflows is a workflows storage of one workflow whose watches the
// test drives.
type fakeWorkflows struct {
	wf      *weft.Workflow
	watches chan *watch.FakeWatcher
}

func (f *fakeWorkflows) Get(context.Context, string, *metav1.GetOptions) (runtime.Object, error) {
	if f.wf == nil {
		return nil, apierrors.NewNotFound(weft.Resource("workflows"), "wf")
	}
	return f.wf, nil
}

func (f *fakeWorkflows) Watch(context.Context, *metainternalversion.ListOptions) (watch.Interface, error) {
	w := watch.NewFake()
	f.watches <- w
	return w, nil
}

func runningWorkflow() *weft.Workflow {
	return &weft.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "ns", UID: types.UID("wf-uid"), ResourceVersion: "1"},
		Status:     weft.WorkflowStatus{Phase: weft.WorkflowRunning},
	}
}

// ownedPod is a pod of the workflow whose main container runs or waits.
func ownedPod(wf *weft.Workflow, name string, running bool) *corev1.Pod {
	yes := true
	state := corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}}
	if running {
		state = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: wf.Namespace,
			Labels:          map[string]string{podspec.LabelWorkflow: wf.Name, podspec.LabelNodeID: name},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "weft.dev/v1alpha1", Kind: "Workflow", Name: wf.Name, UID: wf.UID, Controller: &yes}},
		},
		Spec:   corev1.PodSpec{Containers: []corev1.Container{{Name: "main"}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: state}}},
	}
}

// next receives the next update, or fails the test.
func next(t *testing.T, updates <-chan logs.Update) logs.Update {
	t.Helper()
	select {
	case u, ok := <-updates:
		if !ok {
			t.Fatal("updates closed")
		}
		return u
	case <-time.After(5 * time.Second):
		t.Fatal("no update")
	}
	return logs.Update{}
}

// describe lists the pods of an update as name:hasLog.
func describe(u logs.Update) []string {
	var pods []string
	for _, p := range u.Pods {
		pod := p.Name + ":waiting"
		if p.HasLog {
			pod = p.Name + ":log"
		}
		pods = append(pods, pod)
	}
	return pods
}

func expectPods(t *testing.T, u logs.Update, want ...string) {
	t.Helper()
	got := describe(u)
	if len(got) != len(want) {
		t.Fatalf("pods %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pods %v, want %v", got, want)
		}
	}
}

func expectClosed(t *testing.T, updates <-chan logs.Update) {
	t.Helper()
	select {
	case u, ok := <-updates:
		if ok {
			t.Fatalf("update %v after the end", describe(u))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("updates not closed")
	}
}

func startTracker(t *testing.T, workflows *fakeWorkflows, kube *fake.Clientset) (<-chan logs.Update, *watch.FakeWatcher) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tr := newTracker(workflows, kube.CoreV1().Pods("ns"), workflows.wf, "main")
	tr.delay = time.Millisecond
	updates := make(chan logs.Update)
	go tr.run(ctx, updates)
	return updates, <-workflows.watches
}

func TestTrackerFollowsPodsUntilTheWorkflowFinishes(t *testing.T) {
	wf := runningWorkflow()
	stranger := ownedPod(wf, "stranger", true)
	stranger.OwnerReferences[0].UID = "other-uid"
	kube := fake.NewClientset(ownedPod(wf, "a", true), stranger)
	workflows := &fakeWorkflows{wf: wf, watches: make(chan *watch.FakeWatcher, 2)}
	updates, wfWatch := startTracker(t, workflows, kube)
	expectPods(t, next(t, updates), "a:log")

	ctx := context.Background()
	b := ownedPod(wf, "b", false)
	if _, err := kube.CoreV1().Pods("ns").Create(ctx, b, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	expectPods(t, next(t, updates), "a:log", "b:waiting")
	b.Status.ContainerStatuses[0].State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	if _, err := kube.CoreV1().Pods("ns").UpdateStatus(ctx, b, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	expectPods(t, next(t, updates), "a:log", "b:log")

	done := wf.DeepCopy()
	done.Status.Phase = weft.WorkflowSucceeded
	done.Status.Nodes = map[string]weft.NodeStatus{
		"a":         {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded},
		"collected": {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, StartedAt: metav1.NewTime(time.Now())},
	}
	wfWatch.Modify(done)
	expectPods(t, next(t, updates), "a:log", "b:log", ":log")
	expectClosed(t, updates)
}

func TestTrackerReadsDeletedPodsAtOnce(t *testing.T) {
	wf := runningWorkflow()
	kube := fake.NewClientset(ownedPod(wf, "a", false))
	workflows := &fakeWorkflows{wf: wf, watches: make(chan *watch.FakeWatcher, 2)}
	updates, wfWatch := startTracker(t, workflows, kube)
	expectPods(t, next(t, updates), "a:waiting")
	if err := kube.CoreV1().Pods("ns").Delete(context.Background(), "a", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	expectPods(t, next(t, updates), "a:log")
	wfWatch.Delete(wf)
	expectPods(t, next(t, updates), "a:log")
	expectClosed(t, updates)
}

func TestTrackerEndsWhenTheWorkflowIsDeletedBetweenWatches(t *testing.T) {
	wf := runningWorkflow()
	workflows := &fakeWorkflows{wf: wf, watches: make(chan *watch.FakeWatcher, 2)}
	updates, wfWatch := startTracker(t, workflows, fake.NewClientset())
	expectPods(t, next(t, updates))
	workflows.wf = nil
	wfWatch.Stop()
	expectPods(t, next(t, updates))
	expectClosed(t, updates)
}

func TestTrackerReadsNodesPackedIntoCompressedNodes(t *testing.T) {
	wf := runningWorkflow()
	wf.Status.CompressedNodes = statusnodestest.PackedLikeArgo(t, map[string]weft.NodeStatus{
		"a": {Type: weft.NodeTypePod, Phase: weft.NodeRunning, DisplayName: "step-a"},
	})
	kube := fake.NewClientset(ownedPod(wf, "a", true))
	workflows := &fakeWorkflows{wf: wf, watches: make(chan *watch.FakeWatcher, 2)}
	updates, wfWatch := startTracker(t, workflows, kube)
	first := next(t, updates)
	expectPods(t, first, "a:log")
	if first.Pods[0].DisplayName != "step-a" {
		t.Errorf("pod a is shown as %q, want its packed node's display name step-a", first.Pods[0].DisplayName)
	}

	done := runningWorkflow()
	done.Status.Phase = weft.WorkflowSucceeded
	done.Status.CompressedNodes = statusnodestest.PackedLikeArgo(t, map[string]weft.NodeStatus{
		"a":         {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, DisplayName: "step-a"},
		"collected": {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, DisplayName: "step-b", StartedAt: metav1.NewTime(time.Now())},
	})
	packed := done.Status.CompressedNodes
	wfWatch.Modify(done)
	expectPods(t, next(t, updates), "a:log", ":log")
	expectClosed(t, updates)
	if done.Status.CompressedNodes != packed || done.Status.Nodes != nil {
		t.Error("the tracker changed the workflow the watch sent, which the watch cache shares")
	}
}

func TestTrackerEndsSayingWhyPackedNodesCannotBeRead(t *testing.T) {
	wf := runningWorkflow()
	workflows := &fakeWorkflows{wf: wf, watches: make(chan *watch.FakeWatcher, 2)}
	updates, wfWatch := startTracker(t, workflows, fake.NewClientset())
	expectPods(t, next(t, updates))
	mangled := runningWorkflow()
	mangled.Status.CompressedNodes = "not base64!"
	wfWatch.Modify(mangled)
	last := next(t, updates)
	if last.Err == nil || !strings.Contains(last.Err.Error(), `reading the nodes of workflow "wf"`) {
		t.Errorf("last update's error %v, want one about reading the workflow's nodes", last.Err)
	}
	expectClosed(t, updates)
}
