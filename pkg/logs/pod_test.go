package logs

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

var start = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// workflowPod is a pod of node id whose main container is in state.
func workflowPod(name, id, nodeName string, state corev1.ContainerState) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:              name,
			CreationTimestamp: metav1.NewTime(start),
			Labels:            map[string]string{podspec.LabelWorkflow: "wf", podspec.LabelNodeID: id},
			Annotations:       map[string]string{podspec.AnnotationNodeName: nodeName},
		},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{{Name: "init"}},
			Containers:     []corev1.Container{{Name: "main"}},
		},
		Status: corev1.PodStatus{
			Phase:                 corev1.PodRunning,
			InitContainerStatuses: []corev1.ContainerStatus{{Name: "init", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}}}},
			ContainerStatuses:     []corev1.ContainerStatus{{Name: "main", State: state}},
		},
	}
}

var (
	running = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	waiting = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}
)

func TestNewPodTakesNodeDisplayNameAndStart(t *testing.T) {
	wf := &weft.Workflow{Status: weft.WorkflowStatus{Nodes: map[string]weft.NodeStatus{
		"wf-1": {ID: "wf-1", Name: "wf[0].test-linux(0:debian)", DisplayName: "test-linux(0:debian)", StartedAt: metav1.NewTime(start.Add(time.Minute))},
	}}}
	p := NewPod(wf, workflowPod("wf-pod-1", "wf-1", "wf[0].test-linux(0:debian)", running), "main")
	want := Pod{Name: "wf-pod-1", NodeID: "wf-1", NodeName: "wf[0].test-linux(0:debian)", DisplayName: "test-linux(0:debian)", StartedAt: start.Add(time.Minute), HasLog: true}
	if p != want {
		t.Errorf("pod %+v, want %+v", p, want)
	}

	p = NewPod(wf, workflowPod("wf-pod-2", "wf-2", "wf[1].late", waiting), "main")
	if p.DisplayName != "wf[1].late" || !p.StartedAt.Equal(start) || p.HasLog {
		t.Errorf("pod without a node in status: %+v, want the annotated node name, the pod's creation and no log yet", p)
	}
	bare := workflowPod("wf-pod-3", "wf-3", "", running)
	bare.Annotations = nil
	if p := NewPod(wf, bare, "main"); p.DisplayName != "wf-pod-3" {
		t.Errorf("pod without annotation or node: display name %q, want the pod name", p.DisplayName)
	}
}

func TestNewPodHasLog(t *testing.T) {
	terminated := corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}}
	for _, tc := range []struct {
		name      string
		state     corev1.ContainerState
		container string
		change    func(*corev1.Pod)
		want      bool
	}{
		{"running", running, "main", nil, true},
		{"terminated", terminated, "main", nil, true},
		{"waiting", waiting, "main", nil, false},
		{"init container done", waiting, "init", nil, true},
		{"unknown container", waiting, "sidecar", nil, true},
		{"no status yet", waiting, "main", func(p *corev1.Pod) { p.Status = corev1.PodStatus{Phase: corev1.PodPending} }, false},
		{"failed before start", waiting, "main", func(p *corev1.Pod) { p.Status.Phase = corev1.PodFailed }, true},
		{"deleted", waiting, "main", func(p *corev1.Pod) { p.DeletionTimestamp = &metav1.Time{Time: start} }, true},
	} {
		pod := workflowPod("p", "n", "", tc.state)
		if tc.change != nil {
			tc.change(pod)
		}
		if got := NewPod(&weft.Workflow{}, pod, tc.container).HasLog; got != tc.want {
			t.Errorf("%s: HasLog %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSortPods(t *testing.T) {
	pods := []Pod{
		{Name: "c", NodeName: "wf[1].b", StartedAt: start.Add(time.Second)},
		{Name: "b", NodeName: "wf[0].x(1)", StartedAt: start},
		{Name: "a", NodeName: "wf[0].x(0)", StartedAt: start},
		{Name: "d", NodeName: "wf[0].x(0)", StartedAt: start},
	}
	SortPods(pods)
	var names []string
	for _, p := range pods {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "a,d,b,c" {
		t.Errorf("order %s, want a,d,b,c", got)
	}
}

func TestNodesWithoutPod(t *testing.T) {
	at := metav1.NewTime(start)
	wf := &weft.Workflow{Status: weft.WorkflowStatus{Nodes: map[string]weft.NodeStatus{
		"has-pod":   {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, Name: "wf.has-pod"},
		"collected": {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, Name: "wf.collected", DisplayName: "collected", StartedAt: at},
		"unnamed":   {Type: weft.NodeTypePod, Phase: weft.NodeFailed, Name: "wf.unnamed"},
		"pending":   {Type: weft.NodeTypePod, Phase: weft.NodePending, Name: "wf.pending"},
		"skipped":   {Type: weft.NodeTypePod, Phase: weft.NodeSkipped, Name: "wf.skipped"},
		"cached":    {Type: weft.NodeTypePod, Phase: weft.NodeSucceeded, Name: "wf.cached", MemoizationStatus: &weft.MemoizationStatus{Hit: true}},
		"steps":     {Type: weft.NodeTypeSteps, Phase: weft.NodeSucceeded, Name: "wf"},
	}}}
	missing := NodesWithoutPod(wf, []Pod{{Name: "wf-has-pod", NodeID: "has-pod"}})
	SortPods(missing)
	want := []Pod{
		{NodeID: "unnamed", NodeName: "wf.unnamed", DisplayName: "wf.unnamed", HasLog: true},
		{NodeID: "collected", NodeName: "wf.collected", DisplayName: "collected", StartedAt: start, HasLog: true},
	}
	if len(missing) != len(want) || missing[0] != want[0] || missing[1] != want[1] {
		t.Errorf("nodes without pod %+v, want %+v", missing, want)
	}
}
