package controllerpath

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// activity follows what the controller does in one namespace: the writes
// to its workflows, counted by their resourceVersion changes, and the pods
// it creates. It watches metadata only, so that a large status is not
// carried to the benchmark on every write.
type activity struct {
	mu       sync.Mutex
	versions map[string]string
	writes   []time.Time
	pods     int
	lastSeen time.Time
	shutdown func()
}

// watchActivity starts watching namespace's workflows and pods and returns
// once the watches are established.
func watchActivity(ctx context.Context, config *rest.Config, namespace string) (*activity, error) {
	client, err := metadata.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	factory := metadatainformer.NewFilteredSharedInformerFactory(client, 0, namespace, nil)
	a := &activity{versions: map[string]string{}}
	a.shutdown = func() { cancel(); factory.Shutdown() }
	workflows := factory.ForResource(v1alpha1.SchemeGroupVersion.WithResource("workflows")).Informer()
	pods := factory.ForResource(corev1.SchemeGroupVersion.WithResource("pods")).Informer()
	for _, handler := range []struct {
		informer cache.SharedIndexInformer
		funcs    cache.ResourceEventHandlerFuncs
	}{
		{workflows, cache.ResourceEventHandlerFuncs{AddFunc: a.observeWorkflow, UpdateFunc: func(_, obj any) { a.observeWorkflow(obj) }}},
		{pods, cache.ResourceEventHandlerFuncs{AddFunc: func(any) { a.observePod() }}},
	} {
		if _, err := handler.informer.AddEventHandler(handler.funcs); err != nil {
			a.shutdown()
			return nil, err
		}
	}
	factory.Start(ctx.Done())
	for _, synced := range factory.WaitForCacheSync(ctx.Done()) {
		if !synced {
			a.shutdown()
			return nil, fmt.Errorf("watching the workflows and pods of namespace %s: the watch did not start", namespace)
		}
	}
	return a, nil
}

func (a *activity) observeWorkflow(obj any) {
	m, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return
	}
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lastSeen = now
	previous, seen := a.versions[m.Name]
	if seen && previous != m.ResourceVersion {
		a.writes = append(a.writes, now)
	}
	a.versions[m.Name] = m.ResourceVersion
}

func (a *activity) observePod() {
	now := time.Now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pods++
	a.lastSeen = now
}

// podsCreated is how many pods were seen created.
func (a *activity) podsCreated() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.pods
}

// writeSummary is how many writes followed the creations, and the mean
// time from one to the next.
func (a *activity) writeSummary() (count int, meanInterval time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	count = len(a.writes)
	if count < 2 {
		return count, 0
	}
	return count, a.writes[count-1].Sub(a.writes[0]) / time.Duration(count-1)
}

// quietFor is the time since a workflow was last created or written, or a
// pod created.
func (a *activity) quietFor() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.lastSeen.IsZero() {
		return 0
	}
	return time.Since(a.lastSeen)
}
