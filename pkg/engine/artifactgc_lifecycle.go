package engine

import (
	"slices"
	"sort"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// collectArtifacts runs the garbage collection of a finished workflow's
// artifacts of the given strategy, and says in the status when the workflow
// asks for artifact garbage collection but none of its artifacts has a
// strategy that deletes it.
func (o *operation) collectArtifacts(events []Event, strategy string) []Event {
	gcEvents, _ := o.runArtifactGC(strategy)
	if o.status.ArtifactGCStatus == nil && o.asksForArtifactGC() && len(o.gcGroups(artifactGCOnCompletion, artifactGCOnDeletion)) == 0 {
		o.status.ArtifactGCStatus = &v1alpha1.ArtGCStatus{NotSpecified: true}
	}
	return append(events, gcEvents...)
}

// whileDeleted is the decision about a workflow being deleted: while it
// holds ArtifactGCFinalizer, the pods of OnWorkflowDeletion (and, for a
// finished workflow, of OnWorkflowCompletion) delete its artifacts; once
// they all finished, the finalizer is removed, unless some artifacts were
// not deleted and spec.artifactGC.forceFinalizerRemoval is not set. The
// garbage-collection pods go with the finalizer.
func (o *operation) whileDeleted() Decision {
	if !slices.Contains(o.wf.Finalizers, ArtifactGCFinalizer) {
		return o.decision(nil)
	}
	strategies := []string{artifactGCOnDeletion}
	if finishedPhase(o.status.Phase) {
		strategies = append(strategies, artifactGCOnCompletion)
	}
	events, out := o.runArtifactGC(strategies...)
	gc := o.effectiveSpec().ArtifactGC
	if out.settled && (out.left == 0 || (gc != nil && gc.ForceFinalizerRemoval) || o.namespaceTerminating()) {
		o.finalizer = FinalizerRemove
		names := make([]string, 0, len(o.gcPods))
		for name := range o.gcPods {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			o.deletePod(name)
		}
	}
	return o.decision(events)
}

// namespaceTerminating says a garbage-collection pod was refused because the
// workflow's namespace is being deleted. No pod can run there any more, so
// keeping the finalizer would only hold the namespace in Terminating for
// ever (as Argo does); the artifacts are left, and the ArtifactGCError
// condition and event name them.
func (o *operation) namespaceTerminating() bool {
	for _, p := range o.gcPods {
		if p.Reason == ReasonNamespaceTerminating {
			return true
		}
	}
	return false
}

// finalizerChange says whether the workflow needs ArtifactGCFinalizer added
// (it has artifacts to delete OnWorkflowDeletion and is not being deleted)
// or removed (whileDeleted decided so).
func (o *operation) finalizerChange() FinalizerChange {
	if o.wf.DeletionTimestamp != nil {
		return o.finalizer
	}
	if !slices.Contains(o.wf.Finalizers, ArtifactGCFinalizer) && o.deletesOnWorkflowDeletion() {
		return FinalizerAdd
	}
	return ""
}

// deletesOnWorkflowDeletion says some artifact of the workflow is, or will
// be, deleted OnWorkflowDeletion: by the workflow's artifactGC, a template's
// output artifact or an artifact a node recorded.
func (o *operation) deletesOnWorkflowDeletion() bool {
	spec := o.effectiveSpec()
	if spec.ArtifactGC != nil && spec.ArtifactGC.Strategy == artifactGCOnDeletion {
		return true
	}
	onDeletion := func(templates []v1alpha1.Template) bool {
		for _, t := range templates {
			for _, a := range t.Outputs.Artifacts {
				if a.ArtifactGC != nil && a.ArtifactGC.Strategy == artifactGCOnDeletion {
					return true
				}
			}
		}
		return false
	}
	stored := make([]v1alpha1.Template, 0, len(o.status.StoredTemplates))
	for _, t := range o.status.StoredTemplates {
		stored = append(stored, t)
	}
	return onDeletion(spec.Templates) || onDeletion(stored) || len(o.gcGroups(artifactGCOnDeletion)) > 0
}

// asksForArtifactGC says the workflow or one of its recorded artifacts sets
// an artifactGC.
func (o *operation) asksForArtifactGC() bool {
	if o.effectiveSpec().ArtifactGC != nil {
		return true
	}
	for _, n := range o.nodes {
		if n.Outputs == nil {
			continue
		}
		for _, a := range n.Outputs.Artifacts {
			if a.ArtifactGC != nil {
				return true
			}
		}
	}
	return false
}
