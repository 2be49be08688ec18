package engine

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// Artifact garbage-collection strategies, as Argo names them.
const (
	artifactGCOnCompletion = "OnWorkflowCompletion"
	artifactGCOnDeletion   = "OnWorkflowDeletion"
	artifactGCNever        = "Never"
)

// ArtifactGCFinalizer holds a workflow whose artifacts are deleted
// OnWorkflowDeletion until its garbage-collection pods deleted them.
const ArtifactGCFinalizer = "weft.dev/artifact-gc"

// artifactGCErrorCondition is the type of the workflow condition that says
// which artifacts could not be deleted.
const artifactGCErrorCondition = "ArtifactGCError"

// FinalizerChange says what to do with the workflow's ArtifactGCFinalizer.
type FinalizerChange string

const (
	// FinalizerAdd asks to add ArtifactGCFinalizer to the workflow.
	FinalizerAdd FinalizerChange = "Add"
	// FinalizerRemove asks to remove ArtifactGCFinalizer from the workflow,
	// which lets a workflow being deleted go.
	FinalizerRemove FinalizerChange = "Remove"
)

// splitArtifactGCPods takes the artifact garbage-collection pods out of the
// observed pods, which are then only the pods of nodes.
func splitArtifactGCPods(observed Observed) (Observed, map[string]*PodObservation) {
	gc := map[string]*PodObservation{}
	if !hasArtifactGCPods(observed.Pods) {
		return observed, gc
	}
	pods := make([]PodObservation, 0, len(observed.Pods))
	for i := range observed.Pods {
		if observed.Pods[i].ArtifactGC != "" {
			gc[observed.Pods[i].Name] = &observed.Pods[i]
			continue
		}
		pods = append(pods, observed.Pods[i])
	}
	observed.Pods = pods
	return observed, gc
}

// hasArtifactGCPods says whether any of the pods is an artifact
// garbage-collection pod.
func hasArtifactGCPods(pods []PodObservation) bool {
	for i := range pods {
		if pods[i].ArtifactGC != "" {
			return true
		}
	}
	return false
}

// gcArtifact is an output artifact of a node that garbage collection deletes.
type gcArtifact struct {
	// name identifies it in a GCSpec: "<node id>/<artifact name>".
	name string
	// node is the node that recorded it; artifact points into its outputs.
	node     *v1alpha1.NodeStatus
	artifact *v1alpha1.Artifact
}

// gcGroup is the artifacts one pod deletes: those of one strategy, service
// account and pod metadata.
type gcGroup struct {
	pod       string
	gc        v1alpha1.ArtifactGC
	artifacts []gcArtifact
}

// artifactGCOf is an artifact's garbage collection: its own artifactGC
// over the workflow's, the service account defaulting to the workflow's.
func (o *operation) artifactGCOf(a *v1alpha1.Artifact) v1alpha1.ArtifactGC {
	spec := o.effectiveSpec()
	var out v1alpha1.ArtifactGC
	if spec.ArtifactGC != nil {
		out = *spec.ArtifactGC.ArtifactGC.DeepCopy()
	}
	if own := a.ArtifactGC; own != nil {
		if own.Strategy != "" {
			out.Strategy = own.Strategy
		}
		if own.ServiceAccountName != "" {
			out.ServiceAccountName = own.ServiceAccountName
		}
		if own.PodMetadata != nil {
			out.PodMetadata = own.PodMetadata.DeepCopy()
		}
	}
	if out.Strategy == "" {
		out.Strategy = artifactGCNever
	}
	if out.ServiceAccountName == "" {
		out.ServiceAccountName = spec.ServiceAccountName
	}
	return out
}

