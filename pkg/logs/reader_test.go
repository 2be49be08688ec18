package logs

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// loopPods are the pods of a loop, in start order.
var loopPods = []Pod{
	{Name: "wf-debian", NodeID: "n0", DisplayName: "test-linux(0:debian)"},
	{Name: "wf-busybox", NodeID: "n1", DisplayName: "test-linux(1:busybox)"},
}

func loopSource() *fakeSource {
	s := newFakeSource()
	s.logs["wf-debian"] = "NAME=\"Debian\"\nID=debian\n"
	s.logs["wf-busybox"] = "NAME=\"BusyBox\"\nID=busybox" // no final newline
	return s
}

func readAll(t *testing.T, r *Reader, pods []Pod) string {
	t.Helper()
	var out strings.Builder
	if err := r.ReadAll(context.Background(), &out, pods); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestReadAllPrefixesPodsInOrder(t *testing.T) {
	got := readAll(t, &Reader{Source: loopSource(), Options: &Options{}}, loopPods)
	want := "test-linux(0:debian): NAME=\"Debian\"\n" +
		"test-linux(0:debian): ID=debian\n" +
		"test-linux(1:busybox): NAME=\"BusyBox\"\n" +
		"test-linux(1:busybox): ID=busybox\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestReadAllOnePodIsNotPrefixed(t *testing.T) {
	for _, opts := range []*Options{{PodName: "wf-busybox"}, {NodeID: "n1"}} {
		if got := readAll(t, &Reader{Source: loopSource(), Options: opts}, loopPods); got != "NAME=\"BusyBox\"\nID=busybox\n" {
			t.Errorf("%+v: got %q", opts, got)
		}
	}
}

func TestReadAllGrep(t *testing.T) {
	got := readAll(t, &Reader{Source: loopSource(), Options: &Options{Grep: regexp.MustCompile(`^ID=`)}}, loopPods)
	if want := "test-linux(0:debian): ID=debian\ntest-linux(1:busybox): ID=busybox\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	s := newFakeSource()
	s.logs["wf-debian"] = "2026-11-25T12:00:00.000000001Z ID=debian\n2026-11-25T12:00:01.000000001Z NAME=x\n"
	opts := &Options{Grep: regexp.MustCompile(`^ID=`), Pod: corev1.PodLogOptions{Timestamps: true}}
	got = readAll(t, &Reader{Source: s, Options: opts}, loopPods[:1])
	if want := "test-linux(0:debian): 2026-11-25T12:00:00.000000001Z ID=debian\n"; got != want {
		t.Errorf("with timestamps got %q, want %q: grep matches after the timestamp", got, want)
	}
}

func TestReadAllPassesPodLogOptions(t *testing.T) {
	s := loopSource()
	tail, limit := int64(1), int64(10)
	opts := &Options{Follow: true, Pod: corev1.PodLogOptions{Container: "main", TailLines: &tail, LimitBytes: &limit, Previous: true}}
	readAll(t, &Reader{Source: s, Options: opts}, loopPods)
	for _, pod := range []string{"wf-debian", "wf-busybox"} {
		got := s.opts[pod]
		if got.Container != "main" || *got.TailLines != 1 || *got.LimitBytes != 10 || !got.Previous || got.Follow {
			t.Errorf("%s read with %+v", pod, got)
		}
	}
}

func TestReadAllGoesOnAfterAVanishedPod(t *testing.T) {
	s := loopSource()
	s.errs["wf-debian"] = errors.New(`pods "wf-debian" not found`)
	got := readAll(t, &Reader{Source: s, Options: &Options{}}, loopPods)
	want := "test-linux(0:debian): log unavailable: pods \"wf-debian\" not found\n" +
		"test-linux(1:busybox): NAME=\"BusyBox\"\n" +
		"test-linux(1:busybox): ID=busybox\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestReadAllSaysANodeHasNoPod(t *testing.T) {
	collected := Pod{NodeID: "n2", DisplayName: "collected", HasLog: true}
	s := loopSource()
	got := readAll(t, &Reader{Source: s, Options: &Options{}}, []Pod{loopPods[0], collected})
	if want := "test-linux(0:debian): ID=debian\ncollected: log unavailable: the node has no pod (deleted, or never made)\n"; !strings.HasSuffix(got, want) {
		t.Errorf("got %q, want it to end with %q", got, want)
	}
	if opened := s.openedPods(); len(opened) != 1 {
		t.Errorf("opened %v: a node without pod has nothing to open", opened)
	}
	if got := readAll(t, &Reader{Source: s, Options: &Options{NodeID: "n2"}}, []Pod{collected}); got != "log unavailable: the node has no pod (deleted, or never made)\n" {
		t.Errorf("selected node without pod: got %q", got)
	}
}

func TestReadAllSplitsLongLines(t *testing.T) {
	s := newFakeSource()
	long := strings.Repeat("x", 2*MaxLineBytes+100)
	exact := strings.Repeat("y", MaxLineBytes)
	s.logs["wf-debian"] = long + "\n" + exact + "\nend\n"
	got := readAll(t, &Reader{Source: s, Options: &Options{PodName: "wf-debian"}}, loopPods)
	want := []string{strings.Repeat("x", MaxLineBytes), strings.Repeat("x", MaxLineBytes), strings.Repeat("x", 100), exact, "end", ""}
	if lines := strings.Split(got, "\n"); strings.Join(lines, "|") != strings.Join(want, "|") {
		var lengths []int
		for _, l := range lines {
			lengths = append(lengths, len(l))
		}
		t.Errorf("line lengths %v, want 64Ki, 64Ki, 100, 64Ki, 3", lengths)
	}
}

func TestReadAllStopsWhenTheClientIsGone(t *testing.T) {
	s := loopSource()
	if err := (&Reader{Source: s, Options: &Options{}}).ReadAll(context.Background(), failingWriter{}, loopPods); err == nil {
		t.Error("a failed write did not stop the read")
	}
	if opened := s.openedPods(); len(opened) != 1 {
		t.Errorf("opened %v after the first write failed", opened)
	}
}
