// Package app is weft-apiserver's command: its flags, its configuration and
// the embedded etcd it runs when no external etcd is given.
package app

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/request/anonymous"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericfilters "k8s.io/apiserver/pkg/server/filters"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/util/compatibility"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/admission/creator"
	"github.com/weft-dev/weft/pkg/admission/initializer"
	"github.com/weft-dev/weft/pkg/admission/templateref"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
	"github.com/weft-dev/weft/pkg/apiserver"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/pkg/generated/informers/externalversions"
	generatedopenapi "github.com/weft-dev/weft/pkg/generated/openapi"
	"github.com/weft-dev/weft/pkg/registry/weft/workflow"
)

// etcdPrefix is where Weft keeps its objects in etcd.
const etcdPrefix = "/registry/weft.dev"

// weftAdmissionPlugins are Weft's own admission plugins, in the order they run.
var weftAdmissionPlugins = []string{creator.PluginName, templateref.PluginName}

// Options are weft-apiserver's flags.
type Options struct {
	// Recommended are k8s.io/apiserver's flags: serving, etcd, delegated
	// authentication and authorization, admission, audit, features.
	Recommended *genericoptions.RecommendedOptions
	// EmbeddedEtcdDir is the data directory of the embedded etcd, used
	// when --etcd-servers is empty.
	EmbeddedEtcdDir string
	// DevMode serves without a kube-apiserver: every request is allowed.
	DevMode bool
	// UnsafeEtcdNoFsync skips fsync in the embedded etcd, for tests only.
	UnsafeEtcdNoFsync bool
	// StorageCompression is how objects are written to etcd: "zstd" or "none".
	StorageCompression string
	// MaxRequestBodyBytes is the largest request body read for a create,
	// update or patch.
	MaxRequestBodyBytes int64
	// Bounds limit what the spec of a stored workflow or template holds.
	Bounds validation.Bounds
	// MaxLogStreamDuration is the longest a followed workflows/log streams.
	MaxLogStreamDuration time.Duration
	// Shutdown is how the server stops on SIGTERM.
	Shutdown Shutdown

	// Listener, when set, is used instead of binding --secure-port (tests).
	Listener net.Listener
	// KubeClient, when set, reads pods and their logs for workflows/log
	// instead of a client of the kube-apiserver, also in dev mode (tests).
	KubeClient kubernetes.Interface

	etcd *embeddedEtcd
}

// NewOptions returns the default options.
func NewOptions() *Options {
	recommended := genericoptions.NewRecommendedOptions(etcdPrefix, apiserver.Codecs.LegacyCodec(v1alpha1.SchemeGroupVersion))
	recommended.Etcd.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(v1alpha1.SchemeGroupVersion, schema.GroupKind{Group: v1alpha1.GroupName})
	creator.Register(recommended.Admission.Plugins)
	templateref.Register(recommended.Admission.Plugins)
	recommended.Admission.RecommendedPluginOrder = append(recommended.Admission.RecommendedPluginOrder, weftAdmissionPlugins...)
	return &Options{
		Recommended:          recommended,
		EmbeddedEtcdDir:      "/var/lib/weft/etcd",
		StorageCompression:   compressionZstd,
		MaxRequestBodyBytes:  defaultMaxRequestBodyBytes,
		Bounds:               validation.DefaultBounds(),
		MaxLogStreamDuration: workflow.DefaultMaxLogStreamDuration,
		Shutdown:             DefaultShutdown(),
	}
}

// Values of --storage-compression.
const (
	compressionZstd = "zstd"
	compressionNone = "none"
)

// defaultMaxRequestBodyBytes is 64 MiB, against k8s.io/apiserver's 3 MB: a
// workflow's status takes about 500 bytes of JSON per node, so the status
// write of a 50,000-node workflow is a 25-28 MB request. What etcd holds
// after compression (compression.MaxStoredBytes) bounds a workflow before
// this does.
const defaultMaxRequestBodyBytes = 64 << 20

