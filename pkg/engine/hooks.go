package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// exitHookName is the key of the hook that runs when its node or workflow ends.
const exitHookName = "exit"

// exitHandlerName is the name of the node of the workflow's exit handler.
func exitHandlerName(workflow string) string { return workflow + ".onExit" }

// hookNodeName is the name of a hook's node: "<node>.hooks.<hook>".
func hookNodeName(owner, hook string) string { return owner + ".hooks." + hook }

// workflowExitHook is the workflow's exit handler: spec.hooks.exit, else
// spec.onExit; ok is false when it has none.
func workflowExitHook(spec *v1alpha1.WorkflowSpec) (v1alpha1.LifecycleHook, bool) {
	if h, ok := spec.Hooks[exitHookName]; ok {
		return h, true
	}
	if spec.OnExit != "" {
		return v1alpha1.LifecycleHook{Template: spec.OnExit}, true
	}
	return v1alpha1.LifecycleHook{}, false
}

// runExitHandler runs the workflow's exit handler once the main tree ended
// in phase, with {{workflow.status}}, {{workflow.failures}} and
// {{workflow.duration}} set. It returns the handler's node, nil when there
// is none or it could not start yet.
func (o *operation) runExitHandler(phase v1alpha1.WorkflowPhase) *v1alpha1.NodeStatus {
	hook, ok := workflowExitHook(o.spec)
	if !ok {
		return nil
	}
	o.setOutcomeVariables(phase)
	name := exitHandlerName(o.wf.Name)
	args, err := o.hookArguments(hook, o.globals)
	if err != nil {
		if n := o.node(name); n != nil {
			return n
		}
		return o.hookError(name, "", fmt.Sprintf("spec.onExit: %v", err))
	}
	o.exiting = true
	defer func() { o.exiting = false }()
	return o.executeTemplate(call{name: name, displayName: name, holder: hookHolder(hook), args: args, hooked: true})
}

// setOutcomeVariables sets the variables an exit handler reads.
func (o *operation) setOutcomeVariables(phase v1alpha1.WorkflowPhase) {
	o.globals.set("workflow.status", string(phase))
	o.globals.set("workflow.failures", o.failuresJSON())
	o.globals.set("workflow.duration", strconv.FormatFloat(o.now.Sub(o.status.StartedAt.Time).Seconds(), 'f', -1, 64))
}

// failure is one entry of {{workflow.failures}}, as Argo spells it.
type failure struct {
	DisplayName  string `json:"displayName"`
	Message      string `json:"message"`
	TemplateName string `json:"templateName"`
	Phase        string `json:"phase"`
	PodName      string `json:"podName"`
	FinishedAt   string `json:"finishedAt"`
}

// failuresJSON lists the failed and errored nodes, ordered by name.
func (o *operation) failuresJSON() string {
	list := []failure{}
	for _, n := range o.nodes {
		if !failedOrError(n.Phase) || n.Type == v1alpha1.NodeTypeStepGroup || n.Type == v1alpha1.NodeTypeTaskGroup {
			continue
		}
		f := failure{DisplayName: n.DisplayName, Message: n.Message, TemplateName: n.TemplateName, Phase: string(n.Phase)}
		if n.Type == v1alpha1.NodeTypePod {
			f.PodName = podName(o.wf.Name, n.Name, n.TemplateName)
		}
		if !n.FinishedAt.IsZero() {
			f.FinishedAt = n.FinishedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		list = append(list, f)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].DisplayName < list[j].DisplayName })
	data, _ := json.Marshal(list)
	return string(data)
}

// hookHolder names the template a hook runs.
func hookHolder(h v1alpha1.LifecycleHook) templateHolder {
	return templateHolder{Template: h.Template, TemplateRef: h.TemplateRef}
}

// hookArguments substitutes a hook's arguments in a scope.
func (o *operation) hookArguments(h v1alpha1.LifecycleHook, sc *scope) (v1alpha1.Arguments, error) {
	return substituteArguments(h.Arguments, sc)
}

// unitHooks are the hooks of a step or task: hooks, with the deprecated
// onExit as the exit hook (under the node name "<node>.onExit").
func unitHooks(u unit) map[string]v1alpha1.LifecycleHook {
	if u.OnExit == "" {
		return u.Hooks
	}
	hooks := make(map[string]v1alpha1.LifecycleHook, len(u.Hooks)+1)
	for k, v := range u.Hooks {
		hooks[k] = v
	}
	if _, ok := hooks[exitHookName]; !ok {
		hooks[legacyOnExit] = v1alpha1.LifecycleHook{Template: u.OnExit}
	}
	return hooks
}

// legacyOnExit is the key unitHooks gives a step's or task's onExit.
const legacyOnExit = "onExit"

