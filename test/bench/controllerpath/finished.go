package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

// finishedSelector selects workflows in a final phase, so that watching a
// large workflow does not carry every status write to the benchmark.
const finishedSelector = "status.phase!=,status.phase!=Pending,status.phase!=Running"

// finished is one workflow that ended.
type finished struct {
	name    string
	phase   v1alpha1.WorkflowPhase
	message string
	at      time.Time
}

// finishWatcher watches one namespace for workflows that end.
type finishWatcher struct {
	mu       sync.Mutex
	ended    map[string]finished
	changed  chan struct{}
	shutdown func()
}

// watchFinished starts watching namespace for workflows that end and
// returns once the watch is established.
func watchFinished(ctx context.Context, weft versioned.Interface, namespace string) (*finishWatcher, error) {
	ctx, cancel := context.WithCancel(ctx)
	factory := weftinformers.NewSharedInformerFactoryWithOptions(weft, 0, weftinformers.WithNamespace(namespace),
		weftinformers.WithTweakListOptions(func(o *metav1.ListOptions) { o.FieldSelector = finishedSelector }))
	w := &finishWatcher{ended: map[string]finished{}, changed: make(chan struct{}, 1)}
	w.shutdown = func() { cancel(); factory.Shutdown() }
	informer := factory.Weft().V1alpha1().Workflows().Informer()
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    w.observe,
		UpdateFunc: func(_, obj any) { w.observe(obj) },
	}); err != nil {
		w.shutdown()
		return nil, err
	}
	factory.Start(ctx.Done())
	for _, synced := range factory.WaitForCacheSync(ctx.Done()) {
		if !synced {
			w.shutdown()
			return nil, fmt.Errorf("watching the workflows of namespace %s: the watch did not start", namespace)
		}
	}
	return w, nil
}

func (w *finishWatcher) observe(obj any) {
	wf, ok := obj.(*v1alpha1.Workflow)
	if !ok || !ended(wf.Status.Phase) {
		return
	}
	now := time.Now()
	w.mu.Lock()
	if _, seen := w.ended[wf.Name]; !seen {
		w.ended[wf.Name] = finished{name: wf.Name, phase: wf.Status.Phase, message: wf.Status.Message, at: now}
	}
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

func ended(phase v1alpha1.WorkflowPhase) bool {
	switch phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// errNotYet is the error of a wait that timed out.
var errNotYet = errors.New("not yet")

// waitSucceeded waits until want workflows ended and returns when the last
// ended. It fails as soon as one ends other than Succeeded, or when timeout
// passes.
func (w *finishWatcher) waitSucceeded(ctx context.Context, want int, timeout time.Duration) (time.Time, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		last, count, failure := w.summary()
		if failure != "" {
			return time.Time{}, fmt.Errorf("%s", failure)
		}
		if count >= want {
			return last, nil
		}
		select {
		case <-w.changed:
		case <-timer.C:
			return time.Time{}, fmt.Errorf("after %s, %d of %d workflows ended: %w", timeout, count, want, errNotYet)
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		}
	}
}

// summary is when the last workflow ended, how many ended, and a
// description of those that did not succeed, if any.
func (w *finishWatcher) summary() (time.Time, int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var last time.Time
	var failures []string
	for _, f := range w.ended {
		if f.at.After(last) {
			last = f.at
		}
		if f.phase != v1alpha1.WorkflowSucceeded {
			failures = append(failures, fmt.Sprintf("workflow %s ended %s: %s", f.name, f.phase, f.message))
		}
	}
	sort.Strings(failures)
	return last, len(w.ended), strings.Join(failures, "; ")
}
