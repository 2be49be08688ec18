// Package identity reads who created a Weft object, from the annotations
// the apiserver's WeftCreator admission records, as an identity the
// controller impersonates: what it does for a user's object, it does with
// that user's rights.
package identity

import (
	"strings"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Creator is the identity an object's creator annotations record; ok is
// false when the object has none.
func Creator(annotations map[string]string) (user rest.ImpersonationConfig, ok bool) {
	name := annotations[v1alpha1.AnnotationCreator]
	if name == "" {
		return rest.ImpersonationConfig{}, false
	}
	user = rest.ImpersonationConfig{UserName: name, UID: annotations[v1alpha1.AnnotationCreatorUID]}
	for _, g := range strings.Split(annotations[v1alpha1.AnnotationCreatorGroups], ",") {
		if g != "" {
			user.Groups = append(user.Groups, g)
		}
	}
	return user, true
}

// ConfigAs is config acting as user: every request made with it is
// authorized with that user's rights, never the controller's.
func ConfigAs(config *rest.Config, user rest.ImpersonationConfig) *rest.Config {
	c := rest.CopyConfig(config)
	c.Impersonate = user
	return c
}
