package compression

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
)

// RESTOptionsGetter gives the storage options of delegate with the values of
// every resource going through a Transformer around the one delegate
// configures (the encryption of --encryption-provider-config, if any).
func RESTOptionsGetter(delegate generic.RESTOptionsGetter, compress bool) generic.RESTOptionsGetter {
	return optionsGetter{delegate: delegate, compress: compress}
}

type optionsGetter struct {
	delegate generic.RESTOptionsGetter
	compress bool
}

// GetRESTOptions returns the delegate's options with the transformer wrapped.
func (g optionsGetter) GetRESTOptions(resource schema.GroupResource, example runtime.Object) (generic.RESTOptions, error) {
	opts, err := g.delegate.GetRESTOptions(resource, example)
	if err != nil {
		return opts, err
	}
	config := *opts.StorageConfig
	config.Transformer = New(config.Transformer, g.compress)
	opts.StorageConfig = &config
	return opts, nil
}
