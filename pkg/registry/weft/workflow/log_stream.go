package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
)

// logStream is the body of a workflows/log response: text/plain that run
// writes while the client reads it, flushed line by line.
type logStream struct {
	run func(ctx context.Context, w io.Writer) error
}

var _ rest.ResourceStreamer = &logStream{}

// GetObjectKind implements runtime.Object: a stream has no kind.
func (*logStream) GetObjectKind() schema.ObjectKind { return schema.EmptyObjectKind }

// DeepCopyObject implements runtime.Object; a stream holds no data to copy.
func (s *logStream) DeepCopyObject() runtime.Object { return &logStream{run: s.run} }

// InputStream implements rest.ResourceStreamer: it starts run, which ends
// when the returned stream is closed.
func (s *logStream) InputStream(ctx context.Context, _, _ string) (io.ReadCloser, bool, string, error) {
	ctx, cancel := context.WithCancel(ctx)
	r, w := io.Pipe()
	go func() {
		w.CloseWithError(s.run(ctx, w))
	}()
	return &cancelingReader{PipeReader: r, cancel: cancel}, true, "text/plain", nil
}

// cancelingReader stops the writer of its pipe when closed.
type cancelingReader struct {
	*io.PipeReader
	cancel context.CancelFunc
}

// Close stops the writer and closes the pipe.
func (r *cancelingReader) Close() error {
	r.cancel()
	return r.PipeReader.Close()
}

// DefaultMaxLogStreamDuration is how long a followed log streams unless
// weft-apiserver's --max-log-stream-duration says otherwise: an hour, after
// which a client such as `weft logs -f` asks again.
const DefaultMaxLogStreamDuration = time.Hour

// FlagMaxLogStreamDuration is the weft-apiserver flag that bounds how long a
// followed log streams, for messages.
const FlagMaxLogStreamDuration = "--max-log-stream-duration"

// followFor bounds follow to limit: when the limit ends it, and not the
// client or the workflow, the stream ends with a line that says so.
func followFor(limit time.Duration, follow func(ctx context.Context, w io.Writer) error) func(ctx context.Context, w io.Writer) error {
	return func(ctx context.Context, w io.Writer) error {
		bounded, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		err := follow(bounded, w)
		if ctx.Err() != nil || !errors.Is(bounded.Err(), context.DeadlineExceeded) {
			return err
		}
		_, err = fmt.Fprintf(w, "log stream ended after %s, the most %s allows: request the log again to go on (sinceTime skips what was read)\n",
			limit, FlagMaxLogStreamDuration)
		return err
	}
}
