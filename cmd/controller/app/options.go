// Package app is weft-controller's command: flags, clients, informers,
// leader election, and the HTTP endpoints for metrics and health.
package app

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/controller/workflow"
	"github.com/weft-dev/weft/pkg/engine"
)

// Options are weft-controller's flags.
type Options struct {
	// Kubeconfig is a kubeconfig file; in-cluster configuration when empty.
	Kubeconfig string
	// KubeQPS and KubeBurst bound the controller's requests to
	// kube-apiserver: pods, volume claims, events, ConfigMaps, the leader
	// Lease, logs, and the objects of resource templates.
	KubeQPS   float32
	KubeBurst int
	// WeftQPS and WeftBurst bound its requests to Weft's API: workflow status
	// writes, and the workflows of CronWorkflows.
	WeftQPS   float32
	WeftBurst int
	// PodWriteConcurrency bounds the pod creations and deletions in flight.
	PodWriteConcurrency int
	// ImpersonateCreators writes each workflow's pods and volume claims
	// with the rights of its creator rather than the controller's own.
	ImpersonateCreators bool
	// Workers is how many workflows are synced at once.
	Workers int
	// ExecutorImage is the image of the init container that installs weft-executor in workflow pods.
	ExecutorImage string
	// ExecutorImagePullPolicy is the pull policy of that image.
	ExecutorImagePullPolicy string
	// LeaderElect makes only one replica act at a time.
	LeaderElect bool
	// LeaderElectionNamespace and LeaderElectionName locate the Lease.
	LeaderElectionNamespace string
	LeaderElectionName      string
	// LeaseDuration, RenewDeadline and RetryPeriod tune leader election.
	LeaseDuration time.Duration
	RenewDeadline time.Duration
	RetryPeriod   time.Duration
	// HTTPAddress serves /metrics, /healthz and /readyz.
	HTTPAddress string
	// Profiling also serves Go's profiles under /debug/pprof on HTTPAddress.
	Profiling bool
	// ResyncPeriod re-queues every workflow this often, as a safety net.
	ResyncPeriod time.Duration
	// ConfigFile is the controller's configuration file (pkg/controller/config);
	// none when empty.
	ConfigFile string
	// Bounds limit what a workflow grows to while it runs.
	Bounds engine.Bounds
}

// DefaultQPS and DefaultBurst are the client-side limits of requests to
// each API server. Both servers run API Priority and Fairness, which
// queues a busy client's requests behind others' rather than letting it
// crowd them out; the client-side limit only guards against a runaway
// loop. 500 per second lets a 1,000-pod fan-out be created in about two
// seconds instead of the twenty that client-go's customary 50 would take.
const (
	DefaultQPS   = 500
	DefaultBurst = 1000
)

// NewOptions returns the defaults.
func NewOptions() *Options {
	namespace := os.Getenv("POD_NAMESPACE")
	if namespace == "" {
		namespace = "weft-system"
	}
	return &Options{
		KubeQPS:                 DefaultQPS,
		KubeBurst:               DefaultBurst,
		WeftQPS:                 DefaultQPS,
		WeftBurst:               DefaultBurst,
		PodWriteConcurrency:     workflow.DefaultPodWriteConcurrency,
		ImpersonateCreators:     true,
		Workers:                 8,
		ExecutorImage:           "weft.localhost/weft-executor:latest",
		ExecutorImagePullPolicy: string(corev1.PullIfNotPresent),
		LeaderElect:             true,
		LeaderElectionNamespace: namespace,
		LeaderElectionName:      "weft-controller",
		LeaseDuration:           15 * time.Second,
		RenewDeadline:           10 * time.Second,
		RetryPeriod:             2 * time.Second,
		HTTPAddress:             ":8080",
		ResyncPeriod:            10 * time.Minute,
		Bounds:                  engine.DefaultBounds(),
	}
}

