package validation

import (
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// Defaults of the bounds on a workflow's size. Each is the default of the
// command-line flag of the same name (FlagMaxTemplates and so on), which
// weft-apiserver (and, for the loop and parameter bounds, weft-controller)
// takes.
const (
	// DefaultMaxTemplates bounds spec.templates: far more than any workflow
	// written by hand, few enough that checking a spec stays cheap.
	DefaultMaxTemplates = 1000
	// DefaultMaxLoopItems bounds the items of one withItems, withParam or
	// withSequence loop: a loop of 10,000 pods is as wide as a single
	// loop usefully gets; nested loops multiply (250 x 200 is 50,000).
	DefaultMaxLoopItems = 10000
	// DefaultMaxParameterBytes bounds one parameter value, 256 KiB: the most
	// weft-controller reads of a step's result from its log, and small
	// enough that thousands of them fit in a workflow's status.
	DefaultMaxParameterBytes = 256 << 10
)

// Names of the flags that set the bounds, for messages.
const (
	FlagMaxTemplates      = "--max-templates"
	FlagMaxLoopItems      = "--max-loop-items"
	FlagMaxParameterBytes = "--max-parameter-bytes"
)

// Bounds are the limits on what a workflow spec may hold, checked before it
// is stored. Each must be positive.
type Bounds struct {
	// MaxTemplates is the most entries of spec.templates.
	MaxTemplates int
	// MaxLoopItems is the most items of a literal withItems.
	MaxLoopItems int
	// MaxParameterBytes is the longest literal parameter value (value,
	// default, valueFrom.default or enum entry), in bytes.
	MaxParameterBytes int
}

// DefaultBounds are the bounds weft-apiserver applies without flags, and
// those of the CLI's offline lint.
func DefaultBounds() Bounds {
	return Bounds{
		MaxTemplates:      DefaultMaxTemplates,
		MaxLoopItems:      DefaultMaxLoopItems,
		MaxParameterBytes: DefaultMaxParameterBytes,
	}
}

// Validate reports the flag a bound is set by when it is not positive.
func (b Bounds) Validate() error {
	for _, f := range []struct {
		flag  string
		value int
	}{{FlagMaxTemplates, b.MaxTemplates}, {FlagMaxLoopItems, b.MaxLoopItems}, {FlagMaxParameterBytes, b.MaxParameterBytes}} {
		if f.value < 1 {
			return fmt.Errorf("%s is %d: it must be at least 1", f.flag, f.value)
		}
	}
	return nil
}

// ValidateObject checks the workflow spec of a Workflow, WorkflowTemplate,
// ClusterWorkflowTemplate or CronWorkflow against the bounds; other objects
// have none to check.
func (b Bounds) ValidateObject(obj runtime.Object) field.ErrorList {
	specPath := field.NewPath("spec")
	switch o := obj.(type) {
	case *weft.Workflow:
		return b.ValidateSpec(&o.Spec, specPath)
	case *weft.WorkflowTemplate:
		return b.ValidateSpec(&o.Spec, specPath)
	case *weft.ClusterWorkflowTemplate:
		return b.ValidateSpec(&o.Spec, specPath)
	case *weft.CronWorkflow:
		return b.ValidateSpec(&o.Spec.WorkflowSpec, specPath.Child("workflowSpec"))
	}
	return nil
}

// ValidateSpec checks a workflow spec at fldPath against the bounds: how
// many templates it has, how many items each literal withItems lists, and
// how long each literal parameter value is. Every error's detail names the
// bound and the flag that raises it.
func (b Bounds) ValidateSpec(spec *weft.WorkflowSpec, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	templatesPath := fldPath.Child("templates")
	if n := len(spec.Templates); n > b.MaxTemplates {
		errs = append(errs, tooMany(templatesPath, fmt.Sprintf(
			"%d templates, more than %s (%d) allows: split the workflow into WorkflowTemplates run by templateRef, or raise the flag",
			n, FlagMaxTemplates, b.MaxTemplates)))
	}
	errs = append(errs, b.validateArguments(&spec.Arguments, fldPath.Child("arguments"))...)
	errs = append(errs, b.validateHooks(spec.Hooks, fldPath.Child("hooks"))...)
	for i := range spec.Templates {
		errs = append(errs, b.validateTemplate(&spec.Templates[i], templatesPath.Index(i))...)
	}
	return errs
}

// validateTemplate checks a template's parameters, and the loops and
// arguments of its steps, DAG tasks and hooks.
func (b Bounds) validateTemplate(tmpl *weft.Template, fldPath *field.Path) field.ErrorList {
	errs := b.validateParameters(tmpl.Inputs.Parameters, fldPath.Child("inputs", "parameters"))
	errs = append(errs, b.validateParameters(tmpl.Outputs.Parameters, fldPath.Child("outputs", "parameters"))...)
	for i, group := range tmpl.Steps {
		for j := range group {
			step := &group[j]
			stepPath := fldPath.Child("steps").Index(i).Index(j)
			errs = append(errs, b.validateLoop(step.WithItems, stepPath.Child("withItems"))...)
			errs = append(errs, b.validateArguments(&step.Arguments, stepPath.Child("arguments"))...)
			errs = append(errs, b.validateHooks(step.Hooks, stepPath.Child("hooks"))...)
		}
	}
	if tmpl.DAG != nil {
		for i := range tmpl.DAG.Tasks {
			task := &tmpl.DAG.Tasks[i]
			taskPath := fldPath.Child("dag", "tasks").Index(i)
			errs = append(errs, b.validateLoop(task.WithItems, taskPath.Child("withItems"))...)
			errs = append(errs, b.validateArguments(&task.Arguments, taskPath.Child("arguments"))...)
			errs = append(errs, b.validateHooks(task.Hooks, taskPath.Child("hooks"))...)
		}
	}
	return append(errs, b.validateHooks(tmpl.Hooks, fldPath.Child("hooks"))...)
}

// validateLoop checks the length of a literal withItems.
func (b Bounds) validateLoop(items []weft.Item, fldPath *field.Path) field.ErrorList {
	if len(items) <= b.MaxLoopItems {
		return nil
	}
	return field.ErrorList{tooMany(fldPath, LoopTooLong(len(items), b.MaxLoopItems))}
}

// validateArguments checks the parameter values of arguments.
func (b Bounds) validateArguments(args *weft.Arguments, fldPath *field.Path) field.ErrorList {
	return b.validateParameters(args.Parameters, fldPath.Child("parameters"))
}

// validateHooks checks the arguments of hooks, in the order of their names.
func (b Bounds) validateHooks(hooks map[string]weft.LifecycleHook, fldPath *field.Path) field.ErrorList {
	names := make([]string, 0, len(hooks))
	for name := range hooks {
		names = append(names, name)
	}
	sort.Strings(names)
	var errs field.ErrorList
	for _, name := range names {
		hook := hooks[name]
		errs = append(errs, b.validateArguments(&hook.Arguments, fldPath.Key(name).Child("arguments"))...)
	}
	return errs
}

// validateParameters checks the literal values of parameters.
func (b Bounds) validateParameters(params []weft.Parameter, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i := range params {
		p := &params[i]
		paramPath := fldPath.Index(i)
		errs = append(errs, b.validateValue(p.Value, paramPath.Child("value"))...)
		errs = append(errs, b.validateValue(p.Default, paramPath.Child("default"))...)
		if p.ValueFrom != nil {
			errs = append(errs, b.validateValue(p.ValueFrom.Default, paramPath.Child("valueFrom", "default"))...)
		}
		for j := range p.Enum {
			errs = append(errs, b.validateValue(&p.Enum[j], paramPath.Child("enum").Index(j))...)
		}
	}
	return errs
}

// validateValue checks the length of one parameter value; the error gives
// the value's length, not the value.
func (b Bounds) validateValue(value *weft.AnyString, fldPath *field.Path) field.ErrorList {
	if value == nil || len(*value) <= b.MaxParameterBytes {
		return nil
	}
	return field.ErrorList{{Type: field.ErrorTypeTooLong, Field: fldPath.String(), BadValue: field.OmitValueType{},
		Detail: ParameterTooLong(len(*value), b.MaxParameterBytes)}}
}

// tooMany is a "Too many" error whose detail says how many, the bound and
// what to do.
func tooMany(fldPath *field.Path, detail string) *field.Error {
	return &field.Error{Type: field.ErrorTypeTooMany, Field: fldPath.String(), BadValue: field.OmitValueType{}, Detail: detail}
}

// LoopTooLong says that a loop of size items is longer than the limit of
// --max-loop-items, and what to do about it.
func LoopTooLong(size, limit int) string {
	return fmt.Sprintf("%d items, more than %s (%d) allows: split the loop, or raise the flag", size, FlagMaxLoopItems, limit)
}

// ParameterTooLong says that a parameter value of size bytes is longer than
// the limit of --max-parameter-bytes, and what to do about it.
func ParameterTooLong(size, limit int) string {
	return fmt.Sprintf("%d bytes, more than %s (%d) allows: pass large data as an artifact, or raise the flag", size, FlagMaxParameterBytes, limit)
}
