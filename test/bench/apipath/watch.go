package apipath

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/test/bench/report"
)

// sequenceMarker starts the status message each update writes, followed by
// the update's sequence number, so that a watcher can tell which update an
// event carries without decoding the object.
const sequenceMarker = "bench-seq-"

// watchedWorkflows is how many workflows the updates of WatchFanOut are
// spread over.
const watchedWorkflows = 20

// deliveryGrace is how long WatchFanOut waits, after the last update, for
// events still on their way.
const deliveryGrace = 30 * time.Second

// WatchFanOut creates a few succeeded loops-maps workflows in system,
// starts watchers watching the collection (each on a connection of its
// own, as separate processes would), then writes updates status updates
// one after the other, and records one run: for every event every watcher
// received, the time from just before its update was sent to its receipt
// (p50, p99, max), the events that never arrived, and the rate of updates.
// The workflows stay; the caller deletes them between runs.
func WatchFanOut(ctx context.Context, config *rest.Config, rep *report.Report, system System, watchers, updates int) error {
	c, err := newClient(config, false)
	if err != nil {
		return err
	}
	if err := createSucceeded(ctx, c, system, "watch", watchedWorkflows); err != nil {
		return err
	}
	head, err := c.listFirst(ctx, system, Namespace)
	if err != nil {
		return fmt.Errorf("listing %s workflows to start watching: %w", system.Name, err)
	}
	watchCtx, stopWatching := context.WithCancel(ctx)
	defer stopWatching()
	sentAt := make([]atomic.Int64, updates)
	received := make([]*watcher, watchers)
	for i := range received {
		if received[i], err = startWatcher(watchCtx, config, system, head.Metadata.ResourceVersion, sentAt); err != nil {
			return err
		}
	}
	started := time.Now()
	for seq := range updates {
		name := fmt.Sprintf("watch-%05d", seq%watchedWorkflows)
		patch := fmt.Appendf(nil, `{"status":{"message":"%s%06d"}}`, sequenceMarker, seq)
		sentAt[seq].Store(time.Now().UnixNano())
		if err := c.patchStatus(ctx, system, Namespace, name, patch); err != nil {
			return fmt.Errorf("updating the status of %s workflow %s: %w", system.Name, name, err)
		}
	}
	updating := time.Since(started)
	waitForDelivery(ctx, received, updates)
	stopWatching()

	var latencies []time.Duration
	var watchErrs []error
	for _, w := range received {
		w.done.Wait()
		latencies = append(latencies, w.latencies...)
		if w.err != nil {
			watchErrs = append(watchErrs, w.err)
		}
	}
	if err := errors.Join(watchErrs...); err != nil {
		return fmt.Errorf("watching %s workflows: %w", system.Name, err)
	}
	scenario := fmt.Sprintf("watch, %d watchers, %d updates", watchers, updates)
	record := func(metric, unit string, value float64) {
		rep.Record(report.Key{Section: Section, Scenario: scenario, Metric: metric, Unit: unit, System: system.Name}, value)
	}
	record("delivery p50", "ms", milliseconds(percentile(latencies, 0.50)))
	record("delivery p99", "ms", milliseconds(percentile(latencies, 0.99)))
	record("delivery max", "ms", milliseconds(percentile(latencies, 1)))
	record("events missed", "events", float64(watchers*updates-len(latencies)))
	record("update rate", "updates/s", float64(updates)/updating.Seconds())
	return nil
}

// watcher is one watch of the collection and the delivery latency of each
// update it saw.
type watcher struct {
	latencies []time.Duration
	count     atomic.Int64
	err       error
	done      sync.WaitGroup
}

// startWatcher opens a watch of system's workflows from resourceVersion on
// a connection of its own and reads it until ctx ends.
func startWatcher(ctx context.Context, config *rest.Config, system System, resourceVersion string, sentAt []atomic.Int64) (*watcher, error) {
	c, err := newClient(config, true)
	if err != nil {
		return nil, err
	}
	stream, err := c.rest.Get().AbsPath(system.collectionPath(Namespace)).
		Param("watch", "true").Param("resourceVersion", resourceVersion).Stream(ctx)
	if err != nil {
		return nil, fmt.Errorf("watching %s workflows: %w", system.Name, err)
	}
	w := &watcher{}
	w.done.Go(func() {
		defer c.http.CloseIdleConnections()
		defer stream.Close()
		w.err = w.read(ctx, bufio.NewReaderSize(stream, 64<<10), sentAt)
	})
	return w, nil
}

// read takes the watch's events, one JSON object a line, and notes the
// latency of each that carries an update's sequence number.
func (w *watcher) read(ctx context.Context, events *bufio.Reader, sentAt []atomic.Int64) error {
	for {
		line, err := events.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			var rest []byte
			rest, err = events.ReadBytes('\n')
			line = append(bytes.Clone(line), rest...)
		}
		receivedAt := time.Now()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("the watch ended early: %w", err)
		}
		seq, ok := sequenceOf(line)
		if !ok || seq >= len(sentAt) {
			continue
		}
		w.latencies = append(w.latencies, receivedAt.Sub(time.Unix(0, sentAt[seq].Load())))
		w.count.Add(1)
	}
}

// sequenceOf finds the update's sequence number in a watch event.
func sequenceOf(event []byte) (int, bool) {
	at := bytes.Index(event, []byte(sequenceMarker))
	if at < 0 {
		return 0, false
	}
	digits := event[at+len(sequenceMarker):]
	end := bytes.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(digits)
	}
	seq, err := strconv.Atoi(string(digits[:end]))
	return seq, err == nil
}

// waitForDelivery waits until every watcher has seen every update, or
// deliveryGrace has passed.
func waitForDelivery(ctx context.Context, watchers []*watcher, updates int) {
	deadline := time.Now().Add(deliveryGrace)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		all := true
		for _, w := range watchers {
			all = all && w.count.Load() >= int64(updates)
		}
		if all {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
