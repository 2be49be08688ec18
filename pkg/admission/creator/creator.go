// Package creator is a mutating admission plugin that records who created a
// Weft object, from the authenticated request rather than from the client.
package creator

import (
	"context"
	"errors"
	"io"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apiserver/pkg/admission"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// PluginName is the name under which the plugin is registered.
const PluginName = "WeftCreator"

// Register adds the plugin to plugins.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return New(), nil
	})
}

// recorded are the annotations the plugin owns.
var recorded = []string{v1alpha1.AnnotationCreator, v1alpha1.AnnotationCreatorUID, v1alpha1.AnnotationCreatorGroups}

var errNoUser = errors.New("the request has no authenticated user to record as the creator")

// Plugin sets the creator annotations on create and keeps them on update.
type Plugin struct {
	*admission.Handler
}

var _ admission.MutationInterface = &Plugin{}

// New returns the plugin.
func New() *Plugin {
	return &Plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
}

// Admit records the requester on create, overwriting whatever the client
// sent, and restores the recorded values on every update.
func (p *Plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetResource().Group != weft.GroupName || a.GetObject() == nil {
		return nil
	}
	object, err := meta.Accessor(a.GetObject())
	if err != nil {
		return nil
	}
	annotations := object.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	switch a.GetOperation() {
	case admission.Create:
		user := a.GetUserInfo()
		if user == nil {
			return admission.NewForbidden(a, errNoUser)
		}
		annotations[v1alpha1.AnnotationCreator] = user.GetName()
		annotations[v1alpha1.AnnotationCreatorUID] = user.GetUID()
		annotations[v1alpha1.AnnotationCreatorGroups] = strings.Join(user.GetGroups(), ",")
	case admission.Update:
		old, err := meta.Accessor(a.GetOldObject())
		if err != nil {
			return nil
		}
		for _, key := range recorded {
			if value, ok := old.GetAnnotations()[key]; ok {
				annotations[key] = value
			} else {
				delete(annotations, key)
			}
		}
	}
	if len(annotations) == 0 {
		annotations = nil
	}
	object.SetAnnotations(annotations)
	return nil
}
