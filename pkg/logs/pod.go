package logs

import (
	"cmp"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// Pod is one pod of a workflow, as the log reader sees it.
type Pod struct {
	// Name is the pod's name; empty for a node that ran but has no pod any
	// more, whose reading says so.
	Name string
	// NodeID is the ID of the workflow node the pod runs.
	NodeID string
	// NodeName is the node's full name; it orders pods that started together.
	NodeName string
	// DisplayName prefixes the pod's lines.
	DisplayName string
	// StartedAt is when the node started; pods are read in this order.
	StartedAt time.Time
	// HasLog says the container whose log is read has started, or never
	// will: its log, or why there is none, can be read now.
	HasLog bool
}

// NewPod describes pod, a pod of wf, whose container's log is to be read.
// Its display name is its node's, else the node name the pod is annotated
// with, else the pod's name.
func NewPod(wf *weft.Workflow, pod *corev1.Pod, container string) Pod {
	id := pod.Labels[podspec.LabelNodeID]
	p := Pod{
		Name:        pod.Name,
		NodeID:      id,
		NodeName:    pod.Annotations[podspec.AnnotationNodeName],
		DisplayName: pod.Name,
		StartedAt:   pod.CreationTimestamp.Time,
		HasLog:      hasLog(pod, container),
	}
	if p.NodeName != "" {
		p.DisplayName = p.NodeName
	}
	if node, ok := wf.Status.Nodes[id]; ok {
		if node.DisplayName != "" {
			p.DisplayName = node.DisplayName
		}
		if !node.StartedAt.IsZero() {
			p.StartedAt = node.StartedAt.Time
		}
	}
	return p
}

// NodesWithoutPod describes the pod nodes of wf that ran but have none of
// pods: their pod was deleted (pod garbage collection, by hand) or never
// made. They have no Name, and HasLog, for the reader to say so at once.
func NodesWithoutPod(wf *weft.Workflow, pods []Pod) []Pod {
	have := map[string]bool{}
	for _, p := range pods {
		have[p.NodeID] = true
	}
	var missing []Pod
	for id, node := range wf.Status.Nodes {
		if node.Type != weft.NodeTypePod || have[id] || !ran(node) {
			continue
		}
		p := Pod{NodeID: id, NodeName: node.Name, DisplayName: node.DisplayName, StartedAt: node.StartedAt.Time, HasLog: true}
		if p.DisplayName == "" {
			p.DisplayName = node.Name
		}
		missing = append(missing, p)
	}
	return missing
}

// ran says whether a pod node ran a pod: it started, and its outputs did
// not come from a cache.
func ran(node weft.NodeStatus) bool {
	switch node.Phase {
	case weft.NodeRunning, weft.NodeSucceeded, weft.NodeFailed, weft.NodeError:
		return node.MemoizationStatus == nil || !node.MemoizationStatus.Hit
	}
	return false
}

// key identifies p among the pods and nodes of a workflow.
func (p Pod) key() string {
	if p.Name == "" {
		return "node/" + p.NodeID
	}
	return p.Name
}

// SortPods orders pods as their nodes started, then by node and pod name.
func SortPods(pods []Pod) {
	slices.SortStableFunc(pods, func(a, b Pod) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.NodeName, b.NodeName), cmp.Compare(a.Name, b.Name))
	})
}

// hasLog says whether container of pod has started, has finished, or never
// will, so that reading its log now either gives it or says why not.
func hasLog(pod *corev1.Pod, container string) bool {
	if pod.DeletionTimestamp != nil || pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return true
	}
	for _, statuses := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, s := range statuses {
			if s.Name == container {
				return s.State.Running != nil || s.State.Terminated != nil || s.LastTerminationState.Terminated != nil
			}
		}
	}
	return !declares(pod, container)
}

// declares says whether pod's spec has a container or init container of that name.
func declares(pod *corev1.Pod, container string) bool {
	for _, containers := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, c := range containers {
			if c.Name == container {
				return true
			}
		}
	}
	return false
}
