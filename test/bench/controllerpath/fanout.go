package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/test/bench/cluster"
)

// weftFanOutResult is what one run of Weft's fan-out measured.
type weftFanOutResult struct {
	fanOutResult
	// controllerCPU is the controller's CPU time over the run.
	controllerCPU float64
	// controllerPeakMiB is the controller's peak resident memory.
	controllerPeakMiB float64
}

// weftFanOut runs a workflow of width parallel pods and waits until it
// succeeds.
func weftFanOut(ctx context.Context, c *cluster.Cluster, limits clientLimits, width int) (_ weftFanOutResult, err error) {
	namespace, err := createNamespace(ctx, c.Kube, "bench-fan-out")
	if err != nil {
		return weftFanOutResult{}, err
	}
	defer func() { err = errors.Join(err, discardNamespace(ctx, c, namespace, width)) }()
	pods, err := trackPods(ctx, c.Kube, namespace, width)
	if err != nil {
		return weftFanOutResult{}, err
	}
	defer pods.stop()
	workflows, err := watchFinished(ctx, c.Weft, namespace)
	if err != nil {
		return weftFanOutResult{}, err
	}
	defer workflows.shutdown()
	probes, err := startProbes(c, controllerProcess)
	if err != nil {
		return weftFanOutResult{}, err
	}

	started := time.Now()
	if _, err := c.Weft.WeftV1alpha1().Workflows(namespace).Create(ctx, fanOutWorkflow(width), metav1.CreateOptions{}); err != nil {
		return weftFanOutResult{}, fmt.Errorf("creating the workflow: %w", err)
	}
	succeeded, err := workflows.waitSucceeded(ctx, 1, podDeadline(width, limits))
	if err != nil {
		return weftFanOutResult{}, err
	}
	if seen := pods.seen(); seen != width {
		return weftFanOutResult{}, fmt.Errorf("the workflow succeeded with %d pods, not %d", seen, width)
	}
	cpu, peak, err := probes[controllerProcess].end()
	if err != nil {
		return weftFanOutResult{}, err
	}
	return weftFanOutResult{
		fanOutResult:      fanOutResult{createRate: pods.createRate(), toSucceeded: succeeded.Sub(started)},
		controllerCPU:     cpu,
		controllerPeakMiB: peak,
	}, nil
}
