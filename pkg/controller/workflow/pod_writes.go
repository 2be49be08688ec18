package workflow

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// DefaultPodWriteConcurrency is how many pod creations and deletions the
// controller has in flight at once unless LimitPodWrites says otherwise: as
// many as a tight client-go loop of 32 workers, enough for 500 creations per
// second while each takes up to 64 ms, and a small share of the 245 seats
// API Priority and Fairness gives by default to workload-low, the priority
// level of a controller's service account.
const DefaultPodWriteConcurrency = 32

// LimitPodWrites sets how many pod creations and deletions are in flight
// at once, counted across all workers. Call it before Run.
func (c *Controller) LimitPodWrites(inFlight int) {
	c.podWrites = newInFlightLimit(inFlight)
}

// inFlightLimit bounds the requests in flight at once across every caller
// of each: a slot is taken before a request is sent and given back when it
// returns.
type inFlightLimit struct {
	slots chan struct{}
}

func newInFlightLimit(inFlight int) inFlightLimit {
	return inFlightLimit{slots: make(chan struct{}, max(inFlight, 1))}
}

// each calls do for every index in [0, n), as many at once as the limit
// allows, and returns once every call has returned, with their errors
// joined in index order. When ctx ends before a call could take a slot,
// that call and the ones after it are not made, and the error says so.
func (l inFlightLimit) each(ctx context.Context, n int, do func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case l.slots <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return errors.Join(errors.Join(errs...), fmt.Errorf("%d of %d requests not sent: %w", n-i, n, ctx.Err()))
		}
		wg.Go(func() {
			defer func() { <-l.slots }()
			errs[i] = do(i)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
