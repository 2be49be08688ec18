package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// rawWorkers is how many goroutines of the raw loop create pods at once.
const rawWorkers = 32

// fanOutResult is what one fan-out run measured.
type fanOutResult struct {
	// createRate is pods per second from the first pod seen to the last.
	createRate float64
	// toSucceeded is the time from the first create request until every pod
	// (raw) or the workflow (weft) succeeded.
	toSucceeded time.Duration
}

// rawFanOut creates pods pods from a tight client-go loop limited to qps and
// burst, and waits until all succeeded: the floor a controller can reach.
func rawFanOut(ctx context.Context, c *cluster.Cluster, limits clientLimits, pods int) (_ fanOutResult, err error) {
	namespace, err := createNamespace(ctx, c.Kube, "bench-raw")
	if err != nil {
		return fanOutResult{}, err
	}
	defer func() { err = errors.Join(err, discardNamespace(ctx, c, namespace, pods)) }()
	tracker, err := trackPods(ctx, c.Kube, namespace, pods)
	if err != nil {
		return fanOutResult{}, err
	}
	defer tracker.stop()

	config := rest.CopyConfig(c.Config)
	config.QPS, config.Burst = limits.QPS, limits.Burst
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fanOutResult{}, err
	}
	started := time.Now()
	if err := createPods(ctx, client, namespace, pods); err != nil {
		return fanOutResult{}, err
	}
	last, err := tracker.waitSucceeded(ctx, podDeadline(pods, limits))
	if err != nil {
		return fanOutResult{}, err
	}
	return fanOutResult{createRate: tracker.createRate(), toSucceeded: last.Sub(started)}, nil
}

// createPods creates count pods from rawWorkers goroutines and returns the
// first error.
func createPods(ctx context.Context, client kubernetes.Interface, namespace string, count int) error {
	return inParallel(count, rawWorkers, func(i int) error {
		if _, err := client.CoreV1().Pods(namespace).Create(ctx, rawPod(i), metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating pod %d of %d: %w", i+1, count, err)
		}
		return nil
	})
}

// podDeadline is how long count pods may take at the given client limits:
// two minutes, plus three times their creation at the QPS or, when more,
// their creation at minimumPodRate, since a loaded machine reaches far less
// than the QPS.
func podDeadline(count int, limits clientLimits) time.Duration {
	seconds := max(3*float64(count)/float64(limits.QPS), float64(count)/minimumPodRate)
	return 2*time.Minute + time.Duration(seconds*float64(time.Second))
}

// minimumPodRate is the slowest pod rate, per second, a run may have before
// it is given up.
const minimumPodRate = 20
