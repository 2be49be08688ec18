package engine

import (
	"fmt"
	"strconv"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// call is one use of a template: the entrypoint, a step or a task. Its
// arguments matter only when the node is created; an existing node keeps the
// inputs it was created with.
type call struct {
	name, displayName, boundaryID string
	holder                        templateHolder
	// context is where the caller's template names resolve.
	context string
	args    v1alpha1.Arguments
	// attempt says the call is one attempt of a Retry node, number retries.
	attempt bool
	retries int
	// hooked says the call runs a hook or exit handler.
	hooked bool
	// unitKind ("steps" or "tasks") and unitName name the step or task that
	// makes the call, for {{steps.name}} and {{tasks.name}}.
	unitKind, unitName string
}

// executeTemplate runs the template of a call at its node, creating the node
// when it does not exist yet, and returns the node; nil when the node could
// not start yet (parallelism). A node's whole lifecycle goes through here:
// a memoized template's cache is read before its node starts, and written
// once it succeeded; a template's locks are taken before it starts.
func (o *operation) executeTemplate(c call) *v1alpha1.NodeStatus {
	return o.executeAt(c, o.node(c.name))
}

// executeAt is executeTemplate for a caller that has looked the call's node
// up already (nil when it does not exist yet).
func (o *operation) executeAt(c call, node *v1alpha1.NodeStatus) *v1alpha1.NodeStatus {
	if node != nil && fulfilled(node.Phase) && !o.suspendOutputsPending(node) {
		return node
	}
	t, err := o.templates.resolve(c.context, c.holder)
	if err != nil {
		return o.failNode(node, c, v1alpha1.NodeTypeSkipped, resolvedTemplate{name: c.holder.Template, ref: c.holder.TemplateRef}, nil, err.Error())
	}
	n := o.runTemplate(c, node, t)
	if t.Memoize != nil {
		o.coord.recordMemoized(n, t)
	}
	return n
}

// runTemplate carries on the node of a call whose template is resolved.
func (o *operation) runTemplate(c call, node *v1alpha1.NodeStatus, t resolvedTemplate) *v1alpha1.NodeStatus {
	kind := kindOf(t.Template)
	var inputs []v1alpha1.Parameter
	var err error
	if node != nil {
		if node.Inputs != nil {
			inputs = node.Inputs.Parameters
		}
	} else if inputs, err = o.resolveInputs(t.Template, c.args); err != nil {
		return o.failNode(node, c, kind.nodeType(), t, nil, err.Error())
	} else if err = o.resolveInputArtifacts(c.name, t.Template, c.args.Artifacts, o.localScope(inputs, c.name)); err != nil {
		return o.failNode(node, c, kind.nodeType(), t, inputs, err.Error())
	}
	if node == nil && !c.attempt {
		if hit := o.coord.memoizedNode(c, t, inputs); hit != nil {
			return hit
		}
	}
	if t.Synchronization != nil && !c.attempt && (node == nil || o.waitingForLocks(node)) {
		if waiting := o.coord.acquireTemplateLocks(nodeID(o.wf.Name, c.name), t.Template); waiting != "" {
			return o.waitForLocks(node, c, kind.nodeType(), t, inputs, waiting)
		}
		if node != nil {
			o.dropNode(node)
			node = nil
		}
	}
	if rs := o.retryStrategyFor(t); rs != nil && !c.attempt {
		return o.executeRetry(node, c, t, inputs, rs)
	}
	if node != nil && node.Type == v1alpha1.NodeTypePod && kind != kindResource {
		o.observePod(node, t, inputs)
		return node
	}
	sc := o.localScope(inputs, c.name)
	if c.unitKind != "" {
		sc.set(c.unitKind+".name", c.unitName)
	}
	if c.attempt {
		sc.set("retries", strconv.Itoa(c.retries))
	}
	switch kind {
	case kindContainer, kindScript, kindContainerSet:
		return o.executePod(c, t, inputs, sc)
	case kindSteps, kindDAG:
		tmpl, err := o.substituteTemplate(t.Template, sc, expr.Lenient)
		if err != nil {
			return o.failNode(node, c, kind.nodeType(), t, inputs, err.Error())
		}
		keepUnitValuesAsWritten(tmpl, t.Template)
		if failed, ok := o.enterTemplate(c, node, kind, t, inputs); !ok {
			return failed
		}
		defer o.leaveTemplate()
		if node == nil {
			node = o.newTemplateNode(c, kind.nodeType(), t, inputs, v1alpha1.NodeRunning, "")
		}
		if kind == kindSteps {
			o.runSteps(node, tmpl, t.context, sc)
		} else {
			o.runDAG(node, tmpl, t.context, sc)
		}
		return node
	case kindSuspend:
		if node != nil && fulfilled(node.Phase) {
			o.completeSuspendOutputs(node, t)
			return node
		}
		return o.executeSuspend(node, c, t, inputs)
	case kindResource:
		return o.executeResource(node, c, t, inputs, sc)
	case kindHTTP:
		return o.executeHTTP(node, c, t, inputs, sc)
	case kindPlugin:
		return o.failNode(node, c, kind.nodeType(), t, inputs, pluginUnavailable(t))
	case kindNone:
		return o.failNode(node, c, kind.nodeType(), t, inputs, fmt.Sprintf("template %q has no type: set one of container, script, steps, dag or suspend", templateLabel(t)))
	}
	return o.failNode(node, c, kind.nodeType(), t, inputs, fmt.Sprintf("template %q: %s templates are not supported yet", templateLabel(t), kind))
}

// newTemplateNode creates the node of a call.
func (o *operation) newTemplateNode(c call, typ v1alpha1.NodeType, t resolvedTemplate, inputs []v1alpha1.Parameter, phase v1alpha1.NodePhase, message string) *v1alpha1.NodeStatus {
	n := o.nodeStatus(c.name, o.templateDisplayName(c, t, inputs), typ, c.boundaryID, phase, message)
	if c.attempt || c.hooked {
		n.NodeFlag = &v1alpha1.NodeFlag{Retried: c.attempt, Hooked: c.hooked}
	}
	o.addNode(n)
	n.TemplateName = t.name
	if t.ref != nil {
		r := *t.ref
		n.TemplateRef = &r
	}
	n.TemplateScope = t.scopeName(o.wf.Name)
	if arts := o.inputArtifacts[c.name]; len(inputs) > 0 || len(arts) > 0 {
		n.Inputs = &v1alpha1.Inputs{Parameters: inputs, Artifacts: arts}
	}
	return n
}

// templateDisplayName is the display name a template's annotation gives its
// nodes, else the call's own. An annotation that cannot be substituted is
// shown as written rather than failing the node over a label; a template
// that could not be resolved has no annotations.
func (o *operation) templateDisplayName(c call, t resolvedTemplate, inputs []v1alpha1.Parameter) string {
	if t.Template == nil {
		return c.displayName
	}
	written, ok := t.Annotations[AnnotationDisplayName]
	if !ok || written == "" || c.attempt {
		return c.displayName
	}
	shown, err := expr.Substitute(written, o.localScope(inputs, c.name), expr.Lenient)
	if err != nil {
		return written
	}
	return shown
}

// failNode ends a call's node in Error with a message, creating it if needed.
func (o *operation) failNode(node *v1alpha1.NodeStatus, c call, typ v1alpha1.NodeType, t resolvedTemplate, inputs []v1alpha1.Parameter, message string) *v1alpha1.NodeStatus {
	if node == nil {
		return o.newTemplateNode(c, typ, t, inputs, v1alpha1.NodeError, message)
	}
	o.setPhase(node, v1alpha1.NodeError, message)
	return node
}

// templateLabel names a template in messages.
func templateLabel(t resolvedTemplate) string {
	if t.name != "" {
		return t.name
	}
	if t.Template != nil && t.Template.Name != "" {
		return t.Template.Name
	}
	return "inline"
}

// waitForLocks keeps a node Pending, with the message saying which lock it
// waits for, until its template's locks are taken.
func (o *operation) waitForLocks(node *v1alpha1.NodeStatus, c call, typ v1alpha1.NodeType, t resolvedTemplate, inputs []v1alpha1.Parameter, waiting string) *v1alpha1.NodeStatus {
	if node == nil {
		node = o.newTemplateNode(c, typ, t, inputs, v1alpha1.NodePending, waiting)
	} else {
		o.setMessage(node, waiting)
	}
	o.lockWaiters[node.ID] = true
	return node
}

// waitingForLocks says a node is the Pending stand-in of a template that
// waits for its locks.
func (o *operation) waitingForLocks(n *v1alpha1.NodeStatus) bool {
	if n.Phase != v1alpha1.NodePending {
		return false
	}
	return o.lockWaiters[n.ID] || (n.SynchronizationStatus != nil && n.SynchronizationStatus.Waiting != "")
}

// dropNode removes the stand-in of a node that got its locks, for the node
// to start afresh under the same name and ID (and so the same links).
func (o *operation) dropNode(n *v1alpha1.NodeStatus) {
	o.countActive(n, -1)
	delete(o.nodes, n.ID)
	delete(o.lockWaiters, n.ID)
	o.changed = true
}