// AddFlags adds the options' flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	o.Recommended.AddFlags(fs)
	fs.StringVar(&o.EmbeddedEtcdDir, "embedded-etcd-dir", o.EmbeddedEtcdDir,
		"Data directory of the embedded etcd, which runs when --etcd-servers is empty. Put it on a persistent volume.")
	fs.StringVar(&o.StorageCompression, "storage-compression", o.StorageCompression,
		"How objects are written to etcd: \"zstd\" compresses those of 64 KiB or more (a 50,000-node workflow's 25 MB of JSON "+
			"is stored in 1.4 MB, within etcd's default 1.5 MiB request limit); \"none\" writes them as JSON. "+
			"Both forms are always read, so it can be changed at any time.")
	fs.Int64Var(&o.MaxRequestBodyBytes, "max-request-body-bytes", o.MaxRequestBodyBytes,
		"Largest request body read for a create, update or patch, in bytes. A workflow's status takes about 500 bytes "+
			"of JSON per node: 64 MiB allow the status of 100,000 nodes, more than etcd stores.")
	o.addBoundFlags(fs)
	o.addShutdownFlags(fs)
	fs.BoolVar(&o.DevMode, "dev-mode", o.DevMode,
		"DEVELOPMENT ONLY, NEVER IN A CLUSTER: serve without a kube-apiserver; no delegated authentication or "+
			"authorization, every request is allowed (anonymous ones as system:anonymous).")
}

// Complete starts the embedded etcd when no external one is given, and
// drops what dev mode does without.
func (o *Options) Complete() error {
	if o.DevMode {
		o.Recommended.Authentication = nil
		o.Recommended.Authorization = nil
		o.Recommended.CoreAPI = nil
		o.Recommended.Admission = nil
		o.Recommended.Features.EnablePriorityAndFairness = false
	}
	if len(o.Recommended.Etcd.StorageConfig.Transport.ServerList) > 0 {
		return nil
	}
	etcd, err := startEmbeddedEtcd(o.EmbeddedEtcdDir, o.UnsafeEtcdNoFsync)
	if err != nil {
		return err
	}
	o.etcd = etcd
	o.Recommended.Etcd.StorageConfig.Transport.ServerList = []string{etcd.ClientURL()}
	klog.InfoS("Serving from the embedded etcd", "dataDir", o.EmbeddedEtcdDir, "url", etcd.ClientURL())
	return nil
}

// Validate reports invalid flag values.
func (o *Options) Validate() error {
	errs := o.Recommended.Validate()
	if o.StorageCompression != compressionZstd && o.StorageCompression != compressionNone {
		errs = append(errs, fmt.Errorf("--storage-compression is %q: use %q or %q", o.StorageCompression, compressionZstd, compressionNone))
	}
	if o.MaxRequestBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("--max-request-body-bytes is %d: it must be positive", o.MaxRequestBodyBytes))
	}
	errs = append(errs, o.validateBounds()...)
	errs = append(errs, o.validateShutdown()...)
	return errors.Join(errs...)
}

// Close stops the embedded etcd, if one runs.
func (o *Options) Close() {
	if o.etcd != nil {
		o.etcd.Close()
	}
}

