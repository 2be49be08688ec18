package workflow

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/registry/status"
)

// REST serves the workflows resource.
type REST struct {
	*genericregistry.Store
}

// ShortNames implements rest.ShortNamesProvider.
func (*REST) ShortNames() []string { return []string{"wf"} }

// Categories implements rest.CategoriesProvider: `kubectl get weft` lists workflows.
func (*REST) Categories() []string { return []string{"weft"} }

// Storage holds the workflows resource and its subresources.
type Storage struct {
	Workflow *REST
	Status   *status.REST
}

// NewStorage returns the storage of workflows backed by optsGetter.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (Storage, error) {
	strategy := NewStrategy(scheme)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &weft.Workflow{} },
		NewListFunc:               func() runtime.Object { return &weft.WorkflowList{} },
		PredicateFunc:             Match,
		DefaultQualifiedResource:  weft.Resource("workflows"),
		SingularQualifiedResource: weft.Resource("workflow"),

		CreateStrategy:      strategy,
		UpdateStrategy:      strategy,
		DeleteStrategy:      strategy,
		ResetFieldsStrategy: strategy,

		TableConvertor: tableConvertor,
	}
	options := &generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: GetAttrs}
	if err := store.CompleteWithOptions(options); err != nil {
		return Storage{}, err
	}

	return Storage{Workflow: &REST{store}, Status: status.NewREST(store, NewStatusStrategy(scheme))}, nil
}
