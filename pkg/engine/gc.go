package engine

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// podGC strategies, as Argo names them.
const (
	podGCOnPodCompletion      = "OnPodCompletion"
	podGCOnPodSuccess         = "OnPodSuccess"
	podGCOnWorkflowCompletion = "OnWorkflowCompletion"
	podGCOnWorkflowSuccess    = "OnWorkflowSuccess"
)

// collectPods deletes the finished pods that spec.podGC lets go: each pod
// once it completed (OnPodCompletion) or succeeded (OnPodSuccess), or all
// once the workflow completed (OnWorkflowCompletion) or succeeded
// (OnWorkflowSuccess); only pods its labelSelector selects, and only
// deleteDelayDuration after they or the workflow finished.
func (o *operation) collectPods() error {
	gc := o.effectiveSpec().PodGC
	if gc == nil || gc.Strategy == "" {
		return nil
	}
	selector := labels.Everything()
	if gc.LabelSelector != nil {
		s, err := metav1.LabelSelectorAsSelector(gc.LabelSelector)
		if err != nil {
			return fmt.Errorf("spec.podGC.labelSelector: %v", err)
		}
		selector = s
	}
	var delay time.Duration
	if gc.DeleteDelayDuration != "" {
		d, err := parseDuration(gc.DeleteDelayDuration)
		if err != nil {
			return fmt.Errorf("spec.podGC.deleteDelayDuration: %v", err)
		}
		delay = d
	}
	finished := finishedPhase(o.status.Phase)
	for name, p := range o.podsByName {
		if p.Deleted || (p.Phase != corev1.PodSucceeded && p.Phase != corev1.PodFailed) || !selector.Matches(labels.Set(p.Labels)) {
			continue
		}
		var since metav1.Time
		switch gc.Strategy {
		case podGCOnPodCompletion:
			since = p.FinishedAt
		case podGCOnPodSuccess:
			if p.Phase != corev1.PodSucceeded {
				continue
			}
			since = p.FinishedAt
		case podGCOnWorkflowCompletion:
			if !finished {
				continue
			}
			since = o.status.FinishedAt
		case podGCOnWorkflowSuccess:
			if o.status.Phase != v1alpha1.WorkflowSucceeded {
				continue
			}
			since = o.status.FinishedAt
		default:
			return fmt.Errorf("spec.podGC.strategy %q is not one of %s, %s, %s, %s", gc.Strategy,
				podGCOnPodCompletion, podGCOnPodSuccess, podGCOnWorkflowCompletion, podGCOnWorkflowSuccess)
		}
		if due := since.Add(delay); o.now.Time.Before(due) {
			o.requeueAfter(due.Sub(o.now.Time))
			continue
		}
		o.deletePod(name)
	}
	return nil
}

// expired says whether a finished workflow's ttlStrategy has run out, and
// asks to be run again when it will.
func (o *operation) expired() bool {
	ttl := o.effectiveSpec().TTLStrategy
	if ttl == nil || !finishedPhase(o.status.Phase) {
		return false
	}
	seconds := ttl.SecondsAfterCompletion
	switch {
	case o.status.Phase == v1alpha1.WorkflowSucceeded && ttl.SecondsAfterSuccess != nil:
		seconds = ttl.SecondsAfterSuccess
	case o.status.Phase != v1alpha1.WorkflowSucceeded && ttl.SecondsAfterFailure != nil:
		seconds = ttl.SecondsAfterFailure
	}
	if seconds == nil {
		return false
	}
	due := o.status.FinishedAt.Add(time.Duration(*seconds) * time.Second)
	if o.now.Time.Before(due) {
		o.requeueAfter(due.Sub(o.now.Time))
		return false
	}
	return true
}
