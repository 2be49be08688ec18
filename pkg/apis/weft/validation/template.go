package validation

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// templateTypes lists the kinds of work a template may do, in the order
// messages name them.
var templateTypes = []string{"container", "script", "resource", "dag", "steps", "suspend", "containerSet", "data", "http", "plugin"}

// typesOf returns the template types set on tmpl.
func typesOf(tmpl *weft.Template) []string {
	return setFields(
		namedFlag{"container", tmpl.Container != nil}, namedFlag{"script", tmpl.Script != nil},
		namedFlag{"resource", tmpl.Resource != nil}, namedFlag{"dag", tmpl.DAG != nil},
		namedFlag{"steps", tmpl.Steps != nil}, namedFlag{"suspend", tmpl.Suspend != nil},
		namedFlag{"containerSet", tmpl.ContainerSet != nil}, namedFlag{"data", tmpl.Data != nil},
		namedFlag{"http", tmpl.HTTP != nil}, namedFlag{"plugin", tmpl.Plugin != nil})
}

// isLeaf reports whether a template does work itself rather than calling
// other templates from steps or a DAG.
func isLeaf(tmpl *weft.Template) bool {
	return tmpl.Steps == nil && tmpl.DAG == nil
}

// runsContainers reports whether a template's outputs come from its
// containers' files.
func runsContainers(tmpl *weft.Template) bool {
	return tmpl.Container != nil || tmpl.Script != nil || tmpl.ContainerSet != nil
}

// validateTemplate validates one template: a template of spec.templates, or
// with inline set, a template given in place in a step or task.
func (c *specContext) validateTemplate(tmpl *weft.Template, fldPath *field.Path, inline bool) field.ErrorList {
	var errs field.ErrorList
	label := tmpl.Name
	if !inline {
		errs = append(errs, validateFieldName(tmpl.Name, "template", fldPath.Child("name"))...)
	} else if label == "" {
		label = "inline"
	}
	switch types := typesOf(tmpl); len(types) {
	case 0:
		errs = append(errs, field.Required(fldPath,
			fmt.Sprintf("template %q does nothing: give it exactly one of %s", label, strings.Join(templateTypes, ", "))))
	case 1:
	default:
		errs = append(errs, field.Invalid(fldPath, strings.Join(types, ", "),
			fmt.Sprintf("template %q sets %s: a template does exactly one kind of work, so keep one and move the others to templates of their own", label, strings.Join(types, " and "))))
	}
	sc := &refScope{template: label, inputs: &tmpl.Inputs, globals: c.globals}
	errs = append(errs, validateInputs(tmpl, sc, fldPath.Child("inputs"))...)
	errs = append(errs, validateWork(tmpl, sc, fldPath)...)
	if tmpl.Steps != nil {
		errs = append(errs, c.validateSteps(tmpl, sc, fldPath)...)
	}
	if tmpl.DAG != nil {
		errs = append(errs, c.validateDAG(tmpl, sc, fldPath)...)
	}
	errs = append(errs, validateOutputs(tmpl, outputsScope(tmpl, sc), fldPath.Child("outputs"))...)
	errs = append(errs, c.validateHooks(tmpl.Hooks, sc, fldPath.Child("hooks"))...)
	errs = append(errs, validateTemplateSettings(tmpl, sc, fldPath)...)
	return errs
}

// outputsScope is the scope of a template's outputs: those of a steps or DAG
// template may name any of its steps or tasks.
func outputsScope(tmpl *weft.Template, sc *refScope) *refScope {
	out := *sc
	switch {
	case tmpl.Steps != nil:
		all := map[string]bool{}
		for _, group := range tmpl.Steps {
			for _, step := range group {
				all[step.Name] = true
			}
		}
		out.steps = &nameScope{template: sc.template, all: all, visible: all}
	case tmpl.DAG != nil:
		all := map[string]bool{}
		for _, task := range tmpl.DAG.Tasks {
			all[task.Name] = true
		}
		out.tasks = &nameScope{template: sc.template, all: all, visible: all}
	}
	return &out
}

