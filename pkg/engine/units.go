package engine

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// unitRun says where the nodes of a step or task go.
type unitRun struct {
	boundaryID string
	context    string
	// admit says whether one more node may start now.
	admit func() bool
	// link attaches a node created for the unit to the graph.
	link func(n *v1alpha1.NodeStatus)
	// kind is "steps" or "tasks".
	kind string
}

// runUnitAt runs one (already expanded) step or task at its node: on the
// first pass it resolves the unit's references, checks its `when` and starts
// it; later passes carry the node on. It returns nil when the node could not
// start yet.
func (o *operation) runUnitAt(name, display string, u unit, vars func() *scope, r unitRun) *v1alpha1.NodeStatus {
	n := o.runUnitNode(name, display, u, vars, r)
	if n != nil && len(unitHooks(u)) > 0 {
		o.runUnitHooks(n, u, vars(), r)
	}
	return n
}

// runUnitNode carries on the node of a step or task itself.
func (o *operation) runUnitNode(name, display string, u unit, vars func() *scope, r unitRun) *v1alpha1.NodeStatus {
	if n := o.node(name); n != nil {
		if fulfilled(n.Phase) && !o.suspendOutputsPending(n) {
			return n
		}
		return o.executeAt(call{name: name, displayName: display, boundaryID: r.boundaryID, holder: u.holder(), context: r.context, unitKind: r.kind, unitName: u.Name}, n)
	}
	u.WithItems, u.WithParam, u.WithSequence = nil, "", nil
	final, err := u.substitute(vars(), expr.Strict)
	if err != nil {
		return o.unitError(name, display, r, err.Error())
	}
	if final.When != "" {
		ok, err := expr.EvaluateWhen(final.When)
		if err != nil {
			return o.unitError(name, display, r, err.Error())
		}
		if !ok {
			n := o.newNode(name, display, v1alpha1.NodeTypeSkipped, r.boundaryID, v1alpha1.NodeSkipped, fmt.Sprintf("when '%s' evaluated false", final.When))
			r.link(n)
			return n
		}
	}
	if !o.mayStart() || !r.admit() {
		return nil
	}
	n := o.executeTemplate(call{name: name, displayName: display, boundaryID: r.boundaryID, holder: final.holder(), context: r.context, args: final.Arguments, unitKind: r.kind, unitName: u.Name})
	if n != nil {
		r.link(n)
	}
	return n
}

// unitError records a step or task that could not start: a Skipped node in
// Error, as Argo records one.
func (o *operation) unitError(name, display string, r unitRun, message string) *v1alpha1.NodeStatus {
	n := o.newNode(name, display, v1alpha1.NodeTypeSkipped, r.boundaryID, v1alpha1.NodeError, message)
	r.link(n)
	return n
}

// runExpanded runs every item of a looping unit; an entry is nil for an item
// that could not start yet.
func (o *operation) runExpanded(base, display string, u unit, items []loopItem, sc *scope, r unitRun) []*v1alpha1.NodeStatus {
	out := make([]*v1alpha1.NodeStatus, len(items))
	for i, it := range items {
		out[i] = o.runUnitAt(base+it.suffix, display+it.suffix, u, func() *scope { return itemScope(sc, it) }, r)
	}
	return out
}

// keepUnitValuesAsWritten puts back into a steps or DAG template, whose
// references its own scope has just resolved, what its steps or tasks say
// as written about the values they pass: arguments (their hooks' too),
// `when` and withParam. runUnitNode, expandLoop and startHook substitute
// these in the unit's scope, which falls back to the template's; a second
// substitution would read the values the first inserted as references and
// expressions, where a value is to be passed as written.
func keepUnitValuesAsWritten(substituted, written *v1alpha1.Template) {
	for i, group := range written.Steps {
		for j, step := range group {
			out := &substituted.Steps[i][j]
			out.Arguments, out.When, out.WithParam = step.Arguments, step.When, step.WithParam
			keepHookArguments(out.Hooks, step.Hooks)
		}
	}
	if written.DAG == nil {
		return
	}
	for i, task := range written.DAG.Tasks {
		out := &substituted.DAG.Tasks[i]
		out.Arguments, out.When, out.WithParam = task.Arguments, task.When, task.WithParam
		keepHookArguments(out.Hooks, task.Hooks)
	}
}

// keepHookArguments puts back the arguments of a unit's hooks as written.
func keepHookArguments(substituted, written map[string]v1alpha1.LifecycleHook) {
	for name, h := range written {
		if out, ok := substituted[name]; ok {
			out.Arguments = h.Arguments
			substituted[name] = out
		}
	}
}
