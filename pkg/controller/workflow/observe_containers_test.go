package workflow

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestObserveContainersAndReadiness(t *testing.T) {
	p := pod(corev1.PodRunning, corev1.ContainerState{Running: &corev1.ContainerStateRunning{}})
	p.Status.ContainerStatuses = append(p.Status.ContainerStatuses,
		corev1.ContainerStatus{Name: "a", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 1, Reason: "Error", Message: `{"exitCode":1,"error":"not run: container \"b\" it depends on failed (exit code 2)"}`,
		}}},
		corev1.ContainerStatus{Name: "b", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 2, Message: "not a report"}}},
		corev1.ContainerStatus{Name: "c", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: "no such image"}}},
	)
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	got := observePod(p)
	if !got.Ready {
		t.Error("the pod's Ready condition is true")
	}
	if len(got.Containers) != 4 {
		t.Fatalf("containers %+v", got.Containers)
	}
	main, a, b, c := got.Containers[0], got.Containers[1], got.Containers[2], got.Containers[3]
	if !main.Running || main.Terminated {
		t.Errorf("main %+v", main)
	}
	if !a.Terminated || a.ExitCode != 1 || a.Outputs == nil || a.Outputs.Error == "" {
		t.Errorf("a %+v", a)
	}
	if !b.Terminated || b.ExitCode != 2 || b.Outputs != nil || b.Message != "not a report" {
		t.Errorf("b %+v", b)
	}
	if c.Terminated || c.Running || c.Reason != "ImagePullBackOff" || c.Message != "no such image" {
		t.Errorf("c %+v", c)
	}
	p.Status.Conditions[0].Status = corev1.ConditionFalse
	if observePod(p).Ready {
		t.Error("the pod's Ready condition is false")
	}
}
