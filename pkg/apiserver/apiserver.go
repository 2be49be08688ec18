// Package apiserver assembles weft-apiserver: the weft.dev API group, its
// storage and its admission, on a k8s.io/apiserver generic server.
package apiserver

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/registry/weft/clusterworkflowtemplate"
	"github.com/weft-dev/weft/pkg/registry/weft/cronworkflow"
	"github.com/weft-dev/weft/pkg/registry/weft/workflow"
	"github.com/weft-dev/weft/pkg/registry/weft/workflowtemplate"
)

// Config is the configuration of weft-apiserver.
type Config struct {
	GenericConfig *genericapiserver.RecommendedConfig
}

// CompletedConfig is a Config with every default filled in.
type CompletedConfig struct {
	generic genericapiserver.CompletedConfig
}

// Server is a running weft-apiserver.
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
}

// Complete fills in the defaults the generic configuration derives.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{generic: c.GenericConfig.Complete()}
}

// New returns a server that serves the weft.dev API group.
func (c CompletedConfig) New() (*Server, error) {
	generic, err := c.generic.New("weft-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	storage, err := v1alpha1Storage(c.generic.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	group := genericapiserver.NewDefaultAPIGroupInfo(weft.GroupName, Scheme, metav1.ParameterCodec, Codecs)
	group.VersionedResourcesStorageMap[v1alpha1.SchemeGroupVersion.Version] = storage
	if err := generic.InstallAPIGroup(&group); err != nil {
		return nil, err
	}
	return &Server{GenericAPIServer: generic}, nil
}

// v1alpha1Storage returns the storage of every resource and subresource of v1alpha1.
func v1alpha1Storage(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	workflows, err := workflow.NewStorage(Scheme, optsGetter)
	if err != nil {
		return nil, err
	}
	templates, err := workflowtemplate.NewREST(Scheme, optsGetter)
	if err != nil {
		return nil, err
	}
	clusterTemplates, err := clusterworkflowtemplate.NewREST(Scheme, optsGetter)
	if err != nil {
		return nil, err
	}
	crons, err := cronworkflow.NewStorage(Scheme, optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{
		"workflows":                workflows.Workflow,
		"workflows/status":         workflows.Status,
		"workflowtemplates":        templates,
		"clusterworkflowtemplates": clusterTemplates,
		"cronworkflows":            crons.CronWorkflow,
		"cronworkflows/status":     crons.Status,
	}, nil
}
