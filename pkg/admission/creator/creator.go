// Package creator is a mutating admission plugin that records who created a
// Weft object, and who stopped or terminated a Workflow, from the
// authenticated request rather than from the client.
package creator

import (
	"context"
	"errors"
	"io"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

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

// AnnotationShutdownBy names the user who set a Workflow's spec.shutdown
// (Stop or Terminate); the controller's engine reads it (under the same
// key) to say who stopped the workflow.
const AnnotationShutdownBy = "weft.dev/shutdown-by"

// recorded are the creator annotations the plugin owns.
var recorded = []string{v1alpha1.AnnotationCreator, v1alpha1.AnnotationCreatorUID, v1alpha1.AnnotationCreatorGroups}

var errNoUser = errors.New("the request has no authenticated user to record as the creator")

// Plugin sets the creator annotations on create and keeps them on update,
// and records who set a Workflow's spec.shutdown.
type Plugin struct {
	*admission.Handler
}

var _ admission.MutationInterface = &Plugin{}

// New returns the plugin.
func New() *Plugin {
	return &Plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
}

// Admit records the requester on create, overwriting whatever the client
// sent, and restores the recorded values on every update. On a Workflow it
// records the requester as who set spec.shutdown when a create or an update
// of the object sets or changes it, drops the record when spec.shutdown is
// cleared, and restores it otherwise (status updates included).
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
	requester := a.GetUserInfo()
	switch a.GetOperation() {
	case admission.Create:
		if requester == nil {
			return admission.NewForbidden(a, errNoUser)
		}
		annotations[v1alpha1.AnnotationCreator] = requester.GetName()
		annotations[v1alpha1.AnnotationCreatorUID] = requester.GetUID()
		annotations[v1alpha1.AnnotationCreatorGroups] = strings.Join(requester.GetGroups(), ",")
	case admission.Update:
		old, err := meta.Accessor(a.GetOldObject())
		if err != nil {
			return nil
		}
		for _, key := range recorded {
			restore(annotations, old.GetAnnotations(), key)
		}
	}
	if wf, ok := a.GetObject().(*weft.Workflow); ok {
		if err := recordShutdown(a, annotations, wf, requester); err != nil {
			return err
		}
	}
	if len(annotations) == 0 {
		annotations = nil
	}
	object.SetAnnotations(annotations)
	return nil
}

// recordShutdown sets, keeps or drops the annotation that names who set
// wf's spec.shutdown.
func recordShutdown(a admission.Attributes, annotations map[string]string, wf *weft.Workflow, requester user.Info) error {
	var old *weft.Workflow
	if a.GetOperation() == admission.Update {
		if old, _ = a.GetOldObject().(*weft.Workflow); old == nil {
			return nil
		}
	}
	switch {
	case old != nil && a.GetSubresource() != "":
		restore(annotations, old.Annotations, AnnotationShutdownBy)
	case wf.Spec.Shutdown == "":
		delete(annotations, AnnotationShutdownBy)
	case old == nil || old.Spec.Shutdown != wf.Spec.Shutdown:
		if requester == nil {
			return admission.NewForbidden(a, errNoStopper)
		}
		annotations[AnnotationShutdownBy] = requester.GetName()
	default:
		restore(annotations, old.Annotations, AnnotationShutdownBy)
	}
	return nil
}

var errNoStopper = errors.New("the request has no authenticated user to record as who set spec.shutdown")

// restore sets key in annotations to its value in old, or removes it when
// old has none.
func restore(annotations, old map[string]string, key string) {
	if value, ok := old[key]; ok {
		annotations[key] = value
	} else {
		delete(annotations, key)
	}
}
