package engine

import (
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// executeResource carries the node of a resource template on. The node is of
// type Pod, as Argo records resource nodes, though no pod runs: while it is
// unfinished, every Reconcile asks the controller to carry the template out
// (a ResourceRequest, its references substituted), and the node follows
// what the controller observed of it. A new node waits while the workflow
// is suspended or its parallelism is reached (then nil).
func (o *operation) executeResource(node *v1alpha1.NodeStatus, c call, t resolvedTemplate, inputs []v1alpha1.Parameter, sc *scope) *v1alpha1.NodeStatus {
	if node == nil {
		if !o.mayStart() {
			return nil
		}
		if p := o.spec.Parallelism; p != nil && o.activePods >= *p {
			return nil
		}
	}
	tmpl, err := o.substituteTemplate(t.Template, sc, expr.Strict)
	if err != nil {
		return o.failNode(node, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	}
	if node == nil {
		node = o.newTemplateNode(c, v1alpha1.NodeTypePod, t, inputs, v1alpha1.NodePending, "")
	}
	if obs := o.resources[node.ID]; obs != nil {
		o.observeResource(node, obs)
	}
	if !fulfilled(node.Phase) {
		o.requestResource(ResourceRequest{
			NodeID:   node.ID,
			NodeName: node.Name,
			Resource: *tmpl.Resource,
			Outputs:  tmpl.Outputs.Parameters,
		})
	}
	return node
}

// observeResource moves a resource node to what the controller observed.
func (o *operation) observeResource(n *v1alpha1.NodeStatus, obs *ResourceObservation) {
	switch obs.Phase {
	case v1alpha1.NodePending, v1alpha1.NodeRunning:
		o.setPhase(n, obs.Phase, obs.Message)
	case v1alpha1.NodeSucceeded, v1alpha1.NodeFailed, v1alpha1.NodeError:
		if fulfilled(n.Phase) {
			return
		}
		n.Outputs = obs.Outputs
		if obs.Outputs != nil && obs.Phase == v1alpha1.NodeSucceeded {
			o.exportGlobals(obs.Outputs)
		}
		o.setPhase(n, obs.Phase, obs.Message)
	}
}

// requestResource adds a request to the decision, once per node: a later
// pass of the same Reconcile replaces the earlier one.
func (o *operation) requestResource(r ResourceRequest) {
	for i := range o.resourceRequests {
		if o.resourceRequests[i].NodeID == r.NodeID {
			o.resourceRequests[i] = r
			return
		}
	}
	o.resourceRequests = append(o.resourceRequests, r)
}
