package cronworkflow

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/registry/status"
)

// REST serves the cronworkflows resource.
type REST struct {
	*genericregistry.Store
}

// ShortNames implements rest.ShortNamesProvider.
func (*REST) ShortNames() []string { return []string{"cwf", "cronwf"} }

// Categories implements rest.CategoriesProvider: `kubectl get weft` lists cron workflows.
func (*REST) Categories() []string { return []string{"weft"} }

// Storage holds the cronworkflows resource and its subresources.
type Storage struct {
	CronWorkflow *REST
	Status       *status.REST
}

// NewStorage returns the storage of cron workflows backed by optsGetter.
func NewStorage(scheme *runtime.Scheme, optsGetter generic.RESTOptionsGetter) (Storage, error) {
	strategy := NewStrategy(scheme)
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &weft.CronWorkflow{} },
		NewListFunc:               func() runtime.Object { return &weft.CronWorkflowList{} },
		PredicateFunc:             Match,
		DefaultQualifiedResource:  weft.Resource("cronworkflows"),
		SingularQualifiedResource: weft.Resource("cronworkflow"),

		CreateStrategy:      strategy,
		UpdateStrategy:      strategy,
		DeleteStrategy:      strategy,
		ResetFieldsStrategy: strategy,

		TableConvertor: tableConvertor,
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: GetAttrs}); err != nil {
		return Storage{}, err
	}
	return Storage{CronWorkflow: &REST{store}, Status: status.NewREST(store, NewStatusStrategy(scheme))}, nil
}
