package workflow

import (
	"context"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// observe turns a workflow pod into what the engine reads of it.
func (c *Controller) observe(ctx context.Context, pod *corev1.Pod) engine.PodObservation {
	observed := observePod(pod)
	if finished(pod) && observed.Outputs != nil && slices.Contains(observed.Outputs.Overflow, executor.ResultOverflow) {
		result, err := c.logs.result(ctx, pod)
		if err != nil {
			klog.FromContext(ctx).Error(err, "Reading an overflowing result from the pod's log", "pod", klog.KObj(pod))
		} else {
			observed.LogResult = &result
		}
	}
	return observed
}

// observePod reads a pod's phase, its main container's state and the
// executor's report from the termination message.
func observePod(pod *corev1.Pod) engine.PodObservation {
	observed := engine.PodObservation{
		Name:         pod.Name,
		NodeID:       pod.Labels[podspec.LabelNodeID],
		Phase:        pod.Status.Phase,
		Deleted:      pod.DeletionTimestamp != nil,
		Reason:       pod.Status.Reason,
		Message:      pod.Status.Message,
		PodIP:        pod.Status.PodIP,
		HostNodeName: pod.Spec.NodeName,
		Labels:       pod.Labels,
		Ready:        podReady(pod),
		Containers:   observeContainers(pod),
	}
	if c := unscheduled(pod); c != nil {
		observed.Reason, observed.Message = c.Reason, c.Message
	}
	for _, status := range pod.Status.InitContainerStatuses {
		if waiting := status.State.Waiting; waiting != nil && waiting.Reason != "" && waiting.Reason != "PodInitializing" {
			observed.Reason, observed.Message = waiting.Reason, "init container "+status.Name+": "+waiting.Message
		}
		if terminated := status.State.Terminated; terminated != nil && terminated.ExitCode != 0 {
			observed.Reason = terminated.Reason
			observed.Message = "init container " + status.Name + " failed: " + strings.TrimSpace(terminated.Message)
		}
	}
	for _, status := range pod.Status.ContainerStatuses {
		if status.Name != podspec.MainContainer {
			continue
		}
		switch {
		case status.State.Waiting != nil:
			if reason := status.State.Waiting.Reason; reason != "" && reason != "ContainerCreating" && reason != "PodInitializing" {
				observed.Reason, observed.Message = reason, status.State.Waiting.Message
			}
		case status.State.Running != nil:
			observed.StartedAt = status.State.Running.StartedAt
		case status.State.Terminated != nil:
			terminated := status.State.Terminated
			observed.StartedAt, observed.FinishedAt = terminated.StartedAt, terminated.FinishedAt
			exitCode := terminated.ExitCode
			observed.ExitCode = &exitCode
			observed.Reason = terminated.Reason
			if report, err := executor.ParseReport(terminated.Message); err == nil {
				observed.Outputs = report
			} else if terminated.Message != "" {
				observed.Message = terminated.Message
			}
		}
	}
	if pod.Status.Reason == podDeadlineExceeded {
		// Kubernetes killed the pod at spec.activeDeadlineSeconds: that,
		// not the killed container's exit, is why it failed.
		observed.Reason, observed.Message = pod.Status.Reason, pod.Status.Message
	}
	observeArtifactGC(pod, &observed)
	return observed
}

// unscheduled is a pending pod's PodScheduled condition when the scheduler
// could not place it (Unschedulable: "0/1 nodes are available: 1
// Insufficient cpu"), so its node says why it waits.
func unscheduled(pod *corev1.Pod) *corev1.PodCondition {
	if pod.Status.Phase != corev1.PodPending {
		return nil
	}
	for i, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason != "" {
			return &pod.Status.Conditions[i]
		}
	}
	return nil
}

// podDeadlineExceeded is the pod reason Kubernetes gives a pod it killed at
// its activeDeadlineSeconds.
const podDeadlineExceeded = "DeadlineExceeded"

func finished(pod *corev1.Pod) bool {
	return pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed
}
