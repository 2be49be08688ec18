// Package install registers the weft.dev API group, internal and served
// versions, in a scheme.
package install

import (
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Install registers the weft.dev group's versions in scheme, v1alpha1 preferred.
func Install(scheme *runtime.Scheme) {
	utilruntime.Must(weft.AddToScheme(scheme))
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
	utilruntime.Must(scheme.SetVersionPriority(v1alpha1.SchemeGroupVersion))
}
