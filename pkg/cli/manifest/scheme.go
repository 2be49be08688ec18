package manifest

import (
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft/install"
)

// Scheme holds the weft.dev types, internal and v1alpha1, with their
// conversions and defaults: what the CLI decodes, lints and prints with.
var Scheme = runtime.NewScheme()

func init() {
	install.Install(Scheme)
}

// SetKind fills an object's apiVersion and kind from Scheme, which typed
// clients leave empty, so that printed objects can be applied again.
func SetKind(obj runtime.Object) {
	kinds, _, err := Scheme.ObjectKinds(obj)
	if err != nil {
		return
	}
	for _, k := range kinds {
		if k.Version != runtime.APIVersionInternal {
			obj.GetObjectKind().SetGroupVersionKind(k)
			return
		}
	}
}
