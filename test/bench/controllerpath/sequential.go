package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// sequentialResult is what one run of concurrent sequential workflows measured.
type sequentialResult struct {
	// perMinute is workflows completed per minute, from the first create
	// request to the last workflow's end.
	perMinute float64
	// elapsed is that time.
	elapsed time.Duration
}

// concurrentSequential creates count workflows of length sequential steps
// at once and waits until all succeed.
func concurrentSequential(ctx context.Context, c *cluster.Cluster, limits clientLimits, count, length int) (_ sequentialResult, err error) {
	namespace, err := createNamespace(ctx, c.Kube, "bench-sequential")
	if err != nil {
		return sequentialResult{}, err
	}
	defer func() {
		err = errors.Join(err, discardNamespace(ctx, c, namespace, count*length))
	}()
	workflows, err := watchFinished(ctx, c.Weft, namespace)
	if err != nil {
		return sequentialResult{}, err
	}
	defer workflows.shutdown()

	started := time.Now()
	if err := createWorkflows(ctx, c, namespace, count, length); err != nil {
		return sequentialResult{}, err
	}
	last, err := workflows.waitSucceeded(ctx, count, podDeadline(count*length, limits))
	if err != nil {
		return sequentialResult{}, err
	}
	elapsed := last.Sub(started)
	return sequentialResult{perMinute: float64(count) / elapsed.Minutes(), elapsed: elapsed}, nil
}

// createWorkflows creates count sequential workflows from rawWorkers
// goroutines with the admin client, which has no client-side limit.
func createWorkflows(ctx context.Context, c *cluster.Cluster, namespace string, count, length int) error {
	return inParallel(count, rawWorkers, func(i int) error {
		if _, err := c.Weft.WeftV1alpha1().Workflows(namespace).Create(ctx, sequentialWorkflow(length), metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating workflow %d of %d: %w", i+1, count, err)
		}
		return nil
	})
}
