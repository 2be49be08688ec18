package logs

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A followed log whose stream breaks while the pod runs (the kubelet
// restarted, a connection dropped) is opened again this many times in a
// row at most, after a pause that doubles from resumeFirstPause up to
// resumeMaxPause, before the reader gives up and says the log was
// interrupted.
const (
	resumeAttempts   = 5
	resumeFirstPause = 250 * time.Millisecond
	resumeMaxPause   = 4 * time.Second
)

// timestampMaxLen bounds the timestamp the kubelet puts before each line
// (RFC 3339 with nanoseconds, then a space).
const timestampMaxLen = len("2006-01-02T15:04:05.999999999+07:00")

// pauseBeforeReopen waits before the attempt-th reopening of a log (1 for
// the first), or until ctx is done.
func pauseBeforeReopen(ctx context.Context, attempt int) error {
	d := resumeFirstPause << (attempt - 1)
	if d > resumeMaxPause || d <= 0 {
		d = resumeMaxPause
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// resumable says a followed log read with opts can be opened again where it
// broke off: not when limitBytes caps it, as the kubelet would count the
// limit anew.
func resumable(opts *corev1.PodLogOptions) bool {
	return opts.Follow && opts.LimitBytes == nil
}

// resumingLog reads a followed pod log that it opens again where it broke
// off when its stream fails. It asks the kubelet for timestamps, which
// tell where to resume (sinceTime is the timestamp of the last line
// delivered) and which lines the new stream repeats; it removes them again
// unless they were asked for. A line whose stream broke before its end is
// delivered whole from the new stream, unless it is longer than
// MaxLineBytes and its start was delivered already: then its rest is lost.
type resumingLog struct {
	ctx    context.Context
	source Source
	pod    string
	// opts are the options the log was first opened with, timestamps on.
	opts corev1.PodLogOptions
	// strip says the timestamps were not asked for and are removed.
	strip bool
	pause func(ctx context.Context, attempt int) error

	stream io.ReadCloser
	in     *bufio.Reader
	// pending is what was read and not yet returned.
	pending []byte
	// err ends the reading once pending is returned.
	err error

	// last is the timestamp of the last line delivered, atLast how many
	// lines delivered had it.
	last   time.Time
	atLast int
	// resumed is set from a reopening until a line after last arrives;
	// seen counts the lines stamped last it repeated.
	resumed bool
	seen    int
	// midLine says the last chunk read did not end its line; skipping
	// says that line is a repeat, left out.
	midLine  bool
	skipping bool
	// failures counts the reopenings since a line was last delivered.
	failures int
}

// newResumingLog follows the log of pod opened from source with opts,
// which is to ask for timestamps; strip says to remove them.
func newResumingLog(ctx context.Context, source Source, pod string, opts corev1.PodLogOptions, strip bool, stream io.ReadCloser, pause func(context.Context, int) error) *resumingLog {
	return &resumingLog{
		ctx: ctx, source: source, pod: pod, opts: opts, strip: strip, pause: pause,
		stream: stream, in: bufio.NewReaderSize(stream, MaxLineBytes),
	}
}

// Read returns the log's lines as the kubelet sends them, less repeats.
func (l *resumingLog) Read(p []byte) (int, error) {
	for len(l.pending) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.err = l.next()
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}

// Close closes the stream being read.
func (l *resumingLog) Close() error { return l.stream.Close() }

// next reads the next chunk of a line into pending, or opens the log again
// when the stream broke. It returns what ends the reading: io.EOF, or the
// error of a stream that could not be opened again.
func (l *resumingLog) next() error {
	chunk, err := l.in.ReadSlice('\n')
	switch {
	case err == nil, errors.Is(err, bufio.ErrBufferFull):
		l.take(chunk)
		return nil
	case errors.Is(err, io.EOF):
		l.take(chunk)
		return io.EOF
	}
	return l.reopen(err)
}

// take adds a chunk to pending unless it repeats what was delivered.
func (l *resumingLog) take(chunk []byte) {
	if len(chunk) == 0 {
		return
	}
	if !l.midLine {
		if ts, rest, ok := splitTimestamp(chunk); ok {
			l.skipping = l.repeats(ts)
			if !l.skipping {
				l.record(ts)
			}
			if l.strip {
				chunk = rest
			}
		} else {
			l.skipping = false
		}
	}
	l.midLine = chunk[len(chunk)-1] != '\n'
	if !l.skipping {
		l.pending = append(l.pending, chunk...)
	}
}

// repeats says a line stamped ts was delivered before the log was opened
// again.
func (l *resumingLog) repeats(ts time.Time) bool {
	if !l.resumed {
		return false
	}
	switch {
	case ts.Before(l.last):
		return true
	case ts.Equal(l.last) && l.seen < l.atLast:
		l.seen++
		return true
	}
	l.resumed = false
	return false
}

// record notes that a line stamped ts is delivered.
func (l *resumingLog) record(ts time.Time) {
	if ts.Equal(l.last) {
		l.atLast++
	} else {
		l.last, l.atLast = ts, 1
	}
	l.failures = 0
}

// reopen opens the log again from the timestamp of the last line
// delivered, after a pause, up to resumeAttempts times in a row. A chunk
// that was cut off is dropped: the new stream sends its line again.
func (l *resumingLog) reopen(cause error) error {
	l.stream.Close()
	for {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		if l.failures >= resumeAttempts {
			return cause
		}
		l.failures++
		if err := l.pause(l.ctx, l.failures); err != nil {
			return err
		}
		opts := l.opts
		if !l.last.IsZero() {
			since := metav1.NewTime(l.last)
			opts.SinceTime, opts.SinceSeconds, opts.TailLines = &since, nil, nil
		}
		stream, err := l.source.Open(l.ctx, l.pod, &opts)
		if err != nil {
			cause = err
			continue
		}
		l.stream = stream
		l.in = bufio.NewReaderSize(stream, MaxLineBytes)
		l.resumed, l.seen, l.midLine, l.skipping = true, 0, false, false
		return nil
	}
}

// splitTimestamp splits the kubelet's timestamp and the space after it from
// the start of a line.
func splitTimestamp(line []byte) (time.Time, []byte, bool) {
	i := bytes.IndexByte(line, ' ')
	if i <= 0 || i > timestampMaxLen {
		return time.Time{}, line, false
	}
	ts, err := time.Parse(time.RFC3339Nano, string(line[:i]))
	if err != nil {
		return time.Time{}, line, false
	}
	return ts, line[i+1:], true
}
