package workflow

import (
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// refused says the API rejected a pod for what it is (invalid, or forbidden
// by policy), so that asking again cannot help. Exceeded quotas are not
// refusals: the pod waits until room frees up, as a pending pod would.
func refused(err error) bool {
	if apierrors.IsInvalid(err) {
		return true
	}
	return apierrors.IsForbidden(err) && !isQuotaExceeded(err)
}

func isQuotaExceeded(err error) bool {
	status, ok := err.(apierrors.APIStatus)
	if !ok {
		return false
	}
	return strings.Contains(status.Status().Message, "exceeded quota")
}

// createFailures remembers, per workflow, the pods the API refused, so the
// engine sees them as failed pods.
type createFailures struct {
	mu     sync.Mutex
	byFlow map[string]map[string]engine.PodObservation
}

func newCreateFailures() *createFailures {
	return &createFailures{byFlow: map[string]map[string]engine.PodObservation{}}
}

func (f *createFailures) record(workflowKey string, pod *corev1.Pod, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byFlow[workflowKey] == nil {
		f.byFlow[workflowKey] = map[string]engine.PodObservation{}
	}
	reason := "PodRefused"
	if apierrors.HasStatusCause(err, corev1.NamespaceTerminatingCause) {
		reason = engine.ReasonNamespaceTerminating
	}
	f.byFlow[workflowKey][pod.Name] = engine.PodObservation{
		Name:       pod.Name,
		NodeID:     pod.Labels[podspec.LabelNodeID],
		ArtifactGC: pod.Labels[podspec.LabelArtifactGC],
		Phase:      corev1.PodFailed,
		Reason:     reason,
		Message:    "the pod could not be created: " + err.Error(),
	}
}

// observations returns the refused pods of a workflow that do not exist.
func (f *createFailures) observations(workflowKey string, existing []*corev1.Pod) []engine.PodObservation {
	f.mu.Lock()
	defer f.mu.Unlock()
	refusals := f.byFlow[workflowKey]
	if len(refusals) == 0 {
		return nil
	}
	names := make(map[string]bool, len(existing))
	for _, pod := range existing {
		names[pod.Name] = true
	}
	var observed []engine.PodObservation
	for name, observation := range refusals {
		if !names[name] {
			observed = append(observed, observation)
		}
	}
	return observed
}

func (f *createFailures) forget(workflowKey string) {
	f.mu.Lock()
	delete(f.byFlow, workflowKey)
	f.mu.Unlock()
}
