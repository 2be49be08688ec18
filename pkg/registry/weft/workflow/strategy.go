// Package workflow holds the storage and strategies of the workflows resource
// and its status subresource.
package workflow

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/names"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// strategy governs creates and updates of the main resource: status is the
// controller's, so it is cleared on create and kept on update.
type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// NewStrategy returns the strategy of the workflows resource.
func NewStrategy(typer runtime.ObjectTyper) strategy {
	return strategy{typer, names.SimpleNameGenerator}
}

func (strategy) NamespaceScoped() bool { return true }

func (strategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		"weft.dev/v1alpha1": fieldpath.NewSet(fieldpath.MakePathOrDie("status")),
	}
}

func (strategy) PrepareForCreate(_ context.Context, obj runtime.Object) {
	obj.(*weft.Workflow).Status = weft.WorkflowStatus{}
}

func (strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	obj.(*weft.Workflow).Status = old.(*weft.Workflow).Status
}

func (strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateWorkflow(obj.(*weft.Workflow))
}

func (strategy) WarningsOnCreate(context.Context, runtime.Object) []string { return nil }

func (strategy) AllowCreateOnUpdate(context.Context) bool { return false }

func (strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

func (strategy) Canonicalize(runtime.Object) {}

func (strategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateWorkflowUpdate(obj.(*weft.Workflow), old.(*weft.Workflow))
}

func (strategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// statusStrategy governs updates through the status subresource: only status
// changes, whatever the request says of the spec.
type statusStrategy struct {
	strategy
}

// NewStatusStrategy returns the strategy of the workflows/status subresource.
func NewStatusStrategy(typer runtime.ObjectTyper) statusStrategy {
	return statusStrategy{NewStrategy(typer)}
}

func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		"weft.dev/v1alpha1": fieldpath.NewSet(fieldpath.MakePathOrDie("spec")),
	}
}

func (statusStrategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	obj.(*weft.Workflow).Spec = old.(*weft.Workflow).Spec
}

func (statusStrategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateWorkflowStatusUpdate(obj.(*weft.Workflow), old.(*weft.Workflow))
}

// GetAttrs returns the labels and the selectable fields of a workflow.
func GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	wf, ok := obj.(*weft.Workflow)
	if !ok {
		return nil, nil, fmt.Errorf("not a Workflow: %T", obj)
	}
	return wf.Labels, SelectableFields(wf), nil
}

// SelectableFields returns the fields a field selector can match on:
// metadata.name, metadata.namespace and status.phase.
func SelectableFields(wf *weft.Workflow) fields.Set {
	set := generic.ObjectMetaFieldsSet(&wf.ObjectMeta, true)
	set["status.phase"] = string(wf.Status.Phase)
	return set
}

// Match returns the predicate that selects workflows by labels and fields.
func Match(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{Label: label, Field: field, GetAttrs: GetAttrs}
}
