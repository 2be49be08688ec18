package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/client-go/discovery/cached/memory"
	kubeinformers "k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	controllerconfig "github.com/weft-dev/weft/pkg/controller/config"
	"github.com/weft-dev/weft/pkg/controller/cronworkflow"
	"github.com/weft-dev/weft/pkg/controller/identity"
	"github.com/weft-dev/weft/pkg/controller/metrics"
	"github.com/weft-dev/weft/pkg/controller/workflow"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
	"github.com/weft-dev/weft/pkg/imageconfig"
)

// NewCommand returns the weft-controller command.
func NewCommand(ctx context.Context) *cobra.Command {
	o := NewOptions()
	cmd := &cobra.Command{
		Use:          "weft-controller",
		Short:        "Run Weft workflows: each step or task becomes a pod",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.Validate(); err != nil {
				return err
			}
			return Run(cmd.Context(), o)
		},
	}
	cmd.SetContext(ctx)
	o.AddFlags(cmd.Flags())
	return cmd
}

// Run runs the controller until ctx is done.
func Run(ctx context.Context, o *Options) error {
	settings, err := controllerconfig.Load(o.ConfigFile)
	if err != nil {
		return err
	}
	klog.FromContext(ctx).Info("Configuration loaded", "file", o.ConfigFile,
		"defaultArtifactRepository", settings.ArtifactRepository != nil, "images", len(settings.Images))
	loaded, err := clientcmd.BuildConfigFromFlags("", o.Kubeconfig)
	if err != nil {
		return fmt.Errorf("loading the client configuration: %w", err)
	}
	kubeConfig, weftConfig := clientConfigs(loaded, o)
	kube, err := kubernetes.NewForConfig(kubeConfig)
	if err != nil {
		return err
	}
	weft, err := versioned.NewForConfig(weftConfig)
	if err != nil {
		return err
	}

	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartStructuredLogging(2)
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: kube.CoreV1().Events("")})
	defer broadcaster.Shutdown()
	recorder := broadcaster.NewRecorder(eventScheme(), corev1.EventSource{Component: "weft-controller"})

	weftFactory := weftinformers.NewSharedInformerFactory(weft, o.ResyncPeriod)
	podFactory := kubeinformers.NewSharedInformerFactoryWithOptions(kube, o.ResyncPeriod,
		kubeinformers.WithTweakListOptions(func(options *metav1.ListOptions) { options.LabelSelector = podspec.LabelWorkflow }))
	// ConfigMaps in every namespace: semaphore limits and memoization caches.
	configMapFactory := kubeinformers.NewSharedInformerFactory(kube, o.ResyncPeriod)
	workflows := weftFactory.Weft().V1alpha1().Workflows()
	m := metrics.New(workflow.WorkflowsByPhase(workflows.Lister()))
	controller, err := workflow.New(kube, weft, weftFactory.Weft().V1alpha1(), podFactory.Core().V1().Pods(), recorder, m, engine.Config{
		ExecutorImage:           o.ExecutorImage,
		ExecutorImagePullPolicy: corev1.PullPolicy(o.ExecutorImagePullPolicy),
		Bounds:                  o.Bounds,
	})
	if err != nil {
		return err
	}
	controller.LimitPodWrites(o.PodWriteConcurrency)
	if o.ImpersonateCreators {
		controller.WritePodsAsCreators(identity.NewCoreClients(kubeConfig))
	}
	controller.UseResourceTemplates(workflow.NewImpersonatingClients(kubeConfig),
		restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(kube.Discovery())))
	images, err := imageconfig.New(ctx, kube, settings, controller.ImageRead, imageconfig.Options{})
	if err != nil {
		return err
	}
	controller.UseImageConfigs(images)

	crons, err := cronworkflow.New(weft, weftFactory.Weft().V1alpha1(), recorder)
	if err != nil {
		return err
	}
	crons.CreateAsCreator(cronworkflow.NewClientsAs(weftConfig))

	if err := controller.UseConfigMaps(configMapFactory.Core().V1().ConfigMaps()); err != nil {
		return err
	}
	controller.UseDefaultArtifactRepository(settings.ArtifactRepository)

	watchdog := leaderelection.NewLeaderHealthzAdaptor(20 * time.Second)
	serveHTTP(ctx, o.HTTPAddress, o.Profiling, m, watchdog)

	runController := func(ctx context.Context) {
		weftFactory.Start(ctx.Done())
		podFactory.Start(ctx.Done())
		configMapFactory.Start(ctx.Done())
		go func() {
			if err := crons.Run(ctx, 1); err != nil {
				klog.FromContext(ctx).Error(err, "CronWorkflow controller stopped")
			}
		}()
		if err := controller.Run(ctx, o.Workers); err != nil {
			klog.FromContext(ctx).Error(err, "Controller stopped")
		}
	}
	if !o.LeaderElect {
		runController(ctx)
		return nil
	}
	identity, err := os.Hostname()
	if err != nil {
		return err
	}
	identity += "_" + uuid.NewString()
	lock, err := resourcelock.New(resourcelock.LeasesResourceLock, o.LeaderElectionNamespace, o.LeaderElectionName,
		kube.CoreV1(), kube.CoordinationV1(), resourcelock.ResourceLockConfig{Identity: identity, EventRecorder: recorder})
	if err != nil {
		return err
	}
	lost := errors.New("lost the leader election lease")
	var result error
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   o.LeaseDuration,
		RenewDeadline:   o.RenewDeadline,
		RetryPeriod:     o.RetryPeriod,
		ReleaseOnCancel: true,
		WatchDog:        watchdog,
		Name:            o.LeaderElectionName,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: runController,
			OnStoppedLeading: func() {
				if ctx.Err() == nil {
					result = lost
				}
			},
		},
	})
	return result
}

