package logs

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// follow runs Follow in the background; the returned channel yields its result.
func follow(ctx context.Context, r *Reader, out *syncBuffer, updates <-chan Update) <-chan error {
	result := make(chan error, 1)
	go func() { result <- r.Follow(ctx, out, updates) }()
	return result
}

func expectRunning(t *testing.T, result <-chan error) {
	t.Helper()
	select {
	case err := <-result:
		t.Fatalf("Follow returned early: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
}

func expectReturn(t *testing.T, result <-chan error) error {
	t.Helper()
	select {
	case err := <-result:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Follow did not return")
		return nil
	}
}

func TestFollowMergesPodsThatJoinLater(t *testing.T) {
	s := newFakeSource()
	first, second := s.pipe("wf-debian"), s.pipe("wf-busybox")
	updates := make(chan Update)
	out := &syncBuffer{}
	result := follow(context.Background(), &Reader{Source: s, Options: &Options{Follow: true}}, out, updates)

	debian, busybox := loopPods[0], loopPods[1]
	debian.HasLog = true
	updates <- Update{Pods: []Pod{debian, busybox}}
	writeLine(t, first, "one")
	waitFor(t, "the first pod's line", func() bool { return out.String() == "test-linux(0:debian): one\n" })
	if opened := s.openedPods(); len(opened) != 1 {
		t.Fatalf("opened %v; the second pod has no log yet", opened)
	}

	busybox.HasLog = true
	updates <- Update{Pods: []Pod{debian, busybox}}
	writeLine(t, second, "two")
	waitFor(t, "the joining pod's line", func() bool { return strings.HasSuffix(out.String(), "test-linux(1:busybox): two\n") })
	writeLine(t, first, "three")
	waitFor(t, "the first pod's next line", func() bool { return strings.HasSuffix(out.String(), "test-linux(0:debian): three\n") })
	if opts := s.opts["wf-busybox"]; !opts.Follow {
		t.Errorf("followed pod read with %+v", opts)
	}

	close(updates)
	first.Close()
	expectRunning(t, result)
	second.Close()
	if err := expectReturn(t, result); err != nil {
		t.Fatal(err)
	}
	if opened := s.openedPods(); len(opened) != 2 {
		t.Errorf("opened %v, want each pod once", opened)
	}
}

func TestFollowEndsWhenTheWorkflowFinishesAndLogsDrain(t *testing.T) {
	s := newFakeSource()
	log := s.pipe("wf-debian")
	s.errs["wf-busybox"] = errors.New(`container "main" in pod "wf-busybox" is waiting to start: ErrImagePull`)
	updates := make(chan Update)
	out := &syncBuffer{}
	result := follow(context.Background(), &Reader{Source: s, Options: &Options{Follow: true}}, out, updates)

	debian := loopPods[0]
	debian.HasLog = true
	updates <- Update{Pods: []Pod{debian, loopPods[1]}}
	expectRunning(t, result)
	// The workflow finished: the second pod never started, and a third
	// node's pod was collected before anyone saw it.
	collected := Pod{NodeID: "n2", DisplayName: "collected", HasLog: true}
	updates <- Update{Pods: []Pod{debian, loopPods[1], collected}}
	close(updates)
	writeLine(t, log, "last words")
	expectRunning(t, result)
	log.Close()
	if err := expectReturn(t, result); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"test-linux(0:debian): last words\n",
		"test-linux(1:busybox): log unavailable: container \"main\" in pod \"wf-busybox\" is waiting to start: ErrImagePull\n",
		"collected: log unavailable: the node has no pod (deleted, or never made)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestFollowWithoutPodsEndsWithTheWorkflow(t *testing.T) {
	updates := make(chan Update, 2)
	updates <- Update{}
	updates <- Update{Err: errors.New("watching workflow wf: connection refused")}
	close(updates)
	out := &syncBuffer{}
	if err := (&Reader{Source: newFakeSource(), Options: &Options{}}).Follow(context.Background(), out, updates); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "log stream incomplete: watching workflow wf: connection refused\n" {
		t.Errorf("got %q", got)
	}
}

func TestFollowCapsConcurrentStreams(t *testing.T) {
	s := newFakeSource()
	pods := []Pod{{Name: "a", HasLog: true}, {Name: "b", HasLog: true}, {Name: "c", HasLog: true}}
	logs := map[string]interface{ Close() error }{}
	for _, p := range pods {
		logs[p.Name] = s.pipe(p.Name)
	}
	updates := make(chan Update, 1)
	updates <- Update{Pods: pods}
	close(updates)
	result := follow(context.Background(), &Reader{Source: s, Options: &Options{}, MaxStreams: 2}, &syncBuffer{}, updates)

	waitFor(t, "two streams", func() bool { return len(s.openedPods()) == 2 })
	expectRunning(t, result)
	if opened := s.openedPods(); len(opened) != 2 {
		t.Fatalf("opened %v with MaxStreams 2", opened)
	}
	logs[s.openedPods()[0]].Close()
	waitFor(t, "the third stream", func() bool { return len(s.openedPods()) == 3 })
	for _, log := range logs {
		log.Close()
	}
	if err := expectReturn(t, result); err != nil {
		t.Fatal(err)
	}
}

func TestFollowSelectsOnePod(t *testing.T) {
	s := newFakeSource()
	s.logs["wf-busybox"] = "only me\n"
	updates := make(chan Update, 1)
	pods := []Pod{{Name: "wf-debian", NodeID: "n0", HasLog: true}, {Name: "wf-busybox", NodeID: "n1", HasLog: true}}
	updates <- Update{Pods: pods}
	close(updates)
	out := &syncBuffer{}
	if err := (&Reader{Source: s, Options: &Options{NodeID: "n1"}}).Follow(context.Background(), out, updates); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "only me\n" {
		t.Errorf("got %q", got)
	}
	if opened := s.openedPods(); len(opened) != 1 || opened[0] != "wf-busybox" {
		t.Errorf("opened %v", opened)
	}
}

func TestFollowStopsWhenCancelled(t *testing.T) {
	s := newFakeSource()
	s.pipe("wf-debian")
	updates := make(chan Update) // a workflow that never finishes
	ctx, cancel := context.WithCancel(context.Background())
	result := follow(ctx, &Reader{Source: s, Options: &Options{}}, &syncBuffer{}, updates)
	debian := loopPods[0]
	debian.HasLog = true
	updates <- Update{Pods: []Pod{debian}}
	waitFor(t, "the stream", func() bool { return len(s.openedPods()) == 1 })
	cancel()
	if err := expectReturn(t, result); !errors.Is(err, context.Canceled) {
		t.Errorf("Follow returned %v, want context.Canceled", err)
	}
}

func TestFollowStopsWhenTheClientIsGone(t *testing.T) {
	s := newFakeSource()
	stream := s.pipe("wf-debian")
	quiet := s.pipe("wf-busybox")
	defer quiet.Close()
	updates := make(chan Update) // a workflow that never finishes
	pods := []Pod{loopPods[0], loopPods[1]}
	pods[0].HasLog, pods[1].HasLog = true, true
	result := make(chan error, 1)
	go func() {
		result <- (&Reader{Source: s, Options: &Options{}}).Follow(context.Background(), failingWriter{}, updates)
	}()
	updates <- Update{Pods: pods}
	writeLine(t, stream, "nobody reads this")
	if err := expectReturn(t, result); err == nil {
		t.Error("Follow went on after a failed write")
	}
}
