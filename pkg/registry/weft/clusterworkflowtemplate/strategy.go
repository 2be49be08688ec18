// Package clusterworkflowtemplate holds the storage and strategy of the
// cluster-scoped clusterworkflowtemplates resource.
package clusterworkflowtemplate

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

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// strategy governs creates and updates of cluster workflow templates.
type strategy struct {
	runtime.ObjectTyper
	names.NameGenerator
}

// NewStrategy returns the strategy of the clusterworkflowtemplates resource.
func NewStrategy(typer runtime.ObjectTyper) strategy {
	return strategy{typer, names.SimpleNameGenerator}
}

func (strategy) NamespaceScoped() bool { return false }

func (strategy) PrepareForCreate(context.Context, runtime.Object) {}

func (strategy) PrepareForUpdate(context.Context, runtime.Object, runtime.Object) {}

func (strategy) Validate(_ context.Context, obj runtime.Object) field.ErrorList {
	return validation.ValidateClusterWorkflowTemplate(obj.(*weft.ClusterWorkflowTemplate))
}

func (strategy) WarningsOnCreate(context.Context, runtime.Object) []string { return nil }

func (strategy) AllowCreateOnUpdate(context.Context) bool { return false }

func (strategy) AllowUnconditionalUpdate(context.Context) bool { return true }

func (strategy) Canonicalize(runtime.Object) {}

func (strategy) ValidateUpdate(_ context.Context, obj, old runtime.Object) field.ErrorList {
	return validation.ValidateClusterWorkflowTemplateUpdate(obj.(*weft.ClusterWorkflowTemplate), old.(*weft.ClusterWorkflowTemplate))
}

func (strategy) WarningsOnUpdate(context.Context, runtime.Object, runtime.Object) []string {
	return nil
}

// GetAttrs returns the labels and the selectable fields of a cluster workflow template.
func GetAttrs(obj runtime.Object) (labels.Set, fields.Set, error) {
	tmpl, ok := obj.(*weft.ClusterWorkflowTemplate)
	if !ok {
		return nil, nil, fmt.Errorf("not a ClusterWorkflowTemplate: %T", obj)
	}
	return tmpl.Labels, generic.ObjectMetaFieldsSet(&tmpl.ObjectMeta, false), nil
}

// Match returns the predicate that selects cluster workflow templates by labels and fields.
func Match(label labels.Selector, field fields.Selector) storage.SelectionPredicate {
	return storage.SelectionPredicate{Label: label, Field: field, GetAttrs: GetAttrs}
}