// clientConfigs returns the configurations of the clients of kube-apiserver
// and of Weft's API, with the options' rate limits. Each client built from
// one has its own token bucket, so pod creations and status writes never
// wait for each other's tokens.
func clientConfigs(base *rest.Config, o *Options) (kube, weft *rest.Config) {
	kube = rest.AddUserAgent(rest.CopyConfig(base), "weft-controller")
	kube.QPS, kube.Burst = o.KubeQPS, o.KubeBurst
	weft = rest.CopyConfig(kube)
	weft.QPS, weft.Burst = o.WeftQPS, o.WeftBurst
	kube.RateLimiter, weft.RateLimiter = sharedLimiter(kube.QPS, kube.Burst), sharedLimiter(weft.QPS, weft.Burst)
	return kube, weft
}

// sharedLimiter is the one rate limiter of every client built from a
// configuration, those that impersonate a workflow's creator included, so
// that the limit holds for the controller as a whole; nil, no limit, when
// qps is negative.
func sharedLimiter(qps float32, burst int) flowcontrol.RateLimiter {
	if qps < 0 {
		return nil
	}
	return flowcontrol.NewTokenBucketRateLimiter(qps, burst)
}

// eventScheme knows the Workflow kind, so that events name their object.
func eventScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(v1alpha1.AddToScheme(scheme))
	return scheme
}

// serveHTTP serves httpHandler's endpoints on address until ctx is done.
func serveHTTP(ctx context.Context, address string, profiling bool, m *metrics.Metrics, watchdog *leaderelection.HealthzAdaptor) {
	server := &http.Server{Addr: address, Handler: httpHandler(profiling, m, watchdog), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := server.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			klog.FromContext(ctx).Error(err, "HTTP server stopped", "address", address)
		}
	}()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()
}

// httpHandler serves /metrics, /healthz (which fails when a leader stops
// renewing its lease), /readyz and, when profiling, /debug/pprof.
func httpHandler(profiling bool, m *metrics.Metrics, watchdog *leaderelection.HealthzAdaptor) http.Handler {
	mux := http.NewServeMux()
	if profiling {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	mux.Handle("/metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := watchdog.Check(r); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	return mux
}
