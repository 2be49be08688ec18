package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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
	setCreationTimestamp(s, wf.CreationTimestamp.UTC())
	s.set("workflow.mainEntrypoint", spec.Entrypoint)
	if scheduled := wf.Annotations[AnnotationScheduledTime]; scheduled != "" {
		s.set("workflow.scheduledTime", scheduled)
	}
	if spec.Priority != nil {
		s.set("workflow.priority", fmt.Sprint(*spec.Priority))
	}
	setMap(s, "workflow.labels", wf.Labels)
	setMap(s, "workflow.annotations", wf.Annotations)
	params := make([]v1alpha1.Parameter, 0, len(spec.Arguments.Parameters))
	for _, p := range spec.Arguments.Parameters {
		value, err := o.globalValue(p, s)
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
	s.set("workflow.parameters.json", string(data))
	setGlobalArtifactVars(s, o.status.Outputs)
	if out := o.status.Outputs; out != nil {
		for _, p := range out.Parameters {
			if p.Value != nil {
				s.set("workflow.outputs.parameters."+p.Name, string(*p.Value))
			}
		}
	}
	return s, nil
}

// creationTimeFormats are the strftime characters of
// {{workflow.creationTimestamp.X}}, as Go layouts.
var creationTimeFormats = map[string]string{
	"B": "January", "b": "Jan", "m": "01", "A": "Monday", "a": "Mon", "d": "02",
	"H": "15", "I": "03", "M": "04", "S": "05", "Y": "2006", "y": "06", "p": "PM",
	"Z": "MST", "z": "-0700", "L": ".000", "RFC3339": time.RFC3339,
}

// setCreationTimestamp sets workflow.creationTimestamp in RFC 3339 and each
// of its strftime parts, and .s, the Unix seconds.
func setCreationTimestamp(s *scope, t time.Time) {
	s.set("workflow.creationTimestamp", t.Format(time.RFC3339))
	for char, layout := range creationTimeFormats {
		s.set("workflow.creationTimestamp."+char, t.Format(layout))
	}
	s.set("workflow.creationTimestamp.s", strconv.FormatInt(t.Unix(), 10))
}

// setMap sets prefix.KEY for each entry, and prefix and prefix.json to all
// of them as a JSON object.
func setMap(s *scope, prefix string, m map[string]string) {
	for k, v := range m {
		s.set(prefix+"."+k, v)
	}
	if m == nil {
		m = map[string]string{}
	}
	data, _ := json.Marshal(m)
	s.set(prefix, string(data))
	s.set(prefix+".json", string(data))
}

// globalValue is a workflow parameter's value: its value, its default, or
// the ConfigMap key it names, whose name and key may refer to the workflow
// variables set so far.
func (o *operation) globalValue(p v1alpha1.Parameter, s *scope) (string, error) {
	switch {
	case p.Value != nil:
		return string(*p.Value), nil
	case p.ValueFrom != nil && p.ValueFrom.ConfigMapKeyRef != nil:
		return o.configMapParameter("spec.arguments.parameters", p, s)
	case p.Default != nil:
		return string(*p.Default), nil
	case p.ValueFrom != nil && p.ValueFrom.Default != nil:
		return string(*p.ValueFrom.Default), nil
	case p.ValueFrom != nil:
		return "", fmt.Errorf("spec.arguments.parameters %q: a workflow parameter takes value, default or valueFrom.configMapKeyRef", p.Name)
	}
	return "", fmt.Errorf("spec.arguments.parameters %q has no value: give it a value", p.Name)
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
// argument passed (its value, or the ConfigMap key it names), else the
// input's ConfigMap key, value or default.
func (o *operation) resolveInputs(tmpl *v1alpha1.Template, args v1alpha1.Arguments) ([]v1alpha1.Parameter, error) {
	given := map[string]v1alpha1.Parameter{}
	for _, a := range args.Parameters {
		given[a.Name] = a
	}
	out := make([]v1alpha1.Parameter, 0, len(tmpl.Inputs.Parameters))
	for _, in := range tmpl.Inputs.Parameters {
		value, err := o.inputValue(in, given)
		if err != nil {
			return nil, err
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
	if msg := o.checkParameterSizes("input parameter", out); msg != "" {
		return nil, errors.New(msg)
	}
	return out, nil
}

// inputValue is one input parameter's value, nil when it has none. The
// template's own value or default may refer to the workflow's variables.
func (o *operation) inputValue(in v1alpha1.Parameter, given map[string]v1alpha1.Parameter) (*v1alpha1.AnyString, error) {
	fromConfigMap := func(p v1alpha1.Parameter) (*v1alpha1.AnyString, error) {
		v, err := o.configMapParameter("input parameter", p, o.globals)
		value := v1alpha1.AnyString(v)
		return &value, err
	}
	if a, ok := given[in.Name]; ok {
		switch {
		case a.Value != nil:
			return a.Value, nil
		case a.ValueFrom != nil && a.ValueFrom.ConfigMapKeyRef != nil:
			return fromConfigMap(a)
		case a.ValueFrom != nil && a.ValueFrom.Default != nil:
			return a.ValueFrom.Default, nil
		case a.Default != nil:
			return a.Default, nil
		}
	}
	own := in.Value
	switch {
	case in.ValueFrom != nil && in.ValueFrom.ConfigMapKeyRef != nil:
		return fromConfigMap(in)
	case own == nil:
		own = in.Default
	}
	if own == nil || !expr.HasReferences(string(*own)) {
		return own, nil
	}
	v, err := expr.Substitute(string(*own), o.globals, expr.Lenient)
	value := v1alpha1.AnyString(v)
	return &value, err
}

// localScope is a template's scope: its inputs and the node's name.
func (o *operation) localScope(inputs []v1alpha1.Parameter, nodeName string) *scope {
	s := newScope(o.globals)
	for _, p := range inputs {
		s.set("inputs.parameters."+p.Name, string(*p.Value))
	}
	s.setLazy("inputs.parameters", func() string {
		data, _ := json.Marshal(inputs)
		return string(data)
	})
	s.set("node.name", nodeName)
	o.addInputArtifactVars(s, nodeName)
	return s
}

// substituteTemplate returns a copy of the template with its references
// substituted; steps and DAG templates keep the ones a narrower scope resolves.
// Each template is encoded once per Reconcile, for all the nodes it runs.
func (o *operation) substituteTemplate(t *v1alpha1.Template, s *scope, mode expr.Mode) (*v1alpha1.Template, error) {
	data, ok := o.templateJSON[t]
	if !ok {
		// Metrics refer to the node's own outcome ({{outputs.parameters.X}},
		// {{status}}, {{duration}}), known only once it ended; Weft emits no
		// custom metrics, so they are kept as written instead of failing the node.
		bare := *t
		bare.Metrics = nil
		var err error
		if data, err = json.Marshal(&bare); err != nil {
			return nil, fmt.Errorf("encoding for substitution: %w", err)
		}
		o.templateJSON[t] = data
	}
	data, err := expr.SubstituteJSON(data, s, mode)
	if err != nil {
		return nil, err
	}
	var out v1alpha1.Template
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("decoding after substitution: %w", err)
	}
	out.Metrics = t.Metrics
	return &out, nil
}
