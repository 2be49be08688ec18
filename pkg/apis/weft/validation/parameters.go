package validation

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// validateParameterNames checks that every parameter of a list has a valid
// name, unique within the list.
func validateParameterNames(params []weft.Parameter, what string, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, p := range params {
		namePath := fldPath.Index(i).Child("name")
		errs = append(errs, validateParameterName(p.Name, what, namePath)...)
		if p.Name != "" && seen[p.Name] {
			errs = append(errs, field.Duplicate(namePath, p.Name))
		}
		seen[p.Name] = true
	}
	return errs
}

// validateArtifactNames checks that every artifact of a list has a valid
// name, unique within the list.
func validateArtifactNames(artifacts []weft.Artifact, what string, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	seen := map[string]bool{}
	for i, a := range artifacts {
		namePath := fldPath.Index(i).Child("name")
		errs = append(errs, validateParameterName(a.Name, what, namePath)...)
		if a.Name != "" && seen[a.Name] {
			errs = append(errs, field.Duplicate(namePath, a.Name))
		}
		seen[a.Name] = true
	}
	return errs
}

// validateParameterEnum checks that a parameter's literal value and default
// are among its enum values.
func validateParameterEnum(p *weft.Parameter, fldPath *field.Path) field.ErrorList {
	if len(p.Enum) == 0 {
		return nil
	}
	var errs field.ErrorList
	for _, v := range []struct {
		name  string
		value *weft.AnyString
	}{{"value", p.Value}, {"default", p.Default}} {
		if v.value != nil && !hasReference(string(*v.value)) && !slices.Contains(p.Enum, *v.value) {
			errs = append(errs, field.NotSupported(fldPath.Child(v.name), string(*v.value), p.Enum))
		}
	}
	return errs
}

// validateArguments checks arguments passed to a workflow, a step, a task or
// a hook: names, values, enums and the references of their values. With
// requireValues, every parameter needs a value or valueFrom.
func (c *specContext) validateArguments(args *weft.Arguments, requireValues bool, sc *refScope, fldPath *field.Path) field.ErrorList {
	paramsPath := fldPath.Child("parameters")
	errs := validateParameterNames(args.Parameters, "parameter", paramsPath)
	for i := range args.Parameters {
		p := &args.Parameters[i]
		pPath := paramsPath.Index(i)
		if requireValues && p.Value == nil && p.ValueFrom == nil {
			errs = append(errs, field.Required(pPath.Child("value"),
				fmt.Sprintf("parameter %q needs a value (or valueFrom): give it one", p.Name)))
		}
		if p.ValueFrom != nil {
			errs = append(errs, validateArgumentValueFrom(p.ValueFrom, pPath.Child("valueFrom"))...)
		}
		errs = append(errs, validateParameterEnum(p, pPath)...)
		if p.Value != nil {
			errs = append(errs, validateReferences(string(*p.Value), sc, pPath.Child("value"))...)
		}
	}
	artifactsPath := fldPath.Child("artifacts")
	errs = append(errs, validateArtifactNames(args.Artifacts, "artifact", artifactsPath)...)
	for i := range args.Artifacts {
		a := &args.Artifacts[i]
		aPath := artifactsPath.Index(i)
		if a.From != "" && a.FromExpression != "" {
			errs = append(errs, field.Forbidden(aPath.Child("fromExpression"), "from and fromExpression cannot both be set: keep one"))
		}
		if a.From == "" && a.FromExpression == "" && !hasLocation(&a.ArtifactLocation) {
			errs = append(errs, field.Required(aPath.Child("from"),
				fmt.Sprintf("artifact %q needs a source: set from, fromExpression or a location such as s3, git, http or raw", a.Name)))
		}
		errs = append(errs, validateReferences(a.From, sc, aPath.Child("from"))...)
	}
	return errs
}

