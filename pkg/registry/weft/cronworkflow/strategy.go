// Package cronworkflow holds the storage and strategies of the cronworkflows
// resource and its status subresource.
package cronworkflow

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

// NewStrategy returns the strategy of the cronworkflows resource.
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
	obj.(*weft.CronWorkflow).Status = weft.CronWorkflowStatus{}
}

func (strategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	obj.(*weft.CronWorkflow).Status = old.(*weft.CronWorkflow).Status
}

func (strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateCronWorkflow(obj.(*weft.CronWorkflow))
}

func (strategy) WarningsOnCreate(_ context.Context, obj runtime.Object) []string {
	return scheduleWarnings(obj.(*weft.CronWorkflow))
}

func (strategy) AllowCreateOnUpdate(context.Context) bool { return false }

func (strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

func (strategy) Canonicalize(runtime.Object) {}

func (strategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCronWorkflowUpdate(obj.(*weft.CronWorkflow), old.(*weft.CronWorkflow))
}

func (strategy) WarningsOnUpdate(_ context.Context, obj, _ runtime.Object) []string {
	return scheduleWarnings(obj.(*weft.CronWorkflow))
}

// scheduleWarnings tells users of the deprecated single schedule to move to schedules.
func scheduleWarnings(cron *weft.CronWorkflow) []string {
	if cron.Spec.Schedule != "" {
		return []string{"spec.schedule is deprecated: use spec.schedules, a list"}
	}
	return nil
}

// statusStrategy governs updates through the status subresource: only status
// changes, whatever the request says of the spec.
type statusStrategy struct {
	strategy
}

// NewStatusStrategy returns the strategy of the cronworkflows/status subresource.
func NewStatusStrategy(typer runtime.ObjectTyper) statusStrategy {
	return statusStrategy{NewStrategy(typer)}
}

func (statusStrategy) GetResetFields() map[fieldpath.APIVersion]*fieldpath.Set {
	return map[fieldpath.APIVersion]*fieldpath.Set{
		"weft.dev/v1alpha1": fieldpath.NewSet(fieldpath.MakePathOrDie("spec")),
	}
}

func (statusStrategy) PrepareForUpdate(_ context.Context, obj, old runtime.Object) {
	obj.(*weft.CronWorkflow).Spec = old.(*weft.CronWorkflow).Spec
}

func (statusStrategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateCronWorkflowStatusUpdate(obj.(*weft.CronWorkflow), old.(*weft.CronWorkflow))
}

func (statusStrategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and the selectable fields of a cron workflow.
func GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	cron, ok := obj.(*weft.CronWorkflow)
	if !ok {
		return nil, nil, fmt.Errorf("not a CronWorkflow: %T", obj)
	}
	return cron.Labels, generic.ObjectMetaFieldsSet(&cron.ObjectMeta, true), nil
}

// Match returns the predicate that selects cron workflows by labels and fields.
func Match(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{Label: label, Field: field, GetAttrs: GetAttrs}
}
