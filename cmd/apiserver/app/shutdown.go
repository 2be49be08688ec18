package app

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
)

// Shutdown is how weft-apiserver stops on SIGTERM. k8s.io/apiserver's own
// defaults wait up to a minute (its request timeout) for open connections,
// which its clients' watches never close: longer than a pod's default 30 s
// grace period, so the kubelet killed the server, and the embedded etcd
// with it, before either had stopped. These defaults end watches at once
// and stop within seconds.
type Shutdown struct {
	// DelayDuration is how long the server keeps serving after /readyz
	// turns red, so that load balancers stop sending it requests first.
	DelayDuration time.Duration
	// SendRetryAfter answers requests that arrive while in-flight ones
	// drain with 429 and Retry-After, then closes the connections after
	// 2 s, instead of closing the listener at once and waiting for every
	// connection to end.
	SendRetryAfter bool
	// WatchTerminationGracePeriod bounds how long the server takes to end
	// its open watches, which it ends at once, at 200 or more a second.
	// Zero leaves them open until the connections close.
	WatchTerminationGracePeriod time.Duration
}

// DefaultShutdown stops the server within seconds of SIGTERM, well inside
// a pod's default grace period of 30 s.
func DefaultShutdown() Shutdown {
	return Shutdown{SendRetryAfter: true, WatchTerminationGracePeriod: 10 * time.Second}
}

// addShutdownFlags adds the flags of Shutdown, named as kube-apiserver's.
func (o *Options) addShutdownFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.Shutdown.DelayDuration, "shutdown-delay-duration", o.Shutdown.DelayDuration,
		"After SIGTERM, how long to keep serving while /readyz reports the shutdown, so that the Service stops "+
			"sending requests to this replica first. Worth a few seconds with several replicas; the pod's "+
			"terminationGracePeriodSeconds must exceed it.")
	fs.BoolVar(&o.Shutdown.SendRetryAfter, "shutdown-send-retry-after", o.Shutdown.SendRetryAfter,
		"After SIGTERM, answer new requests with 429 and Retry-After until in-flight ones have drained, then close "+
			"connections after 2 s. When false, stop listening at once and wait up to a minute for connections to end.")
	fs.DurationVar(&o.Shutdown.WatchTerminationGracePeriod, "shutdown-watch-termination-grace-period", o.Shutdown.WatchTerminationGracePeriod,
		"After SIGTERM, end open watches (clients re-establish them) and wait at most this long for them to end. "+
			"0 leaves watches open until their connections close.")
}

// validateShutdown refuses negative durations, naming their flag.
func (o *Options) validateShutdown() []error {
	var errs []error
	if o.Shutdown.DelayDuration < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-delay-duration is %s: it must not be negative", o.Shutdown.DelayDuration))
	}
	if o.Shutdown.WatchTerminationGracePeriod < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-watch-termination-grace-period is %s: it must not be negative", o.Shutdown.WatchTerminationGracePeriod))
	}
	return errs
}

// applyShutdown sets how the server stops.
func (o *Options) applyShutdown(config *genericapiserver.RecommendedConfig) {
	config.ShutdownDelayDuration = o.Shutdown.DelayDuration
	config.ShutdownSendRetryAfter = o.Shutdown.SendRetryAfter
	config.ShutdownWatchTerminationGracePeriod = o.Shutdown.WatchTerminationGracePeriod
}
