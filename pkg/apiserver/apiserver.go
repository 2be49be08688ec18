// Package apiserver assembles weft-apiserver: the weft.dev API group, its
// storage and its admission, on a k8s.io/apiserver generic server.
package apiserver

import (
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/kubernetes"

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
	// KubeClient reads the pods of workflows and their logs, for the
	// workflows/log subresource; nil without a kube-apiserver (dev mode),
	// where that subresource answers 503 Service Unavailable.
	KubeClient kubernetes.Interface
	// MaxLogStreamDuration is the longest a followed workflows/log streams;
	// workflow.DefaultMaxLogStreamDuration when zero.
	MaxLogStreamDuration time.Duration
}

// CompletedConfig is a Config with every default filled in.
type CompletedConfig struct {
	generic   genericapiserver.CompletedConfig
	kube      kubernetes.Interface
	maxFollow time.Duration
}

// Server is a running weft-apiserver.
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
}

// Complete fills in the defaults the generic configuration derives.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{generic: c.GenericConfig.Complete(), kube: c.KubeClient, maxFollow: c.MaxLogStreamDuration}
}

// New returns a server that serves the weft.dev API group.
func (c CompletedConfig) New() (*Server, error) {
	generic, err := c.generic.New("weft-apiserver", genericapiserver.NewEmptyDelegate())
	if err != nil {
		return nil, err
	}
	storage, err := v1alpha1Storage(c.generic.RESTOptionsGetter, c.kube, c.maxFollow)
	if err != nil {
		return nil, err
	}
	// The scheme's own parameter codec decodes the options of workflows/log;
	// list, get and watch options are decoded by the handlers themselves.
	group := genericapiserver.NewDefaultAPIGroupInfo(weft.GroupName, Scheme, runtime.NewParameterCodec(Scheme), Codecs)
	group.NegotiatedSerializer = withoutProtobuf{group.NegotiatedSerializer}
	group.VersionedResourcesStorageMap[v1alpha1.SchemeGroupVersion.Version] = storage
	if err := generic.InstallAPIGroup(&group); err != nil {
		return nil, err
	}
	return &Server{GenericAPIServer: generic}, nil
}

// v1alpha1Storage returns the storage of every resource and subresource of
// v1alpha1; kube serves workflows/log, which follows a log for maxFollow at
// most.
func v1alpha1Storage(optsGetter generic.RESTOptionsGetter, kube kubernetes.Interface, maxFollow time.Duration) (map[string]rest.Storage, error) {
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
		"workflows/log":            workflow.NewLogREST(workflows.Workflow, kube, maxFollow),
		"workflowtemplates":        templates,
		"clusterworkflowtemplates": clusterTemplates,
		"cronworkflows":            crons.CronWorkflow,
		"cronworkflows/status":     crons.Status,
	}, nil
}
