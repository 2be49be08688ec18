package engine

import (
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// unit is a step or a DAG task: what both say about running a template.
type unit struct {
	Name         string                `json:"name"`
	Template     string                `json:"template,omitempty"`
	TemplateRef  *v1alpha1.TemplateRef `json:"templateRef,omitempty"`
	Inline       *v1alpha1.Template    `json:"-"`
	Arguments    v1alpha1.Arguments    `json:"arguments,omitempty"`
	WithItems    []v1alpha1.Item       `json:"withItems,omitempty"`
	WithParam    string                `json:"withParam,omitempty"`
	WithSequence *v1alpha1.Sequence    `json:"withSequence,omitempty"`
	When         string                `json:"when,omitempty"`
	ContinueOn   *v1alpha1.ContinueOn  `json:"continueOn,omitempty"`
	// OnExit and Hooks run after or beside the unit; their arguments are
	// substituted when they start, in the unit's scope.
	OnExit string                            `json:"-"`
	Hooks  map[string]v1alpha1.LifecycleHook `json:"-"`
}

func stepUnit(s v1alpha1.WorkflowStep) unit {
	return unit{
		Name: s.Name, Template: s.Template, TemplateRef: s.TemplateRef, Inline: s.Inline,
		Arguments: s.Arguments, WithItems: s.WithItems, WithParam: s.WithParam,
		WithSequence: s.WithSequence, When: s.When, ContinueOn: s.ContinueOn,
		OnExit: s.OnExit, Hooks: s.Hooks,
	}
}

func taskUnit(t v1alpha1.DAGTask) unit {
	return unit{
		Name: t.Name, Template: t.Template, TemplateRef: t.TemplateRef, Inline: t.Inline,
		Arguments: t.Arguments, WithItems: t.WithItems, WithParam: t.WithParam,
		WithSequence: t.WithSequence, When: t.When, ContinueOn: t.ContinueOn,
		OnExit: t.OnExit, Hooks: t.Hooks,
	}
}

func (u unit) holder() templateHolder {
	return templateHolder{Template: u.Template, Inline: u.Inline, TemplateRef: u.TemplateRef}
}

func (u unit) isLoop() bool {
	return u.WithItems != nil || u.WithParam != "" || u.WithSequence != nil
}

// substitute resolves the unit's references; an inline template is left as
// it is, for its own inputs to resolve.
func (u unit) substitute(s *scope, mode expr.Mode) (unit, error) {
	args := u.Arguments
	u.Arguments = v1alpha1.Arguments{}
	out := u
	if u.hasReferences() {
		out = unit{}
		if err := expr.SubstituteObject(&out, u, s, mode); err != nil {
			return unit{}, err
		}
	}
	var err error
	if out.Arguments, err = substituteArguments(args, s); err != nil {
		return unit{}, err
	}
	out.Inline, out.OnExit, out.Hooks = u.Inline, u.OnExit, u.Hooks
	return out, nil
}

// hasReferences says whether a string of the unit that substitute resolves
// itself holds a reference; most units, which only name a template, have
// none and need no copy through JSON. Arguments are resolved on their own.
func (u unit) hasReferences() bool {
	texts := []string{u.Name, u.Template, u.WithParam, u.When}
	if u.TemplateRef != nil {
		texts = append(texts, u.TemplateRef.Name, u.TemplateRef.Template)
	}
	for _, t := range texts {
		if strings.Contains(t, "{{") {
			return true
		}
	}
	return u.WithItems != nil || u.WithSequence != nil
}

// unitOutcome is a unit's node and how its phase counts for the template
// running it.
type unitOutcome struct {
	node       *v1alpha1.NodeStatus
	continueOn *v1alpha1.ContinueOn
}

// blocking says the outcome stops its template: it failed without continueOn.
func (u unitOutcome) blocking() bool {
	return u.node != nil && failedOrError(u.node.Phase) && !continuesOn(u.continueOn, u.node.Phase)
}
