package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// fakeSource serves whole logs from memory and followed logs from pipes the
// test writes to.
type fakeSource struct {
	mu     sync.Mutex
	logs   map[string]string
	errs   map[string]error
	pipes  map[string]*io.PipeReader
	opened []string
	opts   map[string]corev1.PodLogOptions
}

func newFakeSource() *fakeSource {
	return &fakeSource{logs: map[string]string{}, errs: map[string]error{}, pipes: map[string]*io.PipeReader{}, opts: map[string]corev1.PodLogOptions{}}
}

// pipe makes pod's log a stream the test writes to and closes.
func (s *fakeSource) pipe(pod string) *io.PipeWriter {
	r, w := io.Pipe()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pipes[pod] = r
	return w
}

func (s *fakeSource) Open(ctx context.Context, pod string, opts *corev1.PodLogOptions) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opened = append(s.opened, pod)
	s.opts[pod] = *opts
	if err := s.errs[pod]; err != nil {
		return nil, err
	}
	if r := s.pipes[pod]; r != nil {
		stop := context.AfterFunc(ctx, func() { r.CloseWithError(ctx.Err()) })
		return &stopReader{PipeReader: r, stop: stop}, nil
	}
	return io.NopCloser(strings.NewReader(s.logs[pod])), nil
}

func (s *fakeSource) openedPods() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.opened...)
}

type stopReader struct {
	*io.PipeReader
	stop func() bool
}

func (r *stopReader) Close() error {
	r.stop()
	return r.PipeReader.Close()
}

// syncBuffer is a writer the test reads while Follow writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until cond holds, or fails the test after 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// writeLine writes a line to a followed log.
func writeLine(t *testing.T, w io.Writer, line string) {
	t.Helper()
	if _, err := fmt.Fprintln(w, line); err != nil {
		t.Fatal(err)
	}
}

// failingWriter fails every write, as a connection the client closed.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("connection closed") }