// runUnitHooks runs the hooks of a step's or task's node: expression hooks
// once their expression holds, and the exit hook once the node ended. Hook
// nodes are children of the node and run inside its boundary; the enclosing
// steps or DAG template waits for them.
func (o *operation) runUnitHooks(n *v1alpha1.NodeStatus, u unit, sc *scope, r unitRun) {
	hooks := unitHooks(u)
	if len(hooks) == 0 || n.Type == v1alpha1.NodeTypeSkipped {
		return
	}
	names := make([]string, 0, len(hooks))
	for name := range hooks {
		names = append(names, name)
	}
	sort.Strings(names)
	own := nodeVars(resultKindOf(sc)+"."+u.Name, n)
	for _, name := range names {
		h := hooks[name]
		nodeName := hookNodeName(n.Name, name)
		if name == legacyOnExit {
			nodeName = n.Name + ".onExit"
		}
		if existing := o.node(nodeName); existing != nil {
			if !fulfilled(existing.Phase) {
				o.executeTemplate(call{name: nodeName, displayName: nodeName, boundaryID: r.boundaryID, holder: hookHolder(h), context: r.context})
			}
			continue
		}
		switch {
		case name == exitHookName || name == legacyOnExit:
			if !fulfilled(n.Phase) {
				continue
			}
		case h.Expression == "":
			continue
		default:
			ok, err := hookExpressionHolds(h.Expression, own, sc)
			if err != nil {
				o.setMessage(n, fmt.Sprintf("hooks.%s.expression: %v", name, err))
				continue
			}
			if !ok {
				continue
			}
		}
		o.startHook(n, nodeName, h, own, sc, r)
	}
}

// startHook creates a hook's node as a child of its owner.
func (o *operation) startHook(owner *v1alpha1.NodeStatus, nodeName string, h v1alpha1.LifecycleHook, own map[string]string, sc *scope, r unitRun) {
	if !o.mayStart() {
		return
	}
	hookScope := newScope(sc)
	for k, v := range own {
		hookScope.set(k, v)
	}
	args, err := o.hookArguments(h, hookScope)
	if err != nil {
		o.addChild(owner, o.hookError(nodeName, r.boundaryID, err.Error()).ID)
		return
	}
	hn := o.executeTemplate(call{name: nodeName, displayName: nodeName, boundaryID: r.boundaryID, holder: hookHolder(h), context: r.context, args: args, hooked: true})
	if hn != nil {
		o.addChild(owner, hn.ID)
	}
}

// resultKindOf is "steps" or "tasks": the kind of results a scope sees.
func resultKindOf(sc *scope) string {
	for c := sc; c != nil; c = c.parent {
		if c.resultKind != "" {
			return c.resultKind
		}
	}
	return "steps"
}

// hookExpressionHolds evaluates a hook's expression with the unit's own
// variables visible, such as steps.NAME.status or tasks.NAME.status.
func hookExpressionHolds(expression string, own map[string]string, sc *scope) (bool, error) {
	env := sc.Env()
	for kind, group := range expr.NestedEnv(own) {
		merged, _ := env[kind].(map[string]any)
		if merged == nil {
			merged = map[string]any{}
		}
		for k, v := range group.(map[string]any) {
			merged[k] = v
		}
		env[kind] = merged
	}
	return expr.EvaluateBool(expression, env)
}

// runWorkflowHooks runs the workflow's expression hooks (every hook but
// exit) whose expression holds, once each, as nodes "<workflow>.hooks.<name>".
func (o *operation) runWorkflowHooks() {
	names := make([]string, 0, len(o.spec.Hooks))
	for name, h := range o.spec.Hooks {
		if name != exitHookName && h.Expression != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		h := o.spec.Hooks[name]
		nodeName := hookNodeName(o.wf.Name, name)
		if n := o.node(nodeName); n != nil {
			if !fulfilled(n.Phase) {
				o.executeTemplate(call{name: nodeName, displayName: nodeName, holder: hookHolder(h)})
			}
			continue
		}
		if !o.mayStart() {
			return
		}
		env := o.globals.Env()
		if wfEnv, ok := env["workflow"].(map[string]any); ok {
			wfEnv["status"] = string(o.status.Phase)
		}
		holds, err := expr.EvaluateBool(h.Expression, env)
		if err != nil {
			o.hookError(nodeName, "", fmt.Sprintf("spec.hooks.%s.expression: %v", name, err))
			continue
		}
		if !holds {
			continue
		}
		args, err := o.hookArguments(h, o.globals)
		if err != nil {
			o.hookError(nodeName, "", fmt.Sprintf("spec.hooks.%s.arguments: %v", name, err))
			continue
		}
		o.executeTemplate(call{name: nodeName, displayName: nodeName, holder: hookHolder(h), args: args, hooked: true})
	}
}

// hookError records a hook that could not start: a Skipped node in Error,
// flagged as a hook, as unitError records a step or task.
func (o *operation) hookError(name, boundaryID, message string) *v1alpha1.NodeStatus {
	n := o.nodeStatus(name, name, v1alpha1.NodeTypeSkipped, boundaryID, v1alpha1.NodeError, message)
	n.NodeFlag = &v1alpha1.NodeFlag{Hooked: true}
	return o.addNode(n)
}
