package logs

import (
	"context"
	"io"
)

// Update is what is known of a workflow's pods at one time, as a tracker of
// the workflow sends it to Follow.
type Update struct {
	// Pods are every pod of the workflow seen so far, in start order.
	Pods []Pod
	// Err, when set, is why the tracker stopped early; Follow writes it as
	// a line. The tracker then closes the channel.
	Err error
}

// Follow writes the logs of the pods the options select as they grow,
// merged line by line, until updates is closed and every log has ended.
//
// A pod's log is followed from the first update in which it has one
// (Pod.HasLog), at most MaxStreams at once; the others wait their turn. The
// tracker closes updates when the workflow has finished and every pod it ran
// is in the last update: then the pods that never had a log are read too,
// for the reason why. Follow returns ctx's error or the first failed write.
func (r *Reader) Follow(ctx context.Context, w io.Writer, updates <-chan Update) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := r.output(w)
	f := follower{reader: r, started: map[string]bool{}}
	done := make(chan error)
	ctxDone := ctx.Done()
	active := 0
	var failed error
	for {
		for failed == nil && active < r.maxStreams() && len(f.queue) > 0 {
			p := f.queue[0]
			f.queue = f.queue[1:]
			active++
			go func() { done <- r.read(ctx, out, p, true) }()
		}
		if active == 0 && (failed != nil || (updates == nil && len(f.queue) == 0)) {
			return failed
		}
		select {
		case u, ok := <-updates:
			if !ok {
				updates = nil
				f.enqueue(f.last, true)
				continue
			}
			if u.Err != nil {
				if err := out.notice("", "log stream incomplete: "+u.Err.Error()); err != nil && failed == nil {
					failed = err
					cancel()
				}
			}
			f.last = u.Pods
			f.enqueue(u.Pods, false)
		case err := <-done:
			active--
			if err != nil && failed == nil {
				failed = err
				cancel()
			}
		case <-ctxDone:
			ctxDone = nil
			if failed == nil {
				failed = ctx.Err()
			}
		}
	}
}

// follower is the bookkeeping of Follow: which pods were started and which
// wait for a stream.
type follower struct {
	reader  *Reader
	started map[string]bool
	queue   []Pod
	// last are the pods of the last update.
	last []Pod
}

// enqueue queues the selected pods not yet started that have a log, or
// all of them.
func (f *follower) enqueue(pods []Pod, all bool) {
	for _, p := range pods {
		if f.started[p.key()] || !f.reader.Options.Selects(p) || !(all || p.HasLog) {
			continue
		}
		f.started[p.key()] = true
		f.queue = append(f.queue, p)
	}
}