// validateArgumentValueFrom checks an argument's valueFrom: arguments read
// their value from a ConfigMap, an event or a resumed node, never from a path
// or an expression, which are for output parameters.
func validateArgumentValueFrom(vf *weft.ValueFrom, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, f := range []struct {
		name string
		set  bool
	}{{"path", vf.Path != ""}, {"jsonPath", vf.JSONPath != ""}, {"jqFilter", vf.JQFilter != ""}, {"parameter", vf.Parameter != ""}, {"expression", vf.Expression != ""}} {
		if f.set {
			errs = append(errs, field.Forbidden(fldPath.Child(f.name),
				"an argument's valueFrom may only use configMapKeyRef, event, supplied and default; "+f.name+" is for output parameters: pass a value instead"))
		}
	}
	if errs == nil && vf.ConfigMapKeyRef == nil && vf.Event == "" && vf.Supplied == nil {
		errs = append(errs, field.Required(fldPath, "set configMapKeyRef, event or supplied, or give the parameter a value instead"))
	}
	return errs
}

// validateCallArguments checks that args supply every input of the called
// template that has no value or default, and that supplied literal values are
// among the input's enum values. role, such as "entrypoint", is how the
// caller uses the template, for messages.
func validateCallArguments(tmpl *weft.Template, args *weft.Arguments, role string, fldPath *field.Path) field.ErrorList {
	callee := fmt.Sprintf("the %s template %q", role, tmpl.Name)
	if tmpl.Name == "" {
		callee = fmt.Sprintf("the %s template", role)
	}
	var errs field.ErrorList
	for i := range tmpl.Inputs.Parameters {
		in := &tmpl.Inputs.Parameters[i]
		k := slices.IndexFunc(args.Parameters, func(p weft.Parameter) bool { return p.Name == in.Name })
		if k < 0 {
			if in.Value == nil && in.Default == nil && !suppliesItself(in.ValueFrom) && in.Name != "" {
				errs = append(errs, field.Required(fldPath.Child("parameters"),
					fmt.Sprintf("%s needs input parameter %q, which has no default: pass it, as {name: %s, value: ...}", callee, in.Name, in.Name)))
			}
			continue
		}
		arg := args.Parameters[k].Value
		if len(in.Enum) > 0 && arg != nil && !hasReference(string(*arg)) && !slices.Contains(in.Enum, *arg) {
			err := field.NotSupported(fldPath.Child("parameters").Index(k).Child("value"), string(*arg), in.Enum)
			err.Detail = fmt.Sprintf("%s restricts input parameter %q to its enum: %s", callee, in.Name, err.Detail)
			errs = append(errs, err)
		}
	}
	for i := range tmpl.Inputs.Artifacts {
		in := &tmpl.Inputs.Artifacts[i]
		if in.Name == "" || in.Optional || in.From != "" || in.FromExpression != "" || hasLocation(&in.ArtifactLocation) {
			continue
		}
		if !slices.ContainsFunc(args.Artifacts, func(a weft.Artifact) bool { return a.Name == in.Name }) {
			errs = append(errs, field.Required(fldPath.Child("artifacts"),
				fmt.Sprintf("%s needs input artifact %q, which has no location and is not optional: pass it, as {name: %s, from: ...}", callee, in.Name, in.Name)))
		}
	}
	return errs
}

// suppliesItself reports whether an input parameter's valueFrom gives it a
// value at run time without an argument: from a ConfigMap, or its default.
func suppliesItself(vf *weft.ValueFrom) bool {
	return vf != nil && (vf.ConfigMapKeyRef != nil || vf.Default != nil)
}

// hasLocation reports whether an artifact says where it is stored.
func hasLocation(l *weft.ArtifactLocation) bool {
	return l.S3 != nil || l.Git != nil || l.HTTP != nil || l.Artifactory != nil || l.HDFS != nil ||
		l.Raw != nil || l.OSS != nil || l.GCS != nil || l.Azure != nil || l.Plugin != nil
}
