package engine

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// runSteps carries a Steps node on: its step groups run one after another,
// the steps of a group in parallel; a failed group fails the node.
func (o *operation) runSteps(node *v1alpha1.NodeStatus, tmpl *v1alpha1.Template, context string, local *scope) {
	sc := o.stepsScope(node, tmpl, local)
	failFast := tmpl.FailFast != nil && *tmpl.FailFast
	for i, group := range tmpl.Steps {
		sgName := stepGroupName(node.Name, i)
		sg := o.node(sgName)
		if sg == nil {
			if !o.mayStart() {
				return
			}
			sg = o.newNode(sgName, fmt.Sprintf("[%d]", i), v1alpha1.NodeTypeStepGroup, node.ID, v1alpha1.NodeRunning, "")
			o.linkStepGroup(node, i, sg)
		}
		if !fulfilled(sg.Phase) {
			o.runStepGroup(node, sg, group, tmpl.Parallelism, failFast, context, sc)
		}
		if !fulfilled(sg.Phase) {
			return
		}
		if failedOrError(sg.Phase) {
			o.setOutbound(node, o.groupOutbound(sg))
			o.setPhase(node, v1alpha1.NodeFailed, sg.Message)
			return
		}
	}
	if n := len(tmpl.Steps); n > 0 {
		if last := o.node(stepGroupName(node.Name, n-1)); last != nil {
			o.setOutbound(node, o.groupOutbound(last))
		}
	}
	o.succeedWithOutputs(node, tmpl, sc)
}

// stepsScope adds steps.NAME.* of the finished step groups to a template's scope.
func (o *operation) stepsScope(node *v1alpha1.NodeStatus, tmpl *v1alpha1.Template, local *scope) *scope {
	groupOf := map[string]int{}
	loops := map[string]bool{}
	var names []string
	for i, g := range tmpl.Steps {
		for _, s := range g {
			groupOf[s.Name] = i
			loops[s.Name] = stepUnit(s).isLoop()
			names = append(names, s.Name)
		}
	}
	sc := newScope(local)
	sc.resultKind = "steps"
	sc.resultNames = func() []string { return names }
	sc.results = func(_, name string) (map[string]string, bool) {
		i, ok := groupOf[name]
		if !ok {
			return nil, false
		}
		sg := o.node(stepGroupName(node.Name, i))
		if sg == nil || !fulfilled(sg.Phase) {
			return nil, false
		}
		prefix, base := "steps."+name, sg.Name+"."+name
		if !loops[name] {
			n := o.node(base)
			if n == nil {
				return nil, false
			}
			return nodeVars(prefix, n), true
		}
		var items []*v1alpha1.NodeStatus
		for _, id := range sg.Children {
			if n := o.nodeByID(id); n != nil && strings.HasPrefix(n.Name, base+"(") {
				items = append(items, n)
			}
		}
		vars := map[string]string{}
		addAggregates(vars, prefix, items)
		return vars, true
	}
	return sc
}

// linkStepGroup links a new step group after its steps node (the first) or
// after the outbound nodes of the previous group's steps.
func (o *operation) linkStepGroup(node *v1alpha1.NodeStatus, i int, sg *v1alpha1.NodeStatus) {
	if i == 0 {
		o.addChild(node, sg.ID)
		return
	}
	prev := o.node(stepGroupName(node.Name, i-1))
	if prev == nil {
		return
	}
	if len(prev.Children) == 0 {
		o.addChild(prev, sg.ID)
		return
	}
	for _, id := range o.groupOutbound(prev) {
		if n := o.nodeByID(id); n != nil {
			o.addChild(n, sg.ID)
		}
	}
}

// groupOutbound are the outbound nodes of a step group's steps.
func (o *operation) groupOutbound(sg *v1alpha1.NodeStatus) []string {
	var out []string
	for _, c := range sg.Children {
		out = o.appendOutbound(out, c)
	}
	return out
}

// runStepGroup starts and follows the steps of one group; the group fails
// once all are done if one failed without continueOn.
func (o *operation) runStepGroup(steps, sg *v1alpha1.NodeStatus, group []v1alpha1.WorkflowStep, parallelism *int64, failFast bool, context string, sc *scope) {
	var outcomes []unitOutcome
	failed := false
	r := unitRun{
		kind:       "steps",
		boundaryID: steps.ID,
		context:    context,
		admit: func() bool {
			if failFast && failed {
				return false
			}
			return parallelism == nil || o.activeChildren[steps.ID] < *parallelism
		},
		link: func(n *v1alpha1.NodeStatus) { o.addChild(sg, n.ID) },
	}
	record := func(n *v1alpha1.NodeStatus, c *v1alpha1.ContinueOn) {
		oc := unitOutcome{node: n, continueOn: c}
		failed = failed || oc.blocking()
		outcomes = append(outcomes, oc)
	}
	for _, step := range group {
		u := stepUnit(step)
		base := sg.Name + "." + step.Name
		if u.isLoop() {
			items, err := o.expandLoop(u, sc)
			if err != nil {
				n := o.node(base)
				if n == nil {
					n = o.unitError(base, step.Name, r, err.Error())
				}
				record(n, u.ContinueOn)
				continue
			}
			for _, n := range o.runExpanded(base, step.Name, u, items, sc, r) {
				record(n, u.ContinueOn)
			}
			continue
		}
		record(o.runUnitAt(base, step.Name, u, func() *scope { return sc }, r), u.ContinueOn)
	}
	for _, oc := range outcomes {
		if oc.node == nil || !fulfilled(oc.node.Phase) {
			return
		}
	}
	if o.activeHooks[steps.ID] > 0 {
		return
	}
	for _, oc := range outcomes {
		if oc.blocking() {
			o.setPhase(sg, v1alpha1.NodeFailed, fmt.Sprintf("child '%s' failed", oc.node.Name))
			return
		}
	}
	o.setPhase(sg, v1alpha1.NodeSucceeded, "")
}
