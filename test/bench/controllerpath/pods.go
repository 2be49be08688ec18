package controllerpath

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// podTracker watches the pods of one namespace: when each was first seen,
// and how many succeeded or failed.
type podTracker struct {
	want int

	mu        sync.Mutex
	firstSeen map[string]time.Time
	succeeded map[string]time.Time
	failed    map[string]bool
	done      chan struct{}
	stop      func()
}

// trackPods starts watching namespace's pods and returns once the watch is
// established; want is how many pods make the scenario complete.
func trackPods(ctx context.Context, kube kubernetes.Interface, namespace string, want int) (*podTracker, error) {
	ctx, cancel := context.WithCancel(ctx)
	factory := informers.NewSharedInformerFactoryWithOptions(kube, 0, informers.WithNamespace(namespace))
	t := &podTracker{want: want, firstSeen: map[string]time.Time{}, succeeded: map[string]time.Time{}, failed: map[string]bool{}, done: make(chan struct{})}
	t.stop = func() { cancel(); factory.Shutdown() }
	informer := factory.Core().V1().Pods().Informer()
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    t.observe,
		UpdateFunc: func(_, obj any) { t.observe(obj) },
	}); err != nil {
		t.stop()
		return nil, err
	}
	factory.Start(ctx.Done())
	for _, synced := range factory.WaitForCacheSync(ctx.Done()) {
		if !synced {
			t.stop()
			return nil, fmt.Errorf("watching the pods of namespace %s: the watch did not start", namespace)
		}
	}
	return t, nil
}

func (t *podTracker) observe(obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return
	}
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, seen := t.firstSeen[pod.Name]; !seen {
		t.firstSeen[pod.Name] = now
	}
	switch pod.Status.Phase {
	case corev1.PodSucceeded:
		if _, counted := t.succeeded[pod.Name]; !counted {
			t.succeeded[pod.Name] = now
			if len(t.succeeded) == t.want {
				close(t.done)
			}
		}
	case corev1.PodFailed:
		t.failed[pod.Name] = true
	}
}

// waitSucceeded waits until want pods succeeded, and returns when the last
// of them was seen to succeed. It fails when a pod fails or timeout passes.
func (t *podTracker) waitSucceeded(ctx context.Context, timeout time.Duration) (time.Time, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-t.done:
			return t.lastSucceeded(), nil
		case <-tick.C:
			if failed := t.failedPods(); len(failed) > 0 {
				return time.Time{}, fmt.Errorf("pods failed: %s; a simulated pod should always succeed", strings.Join(failed, ", "))
			}
		case <-timer.C:
			t.mu.Lock()
			seen, succeeded := len(t.firstSeen), len(t.succeeded)
			t.mu.Unlock()
			return time.Time{}, fmt.Errorf("after %s, %d of %d pods exist and %d succeeded", timeout, seen, t.want, succeeded)
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		}
	}
}

func (t *podTracker) failedPods() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	names := slices.Sorted(maps.Keys(t.failed))
	if len(names) > 5 {
		names = append(names[:5], fmt.Sprintf("and %d more", len(names)-5))
	}
	return names
}

func (t *podTracker) lastSucceeded() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	var last time.Time
	for _, at := range t.succeeded {
		if at.After(last) {
			last = at
		}
	}
	return last
}

// seen is how many pods were seen.
func (t *podTracker) seen() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.firstSeen)
}

// createRate is pods per second while they are created, from the tenth
// to the ninetieth percentile of the times pods were first seen.
func (t *podTracker) createRate() float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	times := make([]time.Time, 0, len(t.firstSeen))
	for _, at := range t.firstSeen {
		times = append(times, at)
	}
	return ratePerSecond(times)
}

// ratePerSecond is how many events per second the middle 80% of times
// span: the events after the one at the tenth percentile, up to the one at
// the ninetieth, over the time between those two. The first and last tenth
// are left out because a run's start and end (a client warming up, a
// straggler retried) say little of its rate and vary the most between
// runs. 0 when those two events are the same or at the same time.
func ratePerSecond(times []time.Time) float64 {
	sorted := slices.Clone(times)
	slices.SortFunc(sorted, func(a, b time.Time) int { return a.Compare(b) })
	first, last := len(sorted)/10, len(sorted)-1-len(sorted)/10
	if last <= first {
		return 0
	}
	span := sorted[last].Sub(sorted[first]).Seconds()
	if span <= 0 {
		return 0
	}
	return float64(last-first) / span
}
