package workflow

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// observeArtifactGC reads an artifact garbage-collection pod's strategy and
// its GCReport from the termination message, in place of the executor's
// Report a node's pod writes.
func observeArtifactGC(pod *corev1.Pod, observed *engine.PodObservation) {
	strategy := pod.Labels[podspec.LabelArtifactGC]
	if strategy == "" {
		return
	}
	observed.ArtifactGC = strategy
	observed.Outputs = nil
	for _, status := range pod.Status.ContainerStatuses {
		terminated := status.State.Terminated
		if status.Name != podspec.MainContainer || terminated == nil || terminated.Message == "" {
			continue
		}
		var report executor.GCReport
		if err := json.Unmarshal([]byte(terminated.Message), &report); err == nil {
			observed.GCReport = &report
			observed.Message = ""
		} else {
			observed.Message = terminated.Message
		}
	}
}

// belongsTo says a pod is one of the workflow's: a node's pod it controls,
// or an artifact garbage-collection pod labelled with its UID (those of
// OnWorkflowDeletion have no owner, to outlive it).
func belongsTo(pod *corev1.Pod, wf *v1alpha1.Workflow) bool {
	if metav1.IsControlledBy(pod, wf) {
		return true
	}
	return pod.Labels[podspec.LabelArtifactGC] != "" && pod.Labels[podspec.LabelWorkflowUID] == string(wf.UID)
}