// gcGroups are the artifacts not yet deleted whose strategy is one of
// strategies, grouped by pod, in a stable order. Only S3 artifacts can be
// deleted; the others are left alone.
func (o *operation) gcGroups(strategies ...string) []*gcGroup {
	var ids []string
	for id, n := range o.nodes {
		if n.Outputs != nil && len(n.Outputs.Artifacts) > 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	byPod := map[string]*gcGroup{}
	var groups []*gcGroup
	for _, id := range ids {
		n := o.nodes[id]
		for i := range n.Outputs.Artifacts {
			a := &n.Outputs.Artifacts[i]
			if a.Deleted || a.S3 == nil {
				continue
			}
			gc := o.artifactGCOf(a)
			if !slices.Contains(strategies, gc.Strategy) {
				continue
			}
			pod := o.gcPodName(gc)
			g := byPod[pod]
			if g == nil {
				g = &gcGroup{pod: pod, gc: gc}
				byPod[pod] = g
				groups = append(groups, g)
			}
			g.artifacts = append(g.artifacts, gcArtifact{name: id + "/" + a.Name, node: n, artifact: a})
		}
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].pod < groups[j].pod })
	return groups
}

// gcPodName names the pod of a strategy, service account and pod metadata.
func (o *operation) gcPodName(gc v1alpha1.ArtifactGC) string {
	h := fnv.New32a()
	metadata, _ := json.Marshal(gc.PodMetadata)
	fmt.Fprintf(h, "%s\x00%s\x00%s", gc.Strategy, gc.ServiceAccountName, metadata)
	short := "wfcomp"
	if gc.Strategy == artifactGCOnDeletion {
		short = "wfdel"
	}
	return fmt.Sprintf("%s-artgc-%s-%08x", o.wf.Name, short, h.Sum32())
}

// gcStatus is the workflow's artifact garbage-collection status, made when
// there is none yet.
func (o *operation) gcStatus() *v1alpha1.ArtGCStatus {
	if o.status.ArtifactGCStatus == nil {
		o.status.ArtifactGCStatus = &v1alpha1.ArtGCStatus{}
	}
	st := o.status.ArtifactGCStatus
	if st.StrategiesProcessed == nil {
		st.StrategiesProcessed = map[string]bool{}
	}
	if st.PodsRecouped == nil {
		st.PodsRecouped = map[string]bool{}
	}
	return st
}

// gcOutcome is how the garbage collection of some strategies stands.
type gcOutcome struct {
	// settled says every pod of the strategies finished and was read.
	settled bool
	// left counts the artifacts of the strategies not deleted.
	left int
}

// runArtifactGC deletes the artifacts of the given strategies: it asks for
// one pod per group, and reads each finished pod's report once, marking the
// artifacts it deleted. A pod that deleted everything is deleted; one that
// failed is kept for its logs, and its failures become a warning event and
// an ArtifactGCError condition. Failures are not retried.
func (o *operation) runArtifactGC(strategies ...string) ([]Event, gcOutcome) {
	var events []Event
	out := gcOutcome{settled: true}
	for _, g := range o.gcGroups(strategies...) {
		st := o.gcStatus()
		if st.PodsRecouped[g.pod] {
			out.left += len(g.artifacts)
			continue
		}
		p := o.gcPods[g.pod]
		switch {
		case p == nil:
			pod, err := o.artifactGCPod(g)
			if err != nil {
				st.PodsRecouped[g.pod] = true
				out.left += len(g.artifacts)
				events = append(events, o.gcFailed(g, err.Error()))
				continue
			}
			o.createPods = append(o.createPods, pod)
			st.StrategiesProcessed[g.gc.Strategy] = true
			out.settled = false
		case p.Phase == corev1.PodSucceeded || p.Phase == corev1.PodFailed:
			if e := o.recoup(g, p); e != nil {
				events = append(events, *e)
			}
			for _, a := range g.artifacts {
				if !a.artifact.Deleted {
					out.left++
				}
			}
		default:
			out.settled = false
		}
	}
	o.deleteStrayGCPods()
	return events, out
}

