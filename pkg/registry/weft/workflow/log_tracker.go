package workflow

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metainternalversion "k8s.io/apimachinery/pkg/apis/meta/internalversion"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/logs"
)

// rewatchDelay is the pause before a watch that ended is started again.
const rewatchDelay = time.Second

// tracker follows a running workflow, through weft-apiserver's own storage,
// and its pods, through the kube-apiserver, and tells logs.Reader.Follow
// which pods there are until the workflow finishes or is deleted.
type tracker struct {
	workflows workflowSource
	pods      corev1client.PodInterface
	container string
	delay     time.Duration

	wf      *weft.Workflow
	deleted bool
	// final says the workflow has ended: its nodes that have no pod count.
	final bool
	seen  map[string]*corev1.Pod
	gone  map[string]bool
	sent  []logs.Pod
}

func newTracker(workflows workflowSource, pods corev1client.PodInterface, wf *weft.Workflow, container string) *tracker {
	return &tracker{
		workflows: workflows, pods: pods, container: container, delay: rewatchDelay,
		wf: wf, seen: map[string]*corev1.Pod{}, gone: map[string]bool{},
	}
}

// run sends updates until the workflow has finished and the last update
// holds every pod it ran, then closes updates. When it cannot go on, it
// sends why in a last update. It returns when ctx is done.
func (t *tracker) run(ctx context.Context, updates chan<- logs.Update) {
	defer close(updates)
	err := t.track(ctx, updates)
	if err != nil && ctx.Err() == nil {
		select {
		case updates <- logs.Update{Pods: t.described(), Err: err}:
		case <-ctx.Done():
		}
	}
}

func (t *tracker) track(ctx context.Context, updates chan<- logs.Update) error {
	wf, err := withNodes(t.wf)
	if err != nil {
		return err
	}
	t.wf = wf
	pods, err := t.watchPods(ctx)
	if err != nil {
		return err
	}
	defer func() { stopWatch(pods) }()
	workflow, err := t.watchWorkflow(ctx)
	if err != nil {
		return err
	}
	defer func() { stopWatch(workflow) }()
	for !t.deleted && !finished(t.wf) {
		if err := t.send(ctx, updates); err != nil {
			return err
		}
		select {
		case event, ok := <-pods.ResultChan():
			if ok && event.Type != watch.Error {
				t.observePod(event)
				continue
			}
			pods.Stop()
			if pods, err = t.rewatch(ctx, t.watchPods); err != nil {
				return err
			}
		case event, ok := <-workflow.ResultChan():
			if ok && event.Type != watch.Error {
				if err := t.observeWorkflow(event); err != nil {
					return err
				}
				continue
			}
			workflow.Stop()
			if workflow, err = t.rewatch(ctx, t.refreshWorkflow); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// Every pod was created before the workflow finished; a fresh list has
	// those the watch did not show yet.
	if _, err := t.list(ctx); err != nil {
		return err
	}
	t.final, t.sent = true, nil
	return t.send(ctx, updates)
}

// stopWatch stops w, unless a failed restart left none.
func stopWatch(w watch.Interface) {
	if w != nil {
		w.Stop()
	}
}

// watchPods lists the workflow's pods and watches them from there on.
func (t *tracker) watchPods(ctx context.Context) (watch.Interface, error) {
	resourceVersion, err := t.list(ctx)
	if err != nil {
		return nil, err
	}
	w, err := t.pods.Watch(ctx, metav1.ListOptions{LabelSelector: podSelector(t.wf.Name), ResourceVersion: resourceVersion})
	if err != nil {
		return nil, fmt.Errorf("watching the pods of workflow %q: %w", t.wf.Name, err)
	}
	return w, nil
}

// list adds the workflow's pods to those seen; a seen pod that is no
// longer listed is gone. It returns the list's resource version.
func (t *tracker) list(ctx context.Context) (string, error) {
	pods, resourceVersion, err := listPods(ctx, t.pods, t.wf)
	if err != nil {
		return "", fmt.Errorf("listing the pods of workflow %q: %w", t.wf.Name, err)
	}
	listed := map[string]bool{}
	for _, pod := range pods {
		listed[pod.Name] = true
		t.seen[pod.Name] = pod
	}
	for name := range t.seen {
		if !listed[name] {
			t.gone[name] = true
		}
	}
	return resourceVersion, nil
}

// watchWorkflow watches the workflow from the version last seen.
func (t *tracker) watchWorkflow(ctx context.Context) (watch.Interface, error) {
	w, err := t.workflows.Watch(ctx, &metainternalversion.ListOptions{
		FieldSelector:   fields.OneTermEqualSelector("metadata.name", t.wf.Name),
		ResourceVersion: t.wf.ResourceVersion,
	})
	if err != nil {
		return nil, fmt.Errorf("watching workflow %q: %w", t.wf.Name, err)
	}
	return w, nil
}

// refreshWorkflow gets the workflow again and watches it from there on. A
// workflow deleted meanwhile has a watch that never sends.
func (t *tracker) refreshWorkflow(ctx context.Context) (watch.Interface, error) {
	obj, err := t.workflows.Get(ctx, t.wf.Name, &metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		t.deleted = true
		return watch.NewEmptyWatch(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("getting workflow %q: %w", t.wf.Name, err)
	}
	if t.wf, err = withNodes(obj.(*weft.Workflow)); err != nil {
		return nil, err
	}
	return t.watchWorkflow(ctx)
}

// rewatch starts a watch that ended again, after a pause.
func (t *tracker) rewatch(ctx context.Context, start func(context.Context) (watch.Interface, error)) (watch.Interface, error) {
	select {
	case <-time.After(t.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return start(ctx)
}

func (t *tracker) observePod(event watch.Event) {
	pod, ok := event.Object.(*corev1.Pod)
	if !ok || !ownPod(t.wf, pod) {
		return
	}
	switch event.Type {
	case watch.Added, watch.Modified:
		t.seen[pod.Name] = pod
	case watch.Deleted:
		t.seen[pod.Name] = pod
		t.gone[pod.Name] = true
	}
}

// observeWorkflow keeps the workflow an event brings, or notes its deletion.
func (t *tracker) observeWorkflow(event watch.Event) error {
	obj := event.Object
	if cached, ok := obj.(runtime.CacheableObject); ok {
		obj = cached.GetObject() // the watch cache wraps what it sends
	}
	wf, ok := obj.(*weft.Workflow)
	if !ok {
		return nil
	}
	switch event.Type {
	case watch.Added, watch.Modified:
		unpacked, err := withNodes(wf)
		if err != nil {
			return err
		}
		t.wf = unpacked
	case watch.Deleted:
		t.deleted = true
	}
	return nil
}

// described are the pods seen so far, for the log reader.
func (t *tracker) described() []logs.Pod {
	return logPods(t.wf, slices.Collect(maps.Values(t.seen)), t.container, t.gone, t.final)
}

// send sends the pods seen, unless they are as last sent.
func (t *tracker) send(ctx context.Context, updates chan<- logs.Update) error {
	pods := t.described()
	if t.sent != nil && slices.Equal(pods, t.sent) {
		return nil
	}
	select {
	case updates <- logs.Update{Pods: pods}:
		t.sent = pods
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
