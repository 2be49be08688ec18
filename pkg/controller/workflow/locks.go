package workflow

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	coreinformers "k8s.io/client-go/informers/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/engine"
	weftlisters "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/synchronization"
)

// coordinator is what workflows share through ConfigMaps: the locks of
// synchronization, whose semaphore limits are ConfigMap keys, and the
// memoization caches. A nil coordinator shares nothing: workflows take no
// locks and every cache is empty.
type coordinator struct {
	locks *synchronization.Manager
	memo  *memoStore
}

// UseConfigMaps turns synchronization and memoization on, fed by an
// informer on ConfigMaps in every namespace. Call it before Run. A workflow
// waiting for a lock is synced again when the lock is released or the
// ConfigMap holding its semaphore's limit changes.
func (c *Controller) UseConfigMaps(configMaps coreinformers.ConfigMapInformer) error {
	lister := configMaps.Lister()
	co := &coordinator{
		locks: synchronization.NewManager(semaphoreLimit(lister), func(holder string) {
			c.queue.Add(synchronization.WorkflowKey(holder))
		}),
		memo: &memoStore{configMaps: lister, kube: c.kube},
	}
	changed := func(obj interface{}) {
		if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tombstone.Obj
		}
		if cm, ok := obj.(*corev1.ConfigMap); ok {
			co.locks.ConfigMapChanged(cm.Namespace, cm.Name)
		}
	}
	if _, err := configMaps.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    changed,
		UpdateFunc: func(_, obj interface{}) { changed(obj) },
		DeleteFunc: changed,
	}); err != nil {
		return err
	}
	c.synced = append(c.synced, configMaps.Informer().HasSynced)
	c.coord = co
	c.repositories.configMaps = lister
	return nil
}

// semaphoreLimit reads semaphore limits from the ConfigMap informer's cache.
func semaphoreLimit(configMaps corelisters.ConfigMapLister) synchronization.LimitFunc {
	return func(namespace, name, key string) (int, error) {
		cm, err := configMaps.ConfigMaps(namespace).Get(name)
		if apierrors.IsNotFound(err) {
			return 0, fmt.Errorf("ConfigMap %s/%s does not exist: create it with key %q holding the semaphore's limit", namespace, name, key)
		}
		if err != nil {
			return 0, err
		}
		value, ok := cm.Data[key]
		if !ok {
			return 0, fmt.Errorf("ConfigMap %s/%s has no key %q: add it, holding the semaphore's limit", namespace, name, key)
		}
		limit, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil || limit < 0 {
			return 0, fmt.Errorf("ConfigMap %s/%s key %q is %q: make it a whole number, the semaphore's limit", namespace, name, key, value)
		}
		return limit, nil
	}
}

// lockManager is the engine's lock manager; nil when locks are off.
func (co *coordinator) lockManager() engine.LockManager {
	if co == nil {
		return nil
	}
	return co.locks
}

// memoCache is the engine's memo cache; nil when memoization is off.
func (co *coordinator) memoCache() engine.MemoCache {
	if co == nil {
		return nil
	}
	return co.memo
}

// rebuild records the locks the workflows in the informer's cache hold, so
// that what was held before the controller started stays held. Run calls it
// once the caches synced, before any workflow is synced.
func (co *coordinator) rebuild(workflows weftlisters.WorkflowLister) error {
	if co == nil {
		return nil
	}
	list, err := workflows.List(labels.Everything())
	if err != nil {
		return err
	}
	co.locks.Rebuild(list)
	return nil
}

// forget releases the locks of a workflow that was deleted, and its nodes'.
func (co *coordinator) forget(namespace, name string) {
	if co != nil {
		co.locks.ReleaseWorkflow(namespace, name)
	}
}
