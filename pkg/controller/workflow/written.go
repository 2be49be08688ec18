package workflow

import (
	"strconv"
	"sync"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// writtenWorkflows remembers, per workflow, the object its last status
// write returned. The informer delivers a big workflow's writes late (a
// 50,000-node status is tens of megabytes to decode), and a sync that
// starts from the informer's older copy only earns a conflict: it starts
// from the newer written one instead.
type writtenWorkflows struct {
	mu      sync.Mutex
	objects map[string]*v1alpha1.Workflow
}

func newWrittenWorkflows() *writtenWorkflows {
	return &writtenWorkflows{objects: map[string]*v1alpha1.Workflow{}}
}

// remember records what a write of key returned.
func (w *writtenWorkflows) remember(key string, wf *v1alpha1.Workflow) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.objects[key] = wf
}

// forget drops key, e.g. once its workflow is deleted.
func (w *writtenWorkflows) forget(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.objects, key)
}

// newest returns the newer of the informer's copy and the written one of
// key, and forgets the written one once the informer has caught up with it.
// Weft's resourceVersions are etcd revisions, so they order; when either
// cannot be read as one, the informer's copy wins.
func (w *writtenWorkflows) newest(key string, cached *v1alpha1.Workflow) *v1alpha1.Workflow {
	w.mu.Lock()
	defer w.mu.Unlock()
	written, ok := w.objects[key]
	if !ok {
		return cached
	}
	writtenVersion, errWritten := strconv.ParseUint(written.ResourceVersion, 10, 64)
	cachedVersion, errCached := strconv.ParseUint(cached.ResourceVersion, 10, 64)
	if errWritten != nil || errCached != nil || written.UID != cached.UID || cachedVersion >= writtenVersion {
		delete(w.objects, key)
		return cached
	}
	return written
}
