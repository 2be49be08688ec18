package controllerpath

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/cmd/controller/app"
)

func TestRatePerSecond(t *testing.T) {
	start := time.Unix(1000, 0)
	times := []time.Time{start.Add(2 * time.Second), start, start.Add(time.Second), start.Add(4 * time.Second)}
	if got := ratePerSecond(times); got != 0.75 {
		t.Errorf("4 events over 4 s: %v per second, want 0.75 (3 after the first)", got)
	}
	// 20 events a second apart, but for a slow first and last one: the
	// middle 80% of them decide.
	steady := []time.Time{start}
	for i := range 18 {
		steady = append(steady, start.Add(time.Minute+time.Duration(i)*time.Second))
	}
	steady = append(steady, start.Add(5*time.Minute))
	if got := ratePerSecond(steady); got != 1 {
		t.Errorf("18 events a second apart between a slow first and last: %v per second, want 1", got)
	}
	if got := ratePerSecond(times[:1]); got != 0 {
		t.Errorf("one event: %v, want 0", got)
	}
	if got := ratePerSecond([]time.Time{start, start}); got != 0 {
		t.Errorf("two events at once: %v, want 0", got)
	}
}

func TestCreatePodsCreatesEveryPodOnce(t *testing.T) {
	client := fake.NewClientset()
	if err := createPods(context.Background(), client, "bench", 100); err != nil {
		t.Fatal(err)
	}
	pods, err := client.CoreV1().Pods("bench").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pods.Items) != 100 {
		t.Errorf("%d pods, want 100", len(pods.Items))
	}
}

func TestCreatePodsStopsAtARefusal(t *testing.T) {
	client := fake.NewClientset()
	client.PrependReactor("create", "pods", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("quota exceeded")
	})
	err := createPods(context.Background(), client, "bench", 1000)
	if err == nil || !strings.Contains(err.Error(), "quota exceeded") {
		t.Errorf("error %v, want the refusal", err)
	}
}

func TestPodTrackerEndsWhenEveryPodSucceeded(t *testing.T) {
	tracker := &podTracker{want: 2, firstSeen: map[string]time.Time{}, succeeded: map[string]time.Time{}, failed: map[string]bool{}, done: make(chan struct{})}
	pod := func(name string, phase corev1.PodPhase) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Status: corev1.PodStatus{Phase: phase}}
	}
	tracker.observe(pod("a", corev1.PodPending))
	tracker.observe(pod("b", corev1.PodRunning))
	tracker.observe(pod("a", corev1.PodSucceeded))
	tracker.observe(pod("a", corev1.PodSucceeded))
	if _, err := tracker.waitSucceeded(context.Background(), 10*time.Millisecond); err == nil {
		t.Fatal("one of two pods succeeded, yet the wait ended without error")
	}
	tracker.observe(pod("b", corev1.PodSucceeded))
	if _, err := tracker.waitSucceeded(context.Background(), time.Second); err != nil {
		t.Errorf("both pods succeeded: %v", err)
	}
	if tracker.seen() != 2 {
		t.Errorf("seen %d pods, want 2", tracker.seen())
	}
}

func TestLimitSettings(t *testing.T) {
	flags := pflag.NewFlagSet("weft-controller", pflag.ContinueOnError)
	app.NewOptions().AddFlags(flags)
	quick, err := limitSettings(true)
	if err != nil {
		t.Fatal(err)
	}
	if len(quick) != 1 || quick[0].set || quick[0].controllerOptions().QPS != 0 {
		t.Errorf("quick: %+v, want only the controller's defaults", quick)
	}
	if got := flags.Lookup(kubeQPSFlag).DefValue; got != strconv.FormatFloat(float64(quick[0].QPS), 'g', -1, 32) {
		t.Errorf("default QPS %v, the controller's flag says %s", quick[0].QPS, got)
	}
	full, err := limitSettings(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(full) != 2 || full[1].controllerOptions().QPS != 20 || full[1].controllerOptions().Burst != 30 {
		t.Fatalf("full: %+v, want the defaults and Argo's 20/30", full)
	}
	argo := app.NewOptions()
	argoFlags := pflag.NewFlagSet("weft-controller", pflag.ContinueOnError)
	argo.AddFlags(argoFlags)
	if err := argoFlags.Parse(full[1].controllerOptions().Args); err != nil {
		t.Fatalf("the controller refuses Argo's settings: %v", err)
	}
	if argo.WeftQPS != 20 || argo.WeftBurst != 30 {
		t.Errorf("Argo's settings give Weft's API QPS %v/burst %d, want 20/30", argo.WeftQPS, argo.WeftBurst)
	}
}

func TestInParallelCallsEachIndexOnce(t *testing.T) {
	var mu sync.Mutex
	calls := map[int]int{}
	if err := inParallel(500, 32, func(i int) error {
		mu.Lock()
		calls[i]++
		mu.Unlock()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		if calls[i] != 1 {
			t.Fatalf("index %d called %d times, want once", i, calls[i])
		}
	}
}

func TestInParallelStopsStartingAfterAnError(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	err := inParallel(10000, 4, func(int) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return errors.New("refused")
	})
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("error %v, want the refusal", err)
	}
	if calls > 100 {
		t.Errorf("%d calls after every call failed, want the loop to stop", calls)
	}
}

func TestLastErrorLineReadsOnlyWhatFollowsTheOffset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "controller.log")
	before := "E1201 16:00:00.000000 1 controller.go:1] \"old failure\"\n"
	after := "I1201 16:00:01.000000 1 controller.go:1] \"fine\"\nE1201 16:00:02.000000 1 controller.go:2] \"new failure\"\nI1201 16:00:03.000000 1 controller.go:1] \"fine\"\n"
	if err := os.WriteFile(path, []byte(before+after), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := lastErrorLine(path, int64(len(before))); got != `"new failure"` {
		t.Errorf("after the offset: %q, want the new failure", got)
	}
	if got := lastErrorLine(path, int64(len(before+after))); got != "" {
		t.Errorf("at the end: %q, want none", got)
	}
}

func TestActivityCountsResourceVersionChanges(t *testing.T) {
	a := &activity{versions: map[string]string{}}
	if a.quietFor() != 0 {
		t.Errorf("nothing seen yet, quiet for %s; want 0", a.quietFor())
	}
	version := func(rv string) *metav1.PartialObjectMetadata {
		return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "wf", ResourceVersion: rv}}
	}
	for _, rv := range []string{"1", "1", "2", "3"} {
		a.observeWorkflow(version(rv))
	}
	if count, _ := a.writeSummary(); count != 2 {
		t.Errorf("%d writes, want 2 (the creation and a resync are none)", count)
	}
}

func TestStatusProgress(t *testing.T) {
	if got := statusProgress([]byte(`{"status":{"phase":"Running","progress":"1200/10000"}}`)); got != "1200/10000" {
		t.Errorf("progress %q, want 1200/10000", got)
	}
	if got := statusProgress([]byte(`{"status":{}}`)); got != "unknown" {
		t.Errorf("no progress: %q, want unknown", got)
	}
}
