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
// A watch the server ends is started again where it was; one whose
// resource version expired reads the workflow anew.
func follow(ctx context.Context, client weftclient.WorkflowInterface, name, resourceVersion string, retryPause time.Duration, out chan<- change) {
	defer close(out)
	emit := func(c change) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	selector := fields.OneTermEqualSelector("metadata.name", name).String()
	for ctx.Err() == nil {
		w, err := client.Watch(ctx, metav1.ListOptions{FieldSelector: selector, ResourceVersion: resourceVersion})
		if err != nil {
			emit(change{err: err})
			return
		}
		seen := false
		for ev := range w.ResultChan() {
			seen = true
			if ev.Type == watch.Error {
				err := apierrors.FromObject(ev.Object)
				if !apierrors.IsResourceExpired(err) && !apierrors.IsGone(err) {
					w.Stop()
					emit(change{err: err})
					return
				}
				wf, err := client.Get(ctx, name, metav1.GetOptions{})
				if err != nil {
					w.Stop()
					emit(change{err: err})
					return
				}
				resourceVersion = wf.ResourceVersion
				if !emit(change{kind: watch.Modified, workflow: wf}) {
					w.Stop()
					return
				}
				break
			}
			wf, ok := ev.Object.(*v1alpha1.Workflow)
			if !ok || wf.Name != name {
				continue
			}
			resourceVersion = wf.ResourceVersion
			if !emit(change{kind: ev.Type, workflow: wf}) {
				w.Stop()
				return
			}
		}
		w.Stop()
		if !seen {
			select {
			case <-ctx.Done():
			case <-time.After(retryPause):
			}
		}
	}
}