// validateInputs checks a template's input parameters and artifacts.
func validateInputs(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	paramsPath := fldPath.Child("parameters")
	errs := validateParameterNames(tmpl.Inputs.Parameters, "input parameter", paramsPath)
	for i := range tmpl.Inputs.Parameters {
		p := &tmpl.Inputs.Parameters[i]
		pPath := paramsPath.Index(i)
		errs = append(errs, validateParameterEnum(p, pPath)...)
		if p.Value != nil {
			errs = append(errs, validateReferences(string(*p.Value), sc, pPath.Child("value"))...)
		}
		if p.Default != nil {
			errs = append(errs, validateReferences(string(*p.Default), sc, pPath.Child("default"))...)
		}
	}
	artifactsPath := fldPath.Child("artifacts")
	errs = append(errs, validateArtifactNames(tmpl.Inputs.Artifacts, "input artifact", artifactsPath)...)
	for i := range tmpl.Inputs.Artifacts {
		a := &tmpl.Inputs.Artifacts[i]
		aPath := artifactsPath.Index(i)
		if a.From != "" {
			errs = append(errs, field.Forbidden(aPath.Child("from"),
				"an input artifact cannot use from: pass the artifact from the calling step or task's arguments"))
		}
		if a.Path != "" && !isLeaf(tmpl) {
			errs = append(errs, field.Forbidden(aPath.Child("path"),
				"only templates that run containers place input artifacts at a path: remove path from this steps or DAG template"))
		}
		errs = append(errs, validateReferences(a.Path, sc, aPath.Child("path"))...)
	}
	return errs
}

// validateOutputs checks a template's output parameters and artifacts.
func validateOutputs(tmpl *weft.Template, sc *refScope, fldPath *field.Path) field.ErrorList {
	paramsPath := fldPath.Child("parameters")
	errs := validateParameterNames(tmpl.Outputs.Parameters, "output parameter", paramsPath)
	for i := range tmpl.Outputs.Parameters {
		p := &tmpl.Outputs.Parameters[i]
		pPath := paramsPath.Index(i)
		if p.Value == nil && p.ValueFrom == nil {
			errs = append(errs, field.Required(pPath.Child("valueFrom"),
				fmt.Sprintf("output parameter %q needs valueFrom, such as valueFrom.path for a container's file or valueFrom.parameter for a step's output", p.Name)))
		}
		if p.Value != nil {
			errs = append(errs, validateReferences(string(*p.Value), sc, pPath.Child("value"))...)
		}
		if vf := p.ValueFrom; vf != nil {
			vfPath := pPath.Child("valueFrom")
			errs = append(errs, validateReferences(vf.Path, sc, vfPath.Child("path"))...)
			errs = append(errs, validateReferences(vf.Parameter, sc, vfPath.Child("parameter"))...)
			if vf.Default != nil {
				errs = append(errs, validateReferences(string(*vf.Default), sc, vfPath.Child("default"))...)
			}
		}
	}
	artifactsPath := fldPath.Child("artifacts")
	errs = append(errs, validateArtifactNames(tmpl.Outputs.Artifacts, "output artifact", artifactsPath)...)
	for i := range tmpl.Outputs.Artifacts {
		a := &tmpl.Outputs.Artifacts[i]
		aPath := artifactsPath.Index(i)
		switch {
		case runsContainers(tmpl) && a.Path == "":
			errs = append(errs, field.Required(aPath.Child("path"),
				fmt.Sprintf("output artifact %q needs the path of the file or directory the container writes", a.Name)))
		case !isLeaf(tmpl) && a.From == "" && a.FromExpression == "":
			errs = append(errs, field.Required(aPath.Child("from"),
				fmt.Sprintf("output artifact %q of a steps or DAG template needs from, such as from: \"{{steps.NAME.outputs.artifacts.NAME}}\"", a.Name)))
		}
		errs = append(errs, validateReferences(a.Path, sc, aPath.Child("path"))...)
		errs = append(errs, validateReferences(a.From, sc, aPath.Child("from"))...)
	}
	return errs
}
