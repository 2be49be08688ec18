package logs

import (
	"context"
	"io"
)

// DefaultMaxStreams is how many pod logs a Reader follows at once by default.
const DefaultMaxStreams = 16

// Reader writes the logs of a workflow's pods to one writer.
type Reader struct {
	// Source opens the pods' logs.
	Source Source
	// Options select the pods and say how to read them.
	Options *Options
	// MaxStreams caps the pod logs followed at once; DefaultMaxStreams when 0.
	// A pod beyond it waits for a followed log to end.
	MaxStreams int

	// pause waits before a broken log is opened again; pauseBeforeReopen
	// when nil.
	pause func(ctx context.Context, attempt int) error
}

// ReadAll writes the log of every pod the options select, whole, one pod
// after the other in the order of pods. A pod whose log cannot be read is a
// line that says why. It returns ctx's error or the first failed write.
func (r *Reader) ReadAll(ctx context.Context, w io.Writer, pods []Pod) error {
	out := r.output(w)
	for _, p := range r.Options.Select(pods) {
		if err := r.read(ctx, out, p, false); err != nil {
			return err
		}
	}
	return nil
}

// read writes the log of p to out, or a line that says why it cannot. It
// returns ctx's error or the error of a failed write.
func (r *Reader) read(ctx context.Context, out *output, p Pod, follow bool) error {
	prefix := ""
	if r.Options.Prefixed() {
		prefix = p.DisplayName + ": "
	}
	if p.Name == "" {
		return out.notice(prefix, "log unavailable: the node has no pod (deleted, or never made)")
	}
	opts := r.Options.Pod
	opts.Follow = follow
	resume := resumable(&opts)
	strip := resume && !opts.Timestamps
	if resume {
		opts.Timestamps = true
	}
	stream, err := r.Source.Open(ctx, p.Name, &opts)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return out.notice(prefix, "log unavailable: "+err.Error())
	}
	var log io.ReadCloser = stream
	if resume {
		log = newResumingLog(ctx, r.Source, p.Name, opts, strip, stream, r.pauser())
	}
	defer log.Close()
	readErr, writeErr := out.copy(prefix, log)
	switch {
	case writeErr != nil:
		return writeErr
	case ctx.Err() != nil:
		return ctx.Err()
	case readErr != nil:
		return out.notice(prefix, "log interrupted: "+readErr.Error())
	}
	return nil
}

func (r *Reader) output(w io.Writer) *output {
	return &output{w: w, grep: r.Options.Grep, timestamps: r.Options.Pod.Timestamps}
}

// pauser is how the reader waits before it opens a broken log again.
func (r *Reader) pauser() func(context.Context, int) error {
	if r.pause != nil {
		return r.pause
	}
	return pauseBeforeReopen
}

func (r *Reader) maxStreams() int {
	if r.MaxStreams > 0 {
		return r.MaxStreams
	}
	return DefaultMaxStreams
}