// deleteStrayGCPods deletes the garbage-collection pods that succeeded, once
// runArtifactGC read those it waited for: the others were made again from a
// stale view of the workflow after their artifacts had been deleted. A pod
// that succeeded deleted all it was given; a failed one is kept for its logs.
func (o *operation) deleteStrayGCPods() {
	names := make([]string, 0, len(o.gcPods))
	for name, p := range o.gcPods {
		if !p.Deleted && p.Phase == corev1.PodSucceeded {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		o.deletePod(name)
	}
}

// recoup reads a finished pod's report: the artifacts it deleted are marked
// deleted, and the others make the warning event returned.
func (o *operation) recoup(g *gcGroup, p *PodObservation) *Event {
	o.gcStatus().PodsRecouped[p.Name] = true
	r := p.GCReport
	failed := map[string]string{}
	for _, a := range g.artifacts {
		switch {
		case r == nil:
			failed[a.name] = gcPodFailure(p)
		case r.Failed[a.name] != "":
			failed[a.name] = r.Failed[a.name]
		case r.FailedUnlisted > 0:
			failed[a.name] = fmt.Sprintf("one of %d failures the report had no room for", r.FailedUnlisted)
		default:
			a.artifact.Deleted = true
		}
	}
	if len(failed) == 0 {
		o.deletePod(p.Name)
		return nil
	}
	var problems []string
	for _, a := range g.artifacts {
		if msg, ok := failed[a.name]; ok {
			problems = append(problems, fmt.Sprintf("%s (node %s): %s", a.artifact.Name, a.node.Name, msg))
		}
	}
	e := o.gcFailed(g, fmt.Sprintf("pod %s could not delete %s", p.Name, strings.Join(problems, "; ")))
	return &e
}

// gcPodFailure says why a garbage-collection pod ended without a report.
func gcPodFailure(p *PodObservation) string {
	msg := "the pod ended without a report"
	if p.Reason != "" || p.Message != "" {
		msg += ": " + strings.TrimSpace(p.Reason+" "+p.Message)
	}
	return msg
}

// gcFailed records an ArtifactGCError condition and returns its warning event.
func (o *operation) gcFailed(g *gcGroup, problem string) Event {
	msg := fmt.Sprintf("artifact garbage collection (%s): %s", g.gc.Strategy, problem)
	if g.gc.Strategy == artifactGCOnDeletion {
		msg += "; the workflow keeps its " + ArtifactGCFinalizer + " finalizer until you delete the artifacts and remove it, or set spec.artifactGC.forceFinalizerRemoval"
	}
	o.status.Conditions = append(o.status.Conditions, v1alpha1.Condition{Type: artifactGCErrorCondition, Status: metav1.ConditionTrue, Message: msg})
	return Event{Type: eventWarning, Reason: "ArtifactGCFailed", Message: msg}
}

// artifactGCPod builds the pod of a group, its credentials mounted.
func (o *operation) artifactGCPod(g *gcGroup) (*corev1.Pod, error) {
	var spec executor.GCSpec
	var secrets []podspec.SecretKey
	for _, a := range g.artifacts {
		loc, err := executorLocation(a.artifact.ArtifactLocation, &secrets)
		if err != nil {
			return nil, fmt.Errorf("artifact %s (node %s): %v", a.artifact.Name, a.node.Name, err)
		}
		spec.Artifacts = append(spec.Artifacts, executor.ArtifactSpec{Name: a.name, Location: loc})
	}
	var patch string
	if wl := o.effectiveSpec().ArtifactGC; wl != nil {
		patch = wl.PodSpecPatch
	}
	return podspec.BuildArtifactGC(podspec.ArtifactGCInput{
		Workflow: o.wf, PodName: g.pod, Strategy: g.gc.Strategy,
		Owned:              g.gc.Strategy == artifactGCOnCompletion,
		ServiceAccountName: g.gc.ServiceAccountName, Metadata: g.gc.PodMetadata, PodSpecPatch: patch,
		Spec: spec, Secrets: secrets,
		Options: podspec.Options{
			ExecutorImage: o.cfg.ExecutorImage, ExecutorImagePullPolicy: o.cfg.ExecutorImagePullPolicy,
			ExecutorCommand: o.cfg.ExecutorCommand, ExecutorResources: o.cfg.ExecutorResources,
		},
	})
}
