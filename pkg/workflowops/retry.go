package workflowops

import (
	"fmt"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// RetryOptions say what a retry runs again besides what failed.
type RetryOptions struct {
	// RestartSuccessful runs the nodes Selects picks again too, with
	// everything they enclose and everything linked after them.
	RestartSuccessful bool
	// Selects picks the nodes RestartSuccessful runs again; nil picks none.
	Selects func(n *v1alpha1.NodeStatus) bool
}

// RetryPlan is what a retry changes.
type RetryPlan struct {
	// Removed are the IDs of the nodes removed from status.nodes, in
	// order: the engine makes them anew and runs them again.
	Removed []string
	// Pods are the names of the pods of removed Pod nodes, in order. They
	// are to be deleted, and gone, before the status is written: the engine
	// names a node's pod after the node and would find the old one.
	Pods []string
	// Status is the workflow's status to write: Running again, without the
	// removed nodes.
	Status v1alpha1.WorkflowStatus
}

// PlanRetry works out how to run a finished workflow again from where it
// failed, as `argo retry` does. It removes from the status:
//
//   - the nodes that did not succeed (Failed, Error, Omitted, or never
//     finished) along the workflow's failure path: a node whose enclosing
//     node succeeded despite it (a failed attempt of a Retry node that
//     succeeded later, a step with continueOn) is history and stays;
//   - with RestartSuccessful, the nodes Selects picks, what they enclose and
//     what was linked after them;
//   - every node that encloses a removed node (Retry, step group, task
//     group, steps, DAG, the workflow's own node), so that the engine
//     walks them again;
//   - the exit handler's nodes, which run again at the end.
//
// The workflow becomes Running, started now, without message or finish
// time; its spec.shutdown is the caller's to clear.
func PlanRetry(wf *v1alpha1.Workflow, opts RetryOptions, now time.Time) (*RetryPlan, error) {
	if err := retryable(wf, opts); err != nil {
		return nil, err
	}
	f := newFamily(wf.Status.Nodes)
	remove := map[string]bool{}
	exitHandler := wf.Name + ".onExit"
	for _, id := range sortedIDs(wf.Status.Nodes) {
		n := wf.Status.Nodes[id]
		switch {
		case n.Name == exitHandler || strings.HasPrefix(n.Name, exitHandler+"."), f.onFailurePath(id):
			remove[id] = true
		case opts.RestartSuccessful && opts.Selects != nil && opts.Selects(&n):
			remove[id] = true
			for _, d := range f.downstream(id) {
				remove[d] = true
			}
		}
	}
	for id := range remove {
		for _, a := range f.ancestors(id) {
			remove[a] = true
		}
	}
	plan := &RetryPlan{Status: *wf.Status.DeepCopy()}
	st := &plan.Status
	st.Phase = v1alpha1.WorkflowRunning
	st.Message = ""
	st.StartedAt = metav1.NewTime(now)
	st.FinishedAt = metav1.Time{}
	pods := map[string]bool{}
	for id := range remove {
		n := st.Nodes[id]
		if n.Type == v1alpha1.NodeTypePod {
			pods[engine.PodName(wf.Name, n.Name, n.TemplateName)] = true
		}
		delete(st.Nodes, id)
		plan.Removed = append(plan.Removed, id)
	}
	for id, n := range st.Nodes {
		n.Children = without(n.Children, remove)
		n.OutboundNodes = without(n.OutboundNodes, remove)
		st.Nodes[id] = n
	}
	for p := range pods {
		plan.Pods = append(plan.Pods, p)
	}
	sort.Strings(plan.Removed)
	sort.Strings(plan.Pods)
	return plan, nil
}

// retryable says why wf cannot be retried with opts, if it cannot.
func retryable(wf *v1alpha1.Workflow, opts RetryOptions) error {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return nil
	case v1alpha1.WorkflowSucceeded:
		if opts.RestartSuccessful && opts.Selects != nil {
			return nil
		}
		return fmt.Errorf("workflow %s succeeded: to run some of its nodes again, pick them with --restart-successful --node-field-selector", wf.Name)
	}
	phase := wf.Status.Phase
	if phase == "" {
		phase = v1alpha1.WorkflowPending
	}
	return fmt.Errorf("workflow %s is %s: only a workflow that ended Failed or Error can be retried; wait for it to end (weft wait %s), or stop it (weft stop %s)", wf.Name, phase, wf.Name, wf.Name)
}

// onFailurePath says node id did not succeed, nor did any node that
// encloses it: its failure is what the workflow's failure is made of.
func (f *family) onFailurePath(id string) bool {
	for ; id != ""; id = f.parent[id] {
		switch f.nodes[id].Phase {
		case v1alpha1.NodeSucceeded, v1alpha1.NodeSkipped:
			return false
		}
	}
	return true
}

// without is ids less those in removed, nil when none is left.
func without(ids []string, removed map[string]bool) []string {
	var out []string
	for _, id := range ids {
		if !removed[id] {
			out = append(out, id)
		}
	}
	return out
}
