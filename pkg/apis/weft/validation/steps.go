package validation

import (
	"maps"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// laterStepHint says why a step of the same or a later group may not be named.
const laterStepHint = "step %q runs in the same or a later step group: a step can only use the results of steps in earlier groups, so move it to an earlier group"

// validateSteps checks a steps template: every step named, uniquely within
// the template, and valid as a call; references to steps may only name steps
// of earlier groups.
func (c *specContext) validateSteps(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	stepsPath := fldPath.Child("steps")
	if len(tmpl.Steps) == 0 {
		errs = append(errs, field.Required(stepsPath, "a steps template needs at least one step group"))
	}
	all := map[string]bool{}
	for _, group := range tmpl.Steps {
		for _, step := range group {
			all[step.Name] = true
		}
	}
	seen := map[string]bool{}
	visible := map[string]bool{}
	for i, group := range tmpl.Steps {
		groupPath := stepsPath.Index(i)
		if len(group) == 0 {
			errs = append(errs, field.Required(groupPath, "a step group needs at least one step: remove the empty group"))
		}
		for j := range group {
			step := &group[j]
			stepPath := groupPath.Index(j)
			namePath := stepPath.Child("name")
			errs = append(errs, validateFieldName(step.Name, "step", namePath)...)
			if step.Name != "" && seen[step.Name] {
				errs = append(errs, field.Duplicate(namePath, step.Name))
			}
			seen[step.Name] = true
			stepScope := *sc
			stepScope.steps = &nameScope{template: sc.template, all: all, visible: visible, hiddenHint: laterStepHint}
			hookScope := stepScope
			withSelf := maps.Clone(visible)
			withSelf[step.Name] = true
			hookScope.steps = &nameScope{template: sc.template, all: all, visible: withSelf, hiddenHint: laterStepHint}
			errs = append(errs, c.validateCall(stepCall(step), &stepScope, &hookScope, stepPath)...)
		}
		for _, step := range group {
			visible[step.Name] = true
		}
	}
	return errs
}
