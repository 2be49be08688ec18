package validation

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// callSite is what a step and a DAG task have in common: a call of a
// template, with arguments, a loop, a condition and hooks.
type callSite struct {
	kind         string
	template     string
	templateRef  *weft.TemplateRef
	inline       *weft.Template
	arguments    *weft.Arguments
	withItems    []weft.Item
	withParam    string
	withSequence *weft.Sequence
	when         string
	onExit       string
	hooks        map[string]weft.LifecycleHook
}

// stepCall returns the call a step makes.
func stepCall(s *weft.WorkflowStep) *callSite {
	return &callSite{kind: "step", template: s.Template, templateRef: s.TemplateRef, inline: s.Inline,
		arguments: &s.Arguments, withItems: s.WithItems, withParam: s.WithParam, withSequence: s.WithSequence,
		when: s.When, onExit: s.OnExit, hooks: s.Hooks}
}

// taskCall returns the call a DAG task makes.
func taskCall(t *weft.DAGTask) *callSite {
	return &callSite{kind: "task", template: t.Template, templateRef: t.TemplateRef, inline: t.Inline,
		arguments: &t.Arguments, withItems: t.WithItems, withParam: t.WithParam, withSequence: t.WithSequence,
		when: t.When, onExit: t.OnExit, hooks: t.Hooks}
}

// validateCall checks a step or task: what it runs, its loop, its arguments
// against the called template's inputs, its condition, onExit and hooks. sc
// is the scope of the enclosing template at the step or task; hookScope also
// lets hooks name the step or task itself.
func (c *specContext) validateCall(call *callSite, sc, hookScope *refScope, fldPath *field.Path) field.ErrorList {
	errs := c.validateTarget(call.kind, call.template, call.templateRef, call.inline, fldPath)
	loops := setFields(
		namedFlag{"withItems", len(call.withItems) > 0},
		namedFlag{"withParam", call.withParam != ""},
		namedFlag{"withSequence", call.withSequence != nil})
	if len(loops) > 1 {
		errs = append(errs, field.Forbidden(fldPath.Child(loops[1]),
			fmt.Sprintf("%s cannot be used together with %s: a %s loops over one of withItems, withParam or withSequence", loops[1], loops[0], call.kind)))
	}
	errs = append(errs, validateReferences(call.withParam, sc, fldPath.Child("withParam"))...)
	if call.withSequence != nil {
		errs = append(errs, validateSequence(call.withSequence, sc, fldPath.Child("withSequence"))...)
	}
	loop := newLoopScope(call.withItems, call.withParam, len(loops) > 0)
	own := sc.withLoop(loop)
	argsPath := fldPath.Child("arguments")
	errs = append(errs, c.validateArguments(call.arguments, true, own, argsPath)...)
	if call.inline != nil {
		errs = append(errs, validateCallArguments(call.inline, call.arguments, "inline", argsPath)...)
	} else if callee, ok := c.templates[call.template]; ok {
		errs = append(errs, validateCallArguments(callee, call.arguments, "called", argsPath)...)
	}
	errs = append(errs, validateReferences(call.when, own, fldPath.Child("when"))...)
	errs = append(errs, c.checkTemplateName(call.onExit, fldPath.Child("onExit"))...)
	errs = append(errs, c.validateHooks(call.hooks, hookScope.withLoop(loop), fldPath.Child("hooks"))...)
	return errs
}

// validateTarget checks that a step, task or hook names exactly one template
// to run, and that the name resolves.
func (c *specContext) validateTarget(kind, template string, ref *weft.TemplateRef, inline *weft.Template, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	set := setFields(namedFlag{"template", template != ""}, namedFlag{"templateRef", ref != nil}, namedFlag{"inline", inline != nil})
	switch {
	case len(set) == 0 && kind == "hook":
		errs = append(errs, field.Required(fldPath.Child("template"), "a hook needs a template or templateRef to run"))
	case len(set) == 0:
		errs = append(errs, field.Required(fldPath.Child("template"),
			fmt.Sprintf("a %s needs a template to run: set template, templateRef or inline", kind)))
	case len(set) > 1 && kind == "hook":
		errs = append(errs, field.Forbidden(fldPath.Child(set[1]),
			fmt.Sprintf("%s cannot be set together with %s: a hook runs exactly one of template or templateRef", set[1], set[0])))
	case len(set) > 1:
		errs = append(errs, field.Forbidden(fldPath.Child(set[1]),
			fmt.Sprintf("%s cannot be set together with %s: a %s runs exactly one of template, templateRef or inline", set[1], set[0], kind)))
	}
	errs = append(errs, c.checkTemplateName(template, fldPath.Child("template"))...)
	if ref != nil {
		refPath := fldPath.Child("templateRef")
		if ref.Name == "" {
			errs = append(errs, field.Required(refPath.Child("name"), "name the WorkflowTemplate (or, with clusterScope, the ClusterWorkflowTemplate) that holds the template"))
		}
		if ref.Template == "" {
			errs = append(errs, field.Required(refPath.Child("template"), "name the template to run within the referenced WorkflowTemplate"))
		}
	}
	if inline != nil {
		errs = append(errs, c.validateTemplate(inline, fldPath.Child("inline"), true)...)
	}
	return errs
}

// validateHooks checks lifecycle hooks: what they run, their arguments, and
// that every hook but "exit" has an expression.
func (c *specContext) validateHooks(hooks map[string]weft.LifecycleHook, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, name := range sortedKeys(hooks) {
		hook := hooks[name]
		hookPath := fldPath.Key(name)
		if name != "exit" && hook.Expression == "" {
			errs = append(errs, field.Required(hookPath.Child("expression"),
				fmt.Sprintf("hook %q runs when its expression holds: give the expression, such as steps.NAME.status == \"Running\", or name the hook \"exit\" to run it at the end", name)))
		}
		errs = append(errs, c.validateTarget("hook", hook.Template, hook.TemplateRef, nil, hookPath)...)
		argsPath := hookPath.Child("arguments")
		errs = append(errs, c.validateArguments(&hook.Arguments, true, sc, argsPath)...)
		if callee, ok := c.templates[hook.Template]; ok {
			errs = append(errs, validateCallArguments(callee, &hook.Arguments, "hook's", argsPath)...)
		}
	}
	return errs
}

// namedFlag is a field name and whether the field is set.
type namedFlag struct {
	name string
	set  bool
}

// setFields returns the names of the set fields, in order.
func setFields(flags ...namedFlag) []string {
	var names []string
	for _, f := range flags {
		if f.set {
			names = append(names, f.name)
		}
	}
	return names
}
