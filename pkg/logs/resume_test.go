package logs

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// breakingSource serves one pod's followed log as a script of streams: each
// Open returns the next, which gives its text and then fails with a
// broken-connection error, except the last, which ends unless alwaysBreak.
// An Open past the script fails.
type breakingSource struct {
	mu          sync.Mutex
	streams     []string
	alwaysBreak bool
	opened      []corev1.PodLogOptions
}

var errBroken = errors.New("unexpected EOF: the kubelet went away")

func (s *breakingSource) Open(_ context.Context, _ string, opts *corev1.PodLogOptions) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opened = append(s.opened, *opts)
	i := len(s.opened) - 1
	if i >= len(s.streams) {
		return nil, errors.New("connection refused")
	}
	var end error = io.EOF
	if i < len(s.streams)-1 || s.alwaysBreak {
		end = errBroken
	}
	return io.NopCloser(io.MultiReader(strings.NewReader(s.streams[i]), errReader{end})), nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// stamp is the kubelet's timestamp of second s and nanosecond ns after a
// fixed time, with the space after it.
func stamp(s, ns int) string {
	return time.Date(2026, time.March, 1, 10, 0, s, ns, time.UTC).Format(time.RFC3339Nano) + " "
}

// followPod follows pod "wf-main"'s log with the options given, without
// pausing before reopening, and returns what was written.
func followPod(t *testing.T, s Source, pod corev1.PodLogOptions) string {
	t.Helper()
	var pauses []int
	r := &Reader{Source: s, Options: &Options{Follow: true, PodName: "wf-main", Pod: pod},
		pause: func(_ context.Context, attempt int) error { pauses = append(pauses, attempt); return nil }}
	updates := make(chan Update, 1)
	updates <- Update{Pods: []Pod{{Name: "wf-main", DisplayName: "main", HasLog: true}}}
	close(updates)
	out := &syncBuffer{}
	if err := r.Follow(context.Background(), out, updates); err != nil {
		t.Fatal(err)
	}
	for i, a := range pauses {
		if a != i+1 && a != 1 {
			t.Errorf("pause attempts %v do not count up from 1", pauses)
		}
	}
	return out.String()
}

func TestFollowResumesABrokenStream(t *testing.T) {
	s := &breakingSource{streams: []string{
		stamp(1, 0) + "one\n" + stamp(2, 5) + "two\n" + stamp(2, 5) + "two again\n" + stamp(3, 0) + "thr",
		stamp(2, 5) + "two\n" + stamp(2, 5) + "two again\n" + stamp(3, 0) + "three\n" + stamp(3, 0) + "three too\n",
		stamp(3, 0) + "three\n" + stamp(3, 0) + "three too\n" + stamp(4, 0) + "four\n",
	}}
	got := followPod(t, s, corev1.PodLogOptions{Container: "main", TailLines: int64p(10)})
	want := "one\ntwo\ntwo again\nthree\nthree too\nfour\n"
	if got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if len(s.opened) != 3 {
		t.Fatalf("opened %d times, want 3", len(s.opened))
	}
	first, second, third := s.opened[0], s.opened[1], s.opened[2]
	if !first.Timestamps || !first.Follow || first.SinceTime != nil || first.TailLines == nil {
		t.Errorf("first opened with %+v; want timestamps asked for and the options given", first)
	}
	if second.SinceTime == nil || !second.SinceTime.Time.Equal(time.Date(2026, time.March, 1, 10, 0, 2, 5, time.UTC)) || second.TailLines != nil || !second.Timestamps {
		t.Errorf("reopened with %+v; want sinceTime at the last line delivered, no tailLines", second)
	}
	if third.SinceTime == nil || !third.SinceTime.Time.Equal(time.Date(2026, time.March, 1, 10, 0, 3, 0, time.UTC)) {
		t.Errorf("reopened again with sinceTime %v", third.SinceTime)
	}
}

func TestFollowResumeKeepsTimestampsAskedFor(t *testing.T) {
	s := &breakingSource{streams: []string{
		stamp(1, 0) + "one\n",
		stamp(1, 0) + "one\n" + stamp(2, 0) + "two\n",
	}}
	got := followPod(t, s, corev1.PodLogOptions{Container: "main", Timestamps: true})
	if want := stamp(1, 0) + "one\n" + stamp(2, 0) + "two\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

func TestFollowGivesUpAfterBoundedRetries(t *testing.T) {
	s := &breakingSource{streams: []string{stamp(1, 0) + "one\n", "", "", "", "", "", "", ""}}
	got := followPod(t, s, corev1.PodLogOptions{Container: "main"})
	want := "one\nlog interrupted: " + errBroken.Error() + "\n"
	if got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if len(s.opened) != 1+resumeAttempts {
		t.Errorf("opened %d times, want %d", len(s.opened), 1+resumeAttempts)
	}
}

func TestFollowGivesUpWhenThePodIsGone(t *testing.T) {
	s := &breakingSource{streams: []string{stamp(1, 0) + "one\n"}, alwaysBreak: true}
	got := followPod(t, s, corev1.PodLogOptions{Container: "main"})
	if want := "one\nlog interrupted: connection refused\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}

func TestFollowWithLimitBytesDoesNotResume(t *testing.T) {
	s := &breakingSource{streams: []string{"one\n", "one\n"}}
	got := followPod(t, s, corev1.PodLogOptions{Container: "main", LimitBytes: int64p(100)})
	if want := "one\nlog interrupted: " + errBroken.Error() + "\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if s.opened[0].Timestamps {
		t.Error("timestamps were asked for a log that is not resumed")
	}
}

func TestPauseBeforeReopenStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for attempt := 1; attempt <= resumeAttempts+3; attempt++ {
		if err := pauseBeforeReopen(ctx, attempt); !errors.Is(err, context.Canceled) {
			t.Errorf("attempt %d: %v", attempt, err)
		}
	}
}

func TestSplitTimestamp(t *testing.T) {
	for _, line := range []string{"plain line\n", " leading space\n", "2026-13-01T00:00:00Z bad month\n", strings.Repeat("x", 50) + " y\n"} {
		if _, rest, ok := splitTimestamp([]byte(line)); ok || string(rest) != line {
			t.Errorf("%q split as stamped", line)
		}
	}
	ts, rest, ok := splitTimestamp([]byte(stamp(7, 123) + "text\n"))
	if !ok || string(rest) != "text\n" || ts.Nanosecond() != 123 {
		t.Errorf("split %v %q %v", ts, rest, ok)
	}
}
