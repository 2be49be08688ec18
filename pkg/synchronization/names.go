// Package synchronization holds the controller's mutexes and semaphores: who
// holds each lock, who waits for it and in which order. It is pure: the
// limits of semaphores come from a function the controller backs with its
// ConfigMap informer, and the waiters to wake are handed to a callback.
package synchronization

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// The kinds of lock, as they appear in lock names.
const (
	// KindMutex names a mutex: "<namespace>/Mutex/<name>".
	KindMutex = "Mutex"
	// KindSemaphore names a semaphore whose limit is a ConfigMap key:
	// "<namespace>/ConfigMap/<configmap>/<key>".
	KindSemaphore = "ConfigMap"
)

// MutexName is the lock name of a mutex, as Argo spells it.
func MutexName(namespace, name string) string {
	return namespace + "/" + KindMutex + "/" + name
}

// SemaphoreName is the lock name of a semaphore, as Argo spells it.
func SemaphoreName(namespace, configMap, key string) string {
	return namespace + "/" + KindSemaphore + "/" + configMap + "/" + key
}

// Lock is a parsed lock name.
type Lock struct {
	// Namespace is the lock's namespace.
	Namespace string
	// Kind is KindMutex or KindSemaphore.
	Kind string
	// Name is the mutex's name, or the semaphore's ConfigMap.
	Name string
	// Key is the semaphore's ConfigMap key; empty for a mutex.
	Key string
}

// ParseLock parses a lock name made by MutexName or SemaphoreName.
func ParseLock(name string) (Lock, error) {
	parts := strings.Split(name, "/")
	switch {
	case len(parts) == 3 && parts[1] == KindMutex && parts[0] != "" && parts[2] != "":
		return Lock{Namespace: parts[0], Kind: KindMutex, Name: parts[2]}, nil
	case len(parts) == 4 && parts[1] == KindSemaphore && parts[0] != "" && parts[2] != "" && parts[3] != "":
		return Lock{Namespace: parts[0], Kind: KindSemaphore, Name: parts[2], Key: parts[3]}, nil
	}
	return Lock{}, fmt.Errorf("%q is not a lock name: want <namespace>/Mutex/<name> or <namespace>/ConfigMap/<configmap>/<key>", name)
}

// IsMutex says whether a lock name names a mutex.
func IsMutex(name string) bool {
	l, err := ParseLock(name)
	return err == nil && l.Kind == KindMutex
}

// LockNames lists the locks a synchronization takes, the deprecated single
// semaphore and mutex included, each once and in the order written. Locks
// without a namespace are in the given one (the workflow's). A mutex without
// a name or a semaphore without a ConfigMap key is an error naming the field.
func LockNames(sync *v1alpha1.Synchronization, namespace string) ([]string, error) {
	if sync == nil {
		return nil, nil
	}
	var names []string
	add := func(name string) {
		for _, n := range names {
			if n == name {
				return
			}
		}
		names = append(names, name)
	}
	semaphore := func(s *v1alpha1.SemaphoreRef, field string) error {
		if s.Database != nil {
			return fmt.Errorf("%s.database: %s", field, noDatabase)
		}
		r := s.ConfigMapKeyRef
		if r == nil || r.Name == "" || r.Key == "" {
			return fmt.Errorf("%s.configMapKeyRef: name the ConfigMap and the key that holds the semaphore's limit", field)
		}
		add(SemaphoreName(orDefault(s.Namespace, namespace), r.Name, r.Key))
		return nil
	}
	mutex := func(m *v1alpha1.Mutex, field string) error {
		if m.Database {
			return fmt.Errorf("%s.database: %s", field, noDatabase)
		}
		if m.Name == "" {
			return fmt.Errorf("%s.name: name the mutex", field)
		}
		add(MutexName(orDefault(m.Namespace, namespace), m.Name))
		return nil
	}
	if sync.Semaphore != nil {
		if err := semaphore(sync.Semaphore, "synchronization.semaphore"); err != nil {
			return nil, err
		}
	}
	for i := range sync.Semaphores {
		if err := semaphore(&sync.Semaphores[i], fmt.Sprintf("synchronization.semaphores[%d]", i)); err != nil {
			return nil, err
		}
	}
	if sync.Mutex != nil {
		if err := mutex(sync.Mutex, "synchronization.mutex"); err != nil {
			return nil, err
		}
	}
	for i := range sync.Mutexes {
		if err := mutex(&sync.Mutexes[i], fmt.Sprintf("synchronization.mutexes[%d]", i)); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// noDatabase says why a lock kept in a synchronization database cannot be
// taken: Weft keeps every lock in the controller and has no such database.
const noDatabase = "database synchronization is not configured: weft-controller keeps locks in memory and has no synchronization database; remove database to use a controller lock (a mutex, or a semaphore with configMapKeyRef)"

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// WorkflowHolder is the holder key of a workflow's own locks.
func WorkflowHolder(namespace, workflow string) string {
	return namespace + "/" + workflow
}

// NodeHolder is the holder key of the locks of a workflow's node.
func NodeHolder(namespace, workflow, nodeID string) string {
	return namespace + "/" + workflow + "/" + nodeID
}

// WorkflowKey is the namespace/name key of the workflow a holder key
// belongs to.
func WorkflowKey(holder string) string {
	parts := strings.SplitN(holder, "/", 3)
	if len(parts) < 2 {
		return holder
	}
	return parts[0] + "/" + parts[1]
}
