package workflowtemplate

import (
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/registry/table"
)

// REST serves the workflowtemplates resource.
type REST struct {
	*genericregistry.Store
}

// ShortNames implements rest.ShortNamesProvider.
func (*REST) ShortNames() []string { return []string{"wftmpl"} }

// Categories implements rest.CategoriesProvider: `kubectl get weft` lists workflow templates.
func (*REST) Categories() []string { return []string{"weft"} }

// NewREST returns the storage of workflow templates backed by optsGetter.
func NewREST(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (*REST, error) {
	strategy := NewStrategy(scheme)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &weft.WorkflowTemplate{} },
		NewListFunc:               func() runtime.Object { return &weft.WorkflowTemplateList{} },
		PredicateFunc:             Match,
		DefaultQualifiedResource:  weft.Resource("workflowtemplates"),
		SingularQualifiedResource: weft.Resource("workflowtemplate"),

		CreateStrategy: strategy,
		UpdateStrategy: strategy,
		DeleteStrategy: strategy,

		TableConvertor: table.NewConvertor(table.TemplateColumns, func(obj runtime.Object) ([]interface{}, error) {
			tmpl := obj.(*weft.WorkflowTemplate)
			return table.TemplateRow(&tmpl.ObjectMeta, &tmpl.Spec, time.Now()), nil
		}),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: GetAttrs}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
