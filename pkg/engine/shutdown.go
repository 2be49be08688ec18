package engine

import (
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// stopping says why a running workflow is brought to an end early.
type stopping struct {
	// strategy is Stop or Terminate; empty when the workflow runs on.
	strategy v1alpha1.ShutdownStrategy
	// runsExitHandler says the exit handler still runs: Stop and an
	// exceeded deadline, not Terminate.
	runsExitHandler bool
	// message explains the stop, in node and workflow messages.
	message string
	// pastBound says the workflow went past one of its Bounds.
	pastBound bool
}

// decideStop reads spec.shutdown and spec.activeDeadlineSeconds (both may
// change while the workflow runs) and asks to be run again at the deadline.
func (o *operation) decideStop() stopping {
	switch o.spec.Shutdown {
	case v1alpha1.ShutdownTerminate, v1alpha1.ShutdownStop:
		msg := fmt.Sprintf("Stopped with strategy '%s'", o.spec.Shutdown)
		if by := o.wf.Annotations[AnnotationShutdownBy]; by != "" {
			msg += " by " + by
		}
		return stopping{strategy: o.spec.Shutdown, runsExitHandler: o.spec.Shutdown == v1alpha1.ShutdownStop, message: msg}
	}
	if ads := o.spec.ActiveDeadlineSeconds; ads != nil {
		deadline := o.status.StartedAt.Add(time.Duration(*ads) * time.Second)
		if !o.now.Time.Before(deadline) {
			return stopping{
				strategy:        v1alpha1.ShutdownTerminate,
				runsExitHandler: true,
				message:         fmt.Sprintf("Workflow exceeded its deadline: spec.activeDeadlineSeconds is %d", *ads),
			}
		}
		o.requeueAfter(deadline.Sub(o.now.Time))
	}
	return stopping{}
}

// shuttingDown says the workflow is being stopped or terminated.
func (o *operation) shuttingDown() bool {
	return o.stop.strategy != ""
}

// stoppable says the stop ends a node: every node under Terminate; under
// Stop and an exceeded deadline, all but the exit handler's.
func (o *operation) stoppable(n *v1alpha1.NodeStatus) bool {
	if !o.stop.runsExitHandler {
		return true
	}
	return !strings.HasPrefix(n.Name, exitHandlerName(o.wf.Name))
}

// leaf says a node does the work itself rather than through children.
func leaf(n *v1alpha1.NodeStatus) bool {
	switch n.Type {
	case v1alpha1.NodeTypePod, v1alpha1.NodeTypeSuspend, v1alpha1.NodeTypeHTTP, v1alpha1.NodeTypePlugin, v1alpha1.NodeTypeContainer:
		return true
	}
	return false
}

// stopLeaves ends the unfinished leaves the stop ends, as it asks:
// Terminate (and an exceeded deadline) kills running pods; Stop lets them
// finish and only ends suspended nodes, which would wait for ever.
func (o *operation) stopLeaves() {
	for _, n := range o.nodes {
		if fulfilled(n.Phase) || !leaf(n) || !o.stoppable(n) {
			continue
		}
		if o.stop.strategy == v1alpha1.ShutdownStop && n.Type != v1alpha1.NodeTypeSuspend {
			continue
		}
		o.killNode(n, o.stop.message)
	}
}

// killNode fails an unfinished node and deletes its pod, if it has one.
func (o *operation) killNode(n *v1alpha1.NodeStatus, message string) {
	if n.Type == v1alpha1.NodeTypePod {
		o.deletePod(podName(o.wf.Name, n.Name, n.TemplateName))
	}
	o.setPhase(n, v1alpha1.NodeFailed, message)
}

// deletePod asks for a pod's deletion, once per decision.
func (o *operation) deletePod(name string) {
	for _, p := range o.deletePods {
		if p == name {
			return
		}
	}
	o.deletePods = append(o.deletePods, name)
}

// finishStopped ends the stopped nodes once none of their leaves runs any
// more: unfinished steps, DAG, group and retry nodes fail with the stop's
// message.
func (o *operation) finishStopped() {
	for _, n := range o.nodes {
		if !fulfilled(n.Phase) && leaf(n) && o.stoppable(n) {
			return
		}
	}
	for _, n := range o.nodes {
		if !fulfilled(n.Phase) && o.stoppable(n) {
			o.setPhase(n, v1alpha1.NodeFailed, o.stop.message)
		}
	}
}

// reapPods deletes the pods that run on although nothing needs them: pods of
// nodes that ended (killed by a stop or a deadline, or daemons whose scope
// ended), and every running pod of a finished workflow. The rule holds on
// every Reconcile, so a deletion that failed is asked for again.
func (o *operation) reapPods(workflowFinished bool) {
	for name, p := range o.podsByName {
		if p.Deleted || (p.Phase != corev1.PodPending && p.Phase != corev1.PodRunning) {
			continue
		}
		n := o.nodes[p.NodeID]
		switch {
		case workflowFinished:
		case n == nil || !fulfilled(n.Phase):
			continue
		case n.Daemoned != nil && *n.Daemoned && !o.scopeEnded(n):
			continue
		}
		o.deletePod(name)
	}
}

// scopeEnded says the steps or DAG node enclosing a node has ended.
func (o *operation) scopeEnded(n *v1alpha1.NodeStatus) bool {
	if n.BoundaryID == "" {
		return false
	}
	b := o.nodes[n.BoundaryID]
	return b == nil || fulfilled(b.Phase)
}

// checkTimeout kills a pod node whose template timeout has passed since the
// node started (Pending time included, as Argo counts it).
func (o *operation) checkTimeout(n *v1alpha1.NodeStatus, timeout string) {
	if timeout == "" || fulfilled(n.Phase) {
		return
	}
	d, err := parseDuration(timeout)
	if err != nil {
		o.setPhase(n, v1alpha1.NodeError, fmt.Sprintf("template timeout: %v", err))
		return
	}
	end := n.StartedAt.Add(d)
	if o.now.Time.Before(end) {
		o.requeueAfter(end.Sub(o.now.Time))
		return
	}
	o.killNode(n, fmt.Sprintf("Pod exceeded its deadline: the template's timeout is %s", timeout))
}
