package workflow

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

func pod(phase corev1.PodPhase, main corev1.ContainerState) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "wf-main-1", Labels: map[string]string{podspec.LabelNodeID: "wf-1"}},
		Spec:       corev1.PodSpec{NodeName: "weft-node"},
		Status: corev1.PodStatus{
			Phase: phase, PodIP: "10.88.0.5",
			ContainerStatuses: []corev1.ContainerStatus{{Name: podspec.MainContainer, State: main}},
		},
	}
}

func TestObserveTerminatedWithReport(t *testing.T) {
	started, ended := metav1.Unix(100, 0), metav1.Unix(105, 0)
	p := pod(corev1.PodSucceeded, corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		ExitCode: 0, Reason: "Completed", StartedAt: started, FinishedAt: ended,
		Message: `{"result":"heads","parameters":{"p":"v"},"exitCode":0}`,
	}})
	got := observePod(p)
	if got.NodeID != "wf-1" || got.Phase != corev1.PodSucceeded || got.HostNodeName != "weft-node" || got.PodIP != "10.88.0.5" {
		t.Errorf("identity and placement: %+v", got)
	}
	if got.ExitCode == nil || *got.ExitCode != 0 || !got.StartedAt.Equal(&started) || !got.FinishedAt.Equal(&ended) {
		t.Errorf("exit code and times: %+v", got)
	}
	if got.Outputs == nil || got.Outputs.Result == nil || *got.Outputs.Result != "heads" || got.Outputs.Parameters["p"] != "v" {
		t.Errorf("report not parsed: %+v", got.Outputs)
	}
}

func TestObserveOOMKilledWithoutReport(t *testing.T) {
	p := pod(corev1.PodFailed, corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}})
	got := observePod(p)
	if got.Reason != "OOMKilled" || got.ExitCode == nil || *got.ExitCode != 137 || got.Outputs != nil {
		t.Errorf("OOMKilled pod: %+v", got)
	}
}

func TestObserveImagePullBackOff(t *testing.T) {
	p := pod(corev1.PodPending, corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
		Reason: "ImagePullBackOff", Message: `Back-off pulling image "weft.localhost/nope:1"`,
	}})
	got := observePod(p)
	if got.Reason != "ImagePullBackOff" || got.Message != `Back-off pulling image "weft.localhost/nope:1"` {
		t.Errorf("waiting reason not observed: %+v", got)
	}
	p.Status.ContainerStatuses[0].State.Waiting.Reason = "ContainerCreating"
	if got := observePod(p); got.Reason != "" {
		t.Errorf("ContainerCreating is no problem to report: %+v", got)
	}
}

func TestObserveFailedInitContainer(t *testing.T) {
	p := pod(corev1.PodFailed, corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}})
	p.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: podspec.InitContainer, State: corev1.ContainerState{
		Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error", Message: "no space left on device\n"},
	}}}
	got := observePod(p)
	if got.Reason != "Error" || got.Message != "init container init failed: no space left on device" {
		t.Errorf("init container failure: %+v", got)
	}
}

func TestObserveDeletedPod(t *testing.T) {
	p := pod(corev1.PodRunning, corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.Unix(100, 0)}})
	now := metav1.Now()
	p.DeletionTimestamp = &now
	if got := observePod(p); !got.Deleted || got.StartedAt.IsZero() {
		t.Errorf("deleted running pod: %+v", got)
	}
}

func TestObserveUnschedulablePod(t *testing.T) {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "wf-main-1", Labels: map[string]string{podspec.LabelNodeID: "wf-1"}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable",
			Message: "0/1 nodes are available: 1 Insufficient cpu.",
		}}},
	}
	got := observePod(p)
	if got.Reason != "Unschedulable" || got.Message != "0/1 nodes are available: 1 Insufficient cpu." {
		t.Errorf("the scheduler's reason not observed: %+v", got)
	}
	p.Status.Conditions[0].Status = corev1.ConditionTrue
	if got := observePod(p); got.Reason != "" {
		t.Errorf("a scheduled pod has no reason to report: %+v", got)
	}
}
