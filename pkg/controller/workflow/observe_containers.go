package workflow

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/executor"
)

// observeContainers reads the state of every container of a pod (its init
// containers and sidecars left out), with each one's executor report.
func observeContainers(pod *corev1.Pod) []engine.ContainerObservation {
	out := make([]engine.ContainerObservation, 0, len(pod.Status.ContainerStatuses))
	for _, status := range pod.Status.ContainerStatuses {
		c := engine.ContainerObservation{Name: status.Name}
		switch {
		case status.State.Waiting != nil:
			c.Reason, c.Message = status.State.Waiting.Reason, status.State.Waiting.Message
		case status.State.Running != nil:
			c.Running = true
			c.StartedAt = status.State.Running.StartedAt
		case status.State.Terminated != nil:
			terminated := status.State.Terminated
			c.Terminated = true
			c.StartedAt, c.FinishedAt = terminated.StartedAt, terminated.FinishedAt
			c.ExitCode, c.Reason = terminated.ExitCode, terminated.Reason
			if report, err := executor.ParseReport(terminated.Message); err == nil {
				c.Outputs = report
			} else {
				c.Message = terminated.Message
			}
		}
		out = append(out, c)
	}
	return out
}

// podReady says the pod's Ready condition is true.
func podReady(pod *corev1.Pod) bool {
	for _, cond := range pod.Status.Conditions {
		if cond.Type == corev1.PodReady {
			return cond.Status == corev1.ConditionTrue
		}
	}
	return false
}