// AddFlags adds the options' flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Kubeconfig, "kubeconfig", o.Kubeconfig, "Kubeconfig file; the in-cluster configuration when empty.")
	fs.Float32Var(&o.KubeQPS, "kube-api-qps", o.KubeQPS, "Requests per second to kube-apiserver (pods, volume claims, events, ConfigMaps, the Lease), "+
		"a client-side guard against a runaway loop: kube-apiserver's API Priority and Fairness is what shares the server among clients. "+
		"Negative: no client-side limit.")
	fs.IntVar(&o.KubeBurst, "kube-api-burst", o.KubeBurst, "Requests to kube-apiserver sent at once above --kube-api-qps before it applies.")
	fs.Float32Var(&o.WeftQPS, "weft-api-qps", o.WeftQPS, "Requests per second to Weft's API (workflow status writes, CronWorkflows' workflows), "+
		"counted apart from --kube-api-qps so that pod creations and status writes never wait for each other. Negative: no client-side limit.")
	fs.IntVar(&o.WeftBurst, "weft-api-burst", o.WeftBurst, "Requests to Weft's API sent at once above --weft-api-qps before it applies.")
	fs.IntVar(&o.PodWriteConcurrency, "pod-write-concurrency", o.PodWriteConcurrency, "Pod creations and deletions in flight at once, across all workers: "+
		"a wide fan-out's pods are created this many at a time. At 500 requests per second, 32 keeps up with creates that take up to 64 ms.")
	fs.BoolVar(&o.ImpersonateCreators, "impersonate-creators", o.ImpersonateCreators, "Create and delete each workflow's pods and volume claims as the user who created the workflow "+
		"(recorded by the Weft apiserver), so that a workflow can do no more than its creator may: the controller then needs the impersonate verb, not the right to write pods. "+
		"false: write them with the controller's own rights, as Argo does.")
	fs.IntVar(&o.Workers, "workers", o.Workers, "Workflows synced at once.")
	fs.StringVar(&o.ExecutorImage, "executor-image", o.ExecutorImage, "Image with weft-executor, installed into every workflow pod by an init container.")
	fs.StringVar(&o.ExecutorImagePullPolicy, "executor-image-pull-policy", o.ExecutorImagePullPolicy, "Pull policy of --executor-image: Always, IfNotPresent or Never.")
	fs.BoolVar(&o.LeaderElect, "leader-elect", o.LeaderElect, "Take a Lease before acting, so that only one replica runs workflows.")
	fs.StringVar(&o.LeaderElectionNamespace, "leader-election-namespace", o.LeaderElectionNamespace, "Namespace of the leader election Lease.")
	fs.StringVar(&o.LeaderElectionName, "leader-election-name", o.LeaderElectionName, "Name of the leader election Lease.")
	fs.DurationVar(&o.LeaseDuration, "leader-elect-lease-duration", o.LeaseDuration, "How long a Lease holds without renewal.")
	fs.DurationVar(&o.RenewDeadline, "leader-elect-renew-deadline", o.RenewDeadline, "How long the leader tries to renew before it gives up.")
	fs.DurationVar(&o.RetryPeriod, "leader-elect-retry-period", o.RetryPeriod, "How often candidates try to take the Lease.")
	fs.StringVar(&o.HTTPAddress, "http-address", o.HTTPAddress, "Address of /metrics, /healthz and /readyz.")
	fs.BoolVar(&o.Profiling, "profiling", o.Profiling, "Also serve Go's CPU, heap and goroutine profiles under /debug/pprof on --http-address. "+
		"Off by default: that address has no authentication, and a profile shows workflow data in memory.")
	fs.StringVar(&o.ConfigFile, "config", o.ConfigFile, "Configuration file: the default artifact repository and image entrypoints, in the keys of Argo's workflow-controller-configmap.")
	fs.DurationVar(&o.ResyncPeriod, "resync-period", o.ResyncPeriod, "How often every workflow is synced even without a change.")
	addBoundFlags(fs, &o.Bounds)
}

// Validate reports invalid values.
func (o *Options) Validate() error {
	switch corev1.PullPolicy(o.ExecutorImagePullPolicy) {
	case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
	default:
		return fmt.Errorf("--executor-image-pull-policy %q: use Always, IfNotPresent or Never", o.ExecutorImagePullPolicy)
	}
	if o.Workers < 1 {
		return fmt.Errorf("--workers %d: at least 1", o.Workers)
	}
	if o.ExecutorImage == "" {
		return fmt.Errorf("--executor-image is required")
	}
	if o.PodWriteConcurrency < 1 {
		return fmt.Errorf("--pod-write-concurrency %d: at least 1", o.PodWriteConcurrency)
	}
	if err := validateBounds(o.Bounds); err != nil {
		return err
	}
	return errors.Join(validateRateLimit("kube", o.KubeQPS, o.KubeBurst), validateRateLimit("weft", o.WeftQPS, o.WeftBurst))
}

// validateRateLimit checks the --API-api-qps and --API-api-burst pair.
func validateRateLimit(api string, qps float32, burst int) error {
	switch {
	case qps == 0:
		return fmt.Errorf("--%s-api-qps 0 would fall back to client-go's 5 requests per second: give a rate, or a negative value for no client-side limit", api)
	case qps > 0 && burst < 1:
		return fmt.Errorf("--%s-api-burst %d: at least 1 when --%s-api-qps is positive", api, burst, api)
	}
	return nil
}
