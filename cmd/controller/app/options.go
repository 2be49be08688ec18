// Package app is weft-controller's command: flags, clients, informers,
// leader election, and the HTTP endpoints for metrics and health.
package app

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
)

// Options are weft-controller's flags.
type Options struct {
	// Kubeconfig is a kubeconfig file; in-cluster configuration when empty.
	Kubeconfig string
	// QPS and Burst bound the controller's requests to the API servers.
	QPS   float32
	Burst int
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
	// ResyncPeriod re-queues every workflow this often, as a safety net.
	ResyncPeriod time.Duration
	// ConfigFile is the controller's configuration file (pkg/controller/config);
	// none when empty.
	ConfigFile string
}

// NewOptions returns the defaults.
func NewOptions() *Options {
	namespace := os.Getenv("POD_NAMESPACE")
	if namespace == "" {
		namespace = "weft-system"
	}
	return &Options{
		QPS:                     50,
		Burst:                   100,
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
	}
}

// AddFlags adds the options' flags to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Kubeconfig, "kubeconfig", o.Kubeconfig, "Kubeconfig file; the in-cluster configuration when empty.")
	fs.Float32Var(&o.QPS, "kube-api-qps", o.QPS, "Requests per second to the API servers.")
	fs.IntVar(&o.Burst, "kube-api-burst", o.Burst, "Burst of requests to the API servers.")
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
	fs.StringVar(&o.ConfigFile, "config", o.ConfigFile, "Configuration file: the default artifact repository and image entrypoints, in the keys of Argo's workflow-controller-configmap.")
	fs.DurationVar(&o.ResyncPeriod, "resync-period", o.ResyncPeriod, "How often every workflow is synced even without a change.")
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
	return nil
}