// Config returns the server configuration the options describe.
func (o *Options) Config() (*apiserver.Config, error) {
	if o.Listener != nil {
		o.Recommended.SecureServing.Listener = o.Listener
	}
	if err := o.Recommended.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{net.ParseIP("127.0.0.1")}); err != nil {
		return nil, fmt.Errorf("creating self-signed serving certificates: %w", err)
	}

	config := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
	config.EffectiveVersion = compatibility.DefaultBuildEffectiveVersion()
	// Watches and log streams last as long as the client wants: no request
	// timeout, and outside the in-flight limits.
	config.LongRunningFunc = genericfilters.BasicLongRunningRequestCheck(sets.NewString("watch"), sets.NewString("log"))
	namer := openapinamer.NewDefinitionNamer(apiserver.Scheme)
	config.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(generatedopenapi.GetOpenAPIDefinitions, namer)
	config.OpenAPIConfig.Info.Title = "Weft"
	config.OpenAPIConfig.Info.Version = v1alpha1.SchemeGroupVersion.Version
	config.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, namer)
	config.OpenAPIV3Config.Info.Title = "Weft"
	config.OpenAPIV3Config.Info.Version = v1alpha1.SchemeGroupVersion.Version

	var weftInformers externalversions.SharedInformerFactory
	newWeftInitializer := func(c *genericapiserver.RecommendedConfig) (admission.PluginInitializer, error) {
		client, err := versioned.NewForConfig(c.LoopbackClientConfig)
		if err != nil {
			return nil, err
		}
		weftInformers = externalversions.NewSharedInformerFactory(client, 0)
		return initializer.New(client, weftInformers), nil
	}
	o.Recommended.ExtraAdmissionInitializers = func(c *genericapiserver.RecommendedConfig) ([]admission.PluginInitializer, error) {
		weftInitializer, err := newWeftInitializer(c)
		if err != nil {
			return nil, err
		}
		return []admission.PluginInitializer{weftInitializer}, nil
	}
	if err := o.Recommended.ApplyTo(config); err != nil {
		return nil, err
	}
	o.applyStorageLimits(config)
	if o.DevMode {
		if err := applyDevMode(config, newWeftInitializer); err != nil {
			return nil, err
		}
	}
	o.applyBounds(config)
	o.applyShutdown(config)
	config.AddPostStartHookOrDie("start-weft-informers", func(ctx genericapiserver.PostStartHookContext) error {
		weftInformers.Start(ctx.Done())
		return nil
	})
	kube, err := o.kubeClient(config)
	if err != nil {
		return nil, err
	}
	return &apiserver.Config{GenericConfig: config, KubeClient: kube, MaxLogStreamDuration: o.MaxLogStreamDuration}, nil
}

// Rate limits of the client that reads pods and their logs: every log
// request makes a list, a watch when it follows, and a request per pod.
const (
	kubeClientQPS   = 50
	kubeClientBurst = 100
)

// kubeClient returns the client of workflows/log: the injected one, else
// one for the kube-apiserver the core API options reach, else none (dev mode).
func (o *Options) kubeClient(config *genericapiserver.RecommendedConfig) (kubernetes.Interface, error) {
	if o.KubeClient != nil {
		return o.KubeClient, nil
	}
	if config.ClientConfig == nil {
		return nil, nil
	}
	kubeConfig := rest.CopyConfig(config.ClientConfig)
	kubeConfig.QPS, kubeConfig.Burst = kubeClientQPS, kubeClientBurst
	kube, err := kubernetes.NewForConfig(kubeConfig)
	if err != nil {
		return nil, fmt.Errorf("creating the client that reads pod logs: %w", err)
	}
	return kube, nil
}

// applyDevMode lets every request in and builds Weft's admission chain
// without the Kubernetes plugins, which need a kube-apiserver.
func applyDevMode(config *genericapiserver.RecommendedConfig, newWeftInitializer func(*genericapiserver.RecommendedConfig) (admission.PluginInitializer, error)) error {
	klog.Warning("DEV MODE: no authentication or authorization; every request is allowed. Never run this in a cluster.")
	config.Authentication.Authenticator = anonymous.NewAuthenticator(nil)
	config.Authorization.Authorizer = authorizerfactory.NewAlwaysAllowAuthorizer()
	weftInitializer, err := newWeftInitializer(config)
	if err != nil {
		return err
	}
	plugins := admission.NewPlugins()
	creator.Register(plugins)
	templateref.Register(plugins)
	pluginConfig, err := admission.ReadAdmissionConfiguration(weftAdmissionPlugins, "", apiserver.Scheme)
	if err != nil {
		return err
	}
	initializers := admission.PluginInitializers{weftInitializer, initializer.Authorizer(config.Authorization.Authorizer)}
	chain, err := plugins.NewFromPlugins(weftAdmissionPlugins, pluginConfig, initializers, admission.Decorators{})
	if err != nil {
		return err
	}
	config.AdmissionControl = chain
	return nil
}
