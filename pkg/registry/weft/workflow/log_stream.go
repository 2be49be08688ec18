package workflow

import (
	"context"
	"io"

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
