package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// watchEvent is one line of a workflow watch.
type watchEvent struct {
	// Type is ADDED, MODIFIED, DELETED or ERROR.
	Type watch.EventType `json:"type"`
	// Workflow is the workflow as the event left it, nodes unpacked.
	Workflow *v1alpha1.Workflow `json:"workflow,omitempty"`
	// PodNames are the pods of its pod nodes, by node ID.
	PodNames map[string]string `json:"podNames,omitempty"`
	// Status says what went wrong, for an ERROR.
	Status *metav1.Status `json:"status,omitempty"`
}

// change is what the watch of one workflow saw: a new state, or an error
// that ends the watch.
type change struct {
	kind     watch.EventType
	workflow *v1alpha1.Workflow
	err      error
}

// watchWorkflow streams a workflow's changes as newline-delimited JSON: it
// starts with ADDED and its current state, then sends MODIFIED and DELETED,
// at most one event per watch interval with the latest state, until the
// client goes away.
func (h *handler) watchWorkflow(w http.ResponseWriter, r *http.Request) {
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	ns, name := r.PathValue("ns"), r.PathValue("name")
	client := c.Weft.WeftV1alpha1().Workflows(ns)
	wf, err := client.Get(r.Context(), name, metav1.GetOptions{})
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading workflow %s/%s", ns, name))
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	s := &stream{w: w, flush: http.NewResponseController(w).Flush}
	if !s.send(change{kind: watch.Added, workflow: wf}) {
		return
	}
	changes := make(chan change)
	go follow(r.Context(), client, name, wf.ResourceVersion, h.watchInterval, changes)
	s.pace(r.Context(), changes, h.watchInterval)
}

// stream writes the events of one watch.
type stream struct {
	w     http.ResponseWriter
	flush func() error
}

// send writes one event and flushes it; false when the client is gone.
func (s *stream) send(c change) bool {
	ev := watchEvent{Type: c.kind}
	switch {
	case c.err != nil:
		ev.Type = watch.Error
		status := statusOf(c.err, "watching the workflow")
		ev.Status = &status
	default:
		view, err := viewOf(c.workflow)
		if err != nil {
			ev.Type = watch.Error
			status := statusOf(err, "showing the workflow")
			ev.Status = &status
			break
		}
		ev.Workflow, ev.PodNames = view.Workflow, view.PodNames
	}
	if err := json.NewEncoder(s.w).Encode(ev); err != nil {
		return false
	}
	return s.flush() == nil
}

// pace sends the changes at most once per interval, the latest state of
// each interval winning, until the client goes away or the watch ends.
func (s *stream) pace(ctx context.Context, changes <-chan change, interval time.Duration) {
	var pending *change
	var due <-chan time.Time
	lastSent := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case c, open := <-changes:
			if !open {
				if pending != nil {
					s.send(*pending)
				}
				return
			}
			pending = &c
			if due == nil {
				due = time.After(time.Until(lastSent.Add(interval)))
			}
		case <-due:
			due = nil
			if !s.send(*pending) || pending.err != nil {
				return
			}
			pending, lastSent = nil, time.Now()
		}
	}
}

// follow watches the named workflow from resourceVersion and sends what it
// sees to out until ctx ends or an error ends the watch, then closes out.
// A watch the server ends is started again where it was, after retryPause
// when it saw nothing; one whose resource version expired reads the
// workflow anew.
func follow(ctx context.Context, client weftclient.WorkflowInterface, name, resourceVersion string, retryPause time.Duration, out chan<- change) {
	defer close(out)
	f := &follower{ctx: ctx, client: client, name: name, resourceVersion: resourceVersion, out: out}
	for {
		seen, goOn := f.watchOnce()
		if !goOn {
			return
		}
		if !seen {
			select {
			case <-ctx.Done():
				return
			case <-time.After(retryPause):
			}
		}
	}
}

// follower is the state of follow.
type follower struct {
	ctx             context.Context
	client          weftclient.WorkflowInterface
	name            string
	resourceVersion string
	out             chan<- change
}

// emit sends c, false when ctx ended first.
func (f *follower) emit(c change) bool {
	select {
	case f.out <- c:
		return true
	case <-f.ctx.Done():
		return false
	}
}

// watchOnce runs one watch until the server ends it: seen says it had
// events, goOn that another is to follow.
func (f *follower) watchOnce() (seen, goOn bool) {
	selector := fields.OneTermEqualSelector("metadata.name", f.name).String()
	w, err := f.client.Watch(f.ctx, metav1.ListOptions{FieldSelector: selector, ResourceVersion: f.resourceVersion})
	if err != nil {
		f.emit(change{err: err})
		return false, false
	}
	defer w.Stop()
	for {
		var ev watch.Event
		var open bool
		select {
		case <-f.ctx.Done():
			return seen, false
		case ev, open = <-w.ResultChan():
		}
		if !open {
			return seen, true
		}
		seen = true
		if ev.Type == watch.Error {
			return seen, f.recover(apierrors.FromObject(ev.Object))
		}
		wf, ok := ev.Object.(*v1alpha1.Workflow)
		if !ok || wf.Name != f.name {
			continue
		}
		f.resourceVersion = wf.ResourceVersion
		if !f.emit(change{kind: ev.Type, workflow: wf}) {
			return seen, false
		}
	}
}

// recover handles an error the watch sent: an expired resource version
// reads the workflow anew and goes on; any other error ends the stream.
func (f *follower) recover(err error) (goOn bool) {
	if !apierrors.IsResourceExpired(err) && !apierrors.IsGone(err) {
		f.emit(change{err: err})
		return false
	}
	wf, err := f.client.Get(f.ctx, f.name, metav1.GetOptions{})
	if err != nil {
		f.emit(change{err: err})
		return false
	}
	f.resourceVersion = wf.ResourceVersion
	return f.emit(change{kind: watch.Modified, workflow: wf})
}
