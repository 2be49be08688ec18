package controllerpath

import (
	"context"
	"fmt"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// writeCounter counts the writes to the workflows of one namespace by their
// resourceVersion changes, watching metadata only so that a large status
// is not carried to the benchmark on every write.
type writeCounter struct {
	mu       sync.Mutex
	versions map[string]string
	writes   []time.Time
	lastSeen time.Time
	shutdown func()
}

// countWrites starts watching namespace's workflows and returns once the
// watch is established.
func countWrites(ctx context.Context, config *rest.Config, namespace string) (*writeCounter, error) {
	client, err := metadata.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	factory := metadatainformer.NewFilteredSharedInformerFactory(client, 0, namespace, nil)
	w := &writeCounter{versions: map[string]string{}}
	w.shutdown = func() { cancel(); factory.Shutdown() }
	informer := factory.ForResource(v1alpha1.SchemeGroupVersion.WithResource("workflows")).Informer()
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

func (w *writeCounter) observe(obj any) {
	m, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return
	}
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastSeen = now
	previous, seen := w.versions[m.Name]
	if seen && previous != m.ResourceVersion {
		w.writes = append(w.writes, now)
	}
	w.versions[m.Name] = m.ResourceVersion
}

// summary is how many writes followed the creations, and the mean time from
// one to the next: the time each write took, writes being back to back
// while the controller has work.
func (w *writeCounter) summary() (count int, meanInterval time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	count = len(w.writes)
	if count < 2 {
		return count, 0
	}
	return count, w.writes[count-1].Sub(w.writes[0]) / time.Duration(count-1)
}

// quietFor is the time since a workflow was last created or written.
func (w *writeCounter) quietFor() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lastSeen.IsZero() {
		return 0
	}
	return time.Since(w.lastSeen)
}
