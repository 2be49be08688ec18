package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// globalScope holds the workflow.* variables.
func (o *operation) globalScope() (*scope, error) {
	wf, spec := o.wf, o.spec
	s := newScope(nil)
	s.set("workflow.name", wf.Name)
	s.set("workflow.namespace", wf.Namespace)
	s.set("workflow.uid", string(wf.UID))
	s.set("workflow.serviceAccountName", spec.ServiceAccountName)
	s.set("workflow.creationTimestamp", wf.CreationTimestamp.UTC().Format(time.RFC3339))
	s.set("workflow.mainEntrypoint", spec.Entrypoint)
	if scheduled := wf.Annotations[AnnotationScheduledTime]; scheduled != "" {
		s.set("workflow.scheduledTime", scheduled)
	}
	if spec.Priority != nil {
		s.set("workflow.priority", fmt.Sprint(*spec.Priority))
	}
	for k, v := range wf.Labels {
		s.set("workflow.labels."+k, v)
	}
	for k, v := range wf.Annotations {
		s.set("workflow.annotations."+k, v)
	}
	params := make([]v1alpha1.Parameter, 0, len(spec.Arguments.Parameters))
	for _, p := range spec.Arguments.Parameters {
		value, err := globalValue(p)
		if err != nil {
			return nil, err
		}
		if err := checkEnum("spec.arguments.parameters", p, value); err != nil {
			return nil, err
		}
		s.set("workflow.parameters."+p.Name, value)
		v := v1alpha1.AnyString(value)
		params = append(params, v1alpha1.Parameter{Name: p.Name, Value: &v})
	}
	data, _ := json.Marshal(params)
	s.set("workflow.parameters", string(data))
	if out := o.status.Outputs; out != nil {
		for _, p := range out.Parameters {
			if p.Value != nil {
				s.set("workflow.outputs.parameters."+p.Name, string(*p.Value))
			}
		}
	}
	return s, nil
}

func globalValue(p v1alpha1.Parameter) (string, error) {
	switch {
	case p.Value != nil:
		return string(*p.Value), nil
	case p.Default != nil:
		return string(*p.Default), nil
	case p.ValueFrom != nil && p.ValueFrom.Default != nil:
		return string(*p.ValueFrom.Default), nil
	case p.ValueFrom != nil:
		return "", fmt.Errorf("spec.arguments.parameters %q: valueFrom is not supported yet: give a value", p.Name)
	}
	return "", fmt.Errorf("spec.arguments.parameters %q has no value", p.Name)
}

func checkEnum(where string, p v1alpha1.Parameter, value string) error {
	if len(p.Enum) == 0 {
		return nil
	}
	allowed := make([]string, len(p.Enum))
	for i, e := range p.Enum {
		if string(e) == value {
			return nil
		}
		allowed[i] = string(e)
	}
	return fmt.Errorf("%s %q: value %q is not one of the enum values %s", where, p.Name, value, strings.Join(allowed, ", "))
}

// resolveInputs gives every input parameter of a template its value: the
// argument passed, else the input's value, else its default.
func resolveInputs(tmpl *v1alpha1.Template, args v1alpha1.Arguments) ([]v1alpha1.Parameter, error) {
	given := map[string]v1alpha1.Parameter{}
	for _, a := range args.Parameters {
		given[a.Name] = a
	}
	out := make([]v1alpha1.Parameter, 0, len(tmpl.Inputs.Parameters))
	for _, in := range tmpl.Inputs.Parameters {
		var value *v1alpha1.AnyString
		if a, ok := given[in.Name]; ok {
			switch {
			case a.Value != nil:
				value = a.Value
			case a.ValueFrom != nil && a.ValueFrom.Default != nil:
				value = a.ValueFrom.Default
			case a.Default != nil:
				value = a.Default
			}
		}
		if value == nil {
			value = in.Value
		}
		if value == nil {
			value = in.Default
		}
		if value == nil {
			return nil, fmt.Errorf("inputs.parameters.%s was not supplied", in.Name)
		}
		if err := checkEnum("input parameter", in, string(*value)); err != nil {
			return nil, err
		}
		v := *value
		out = append(out, v1alpha1.Parameter{Name: in.Name, Value: &v})
	}
	return out, nil
}

// localScope is a template's scope: its inputs and the node's name.
func (o *operation) localScope(inputs []v1alpha1.Parameter, nodeName string) *scope {
	s := newScope(o.globals)
	for _, p := range inputs {
		s.set("inputs.parameters."+p.Name, string(*p.Value))
	}
	data, _ := json.Marshal(inputs)
	s.set("inputs.parameters", string(data))
	s.set("node.name", nodeName)
	return s
}

// substituteTemplate returns a copy of the template with its references
// substituted; steps and DAG templates keep the ones a narrower scope resolves.
func substituteTemplate(t *v1alpha1.Template, s *scope, mode expr.Mode) (*v1alpha1.Template, error) {
	var out v1alpha1.Template
	if err := expr.SubstituteObject(&out, t, s, mode); err != nil {
		return nil, err
	}
	return &out, nil
}
