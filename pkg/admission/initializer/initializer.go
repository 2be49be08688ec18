// Package initializer hands Weft's own client and informers to the admission
// plugins that ask for them.
package initializer

import (
	"k8s.io/apiserver/pkg/admission"
	genericinitializer "k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

// WantsWeftInformerFactory is implemented by plugins that read Weft objects
// through the server's shared informers.
type WantsWeftInformerFactory interface {
	SetWeftInformerFactory(externalversions.SharedInformerFactory)
	admission.InitializationValidator
}

// WantsWeftClient is implemented by plugins that read Weft objects live,
// when an informer has not caught up yet.
type WantsWeftClient interface {
	SetWeftClient(versioned.Interface)
	admission.InitializationValidator
}

// PluginInitializer sets the client and informer factory on the plugins that want them.
type PluginInitializer struct {
	client    versioned.Interface
	informers externalversions.SharedInformerFactory
}

// New returns an initializer for plugins that read Weft objects.
func New(client versioned.Interface, informers externalversions.SharedInformerFactory) PluginInitializer {
	return PluginInitializer{client: client, informers: informers}
}

// Initialize implements admission.PluginInitializer.
func (i PluginInitializer) Initialize(plugin admission.Interface) {
	if wants, ok := plugin.(WantsWeftInformerFactory); ok {
		wants.SetWeftInformerFactory(i.informers)
	}
	if wants, ok := plugin.(WantsWeftClient); ok {
		wants.SetWeftClient(i.client)
	}
}

// Authorizer hands authz to the plugins that want an authorizer
// (k8s.io/apiserver's initializer.WantsAuthorizer), where the generic
// initializer that would do so is not in use: the development mode.
func Authorizer(authz authorizer.Authorizer) admission.PluginInitializer {
	return authorizerInitializer{authz: authz}
}

type authorizerInitializer struct {
	authz authorizer.Authorizer
}

// Initialize implements admission.PluginInitializer.
func (i authorizerInitializer) Initialize(plugin admission.Interface) {
	if wants, ok := plugin.(genericinitializer.WantsAuthorizer); ok {
		wants.SetAuthorizer(i.authz)
	}
}
