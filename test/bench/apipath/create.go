package apipath

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/test/bench/report"
)

// CreateThroughput creates count loops-maps workflows in system, from
// concurrency clients at once, each creating its next as soon as the last
// returned, and records one run: objects created per second and the p50 and
// p99 latency of a create. A few unmeasured creates warm the path up first.
// The workflows stay; the caller deletes them between runs.
func CreateThroughput(ctx context.Context, config *rest.Config, rep *report.Report, system System, concurrency, count int) error {
	c, err := newClient(config, false)
	if err != nil {
		return err
	}
	body, err := system.createBody("")
	if err != nil {
		return err
	}
	if _, err := createConcurrently(ctx, c, system, body, concurrency, concurrency); err != nil {
		return err
	}
	started := time.Now()
	latencies, err := createConcurrently(ctx, c, system, body, concurrency, count)
	if err != nil {
		return err
	}
	elapsed := time.Since(started)
	scenario := fmt.Sprintf("create, %d concurrent", concurrency)
	record := func(metric, unit string, value float64) {
		rep.Record(report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: system.Name}, value)
	}
	record("throughput", "objects/s", float64(count)/elapsed.Seconds())
	record("p50 latency", "ms", milliseconds(percentile(latencies, 0.50)))
	record("p99 latency", "ms", milliseconds(percentile(latencies, 0.99)))
	return nil
}

// createConcurrently posts body count times from concurrency workers and
// returns each create's latency; it stops at the first failure.
func createConcurrently(ctx context.Context, c *client, system System, body []byte, concurrency, count int) ([]time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	latencies := make([]time.Duration, count)
	var next atomic.Int64
	var workers sync.WaitGroup
	for range concurrency {
		workers.Go(func() {
			for i := next.Add(1) - 1; i < int64(count) && ctx.Err() == nil; i = next.Add(1) - 1 {
				sent := time.Now()
				if err := c.create(ctx, system, Namespace, body); err != nil {
					cancel(fmt.Errorf("creating a %s workflow: %w", system.Name, err))
					return
				}
				latencies[i] = time.Since(sent)
			}
		})
	}
	workers.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return latencies, nil
}
