package synchronization

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// LimitFunc returns the limit of the semaphore held in a ConfigMap key, or
// an error saying why it has none (no such ConfigMap or key, not a number).
type LimitFunc func(namespace, configMap, key string) (int, error)

// Manager holds the locks of every workflow the controller runs. A lock has
// holders, at most its limit (1 for a mutex), and a queue of waiters served
// in order: higher priority first, then older workflows, then those that
// came first. A waiter is served only when it is within the free places at
// the front of every queue it waits in, so a waiter in front blocks those
// behind, across workflows. Safe for concurrent use.
type Manager struct {
	limit LimitFunc
	wake  func(holder string)

	mu       sync.Mutex
	locks    map[string]*lock
	arrivals uint64
}

type lock struct {
	holders map[string]struct{}
	queue   []waiter
}

type waiter struct {
	holder   string
	priority int32
	created  time.Time
	arrival  uint64
}

// before says whether w is served before v.
func (w waiter) before(v waiter) bool {
	if w.priority != v.priority {
		return w.priority > v.priority
	}
	if !w.created.Equal(v.created) {
		return w.created.Before(v.created)
	}
	return w.arrival < v.arrival
}

// NewManager returns a manager that reads semaphore limits with limit and
// calls wake, outside its own lock, with the holder key of every waiter that
// may now acquire its locks (the controller then syncs its workflow).
func NewManager(limit LimitFunc, wake func(holder string)) *Manager {
	return &Manager{limit: limit, wake: wake, locks: map[string]*lock{}}
}

// TryAcquire takes all the named locks for holder, or none. The holder keeps
// its place in the queues it waits in until it acquires or is released.
// priority and created (the workflow's spec.priority and creation time)
// order the queues. When the locks cannot all be taken, waiting says which
// one the holder waits for, in Argo's words: "Waiting for <lock> lock. Lock
// status: <free>/<limit>".
func (m *Manager) TryAcquire(holder string, names []string, priority int32, created time.Time) (acquired bool, waiting string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, name := range names {
		l := m.lock(name)
		if _, held := l.holders[holder]; held || l.position(holder) >= 0 {
			continue
		}
		m.arrivals++
		l.enqueue(waiter{holder: holder, priority: priority, created: created, arrival: m.arrivals})
	}
	for _, name := range names {
		if msg := m.blocked(name, holder); msg != "" {
			return false, msg
		}
	}
	for _, name := range names {
		l := m.locks[name]
		l.dequeue(holder)
		l.holders[holder] = struct{}{}
	}
	return true, ""
}

// blocked says why holder cannot take the named lock now; "" when it can.
func (m *Manager) blocked(name, holder string) string {
	l := m.locks[name]
	if _, held := l.holders[holder]; held {
		return ""
	}
	limit, err := m.limitOf(name)
	if err != nil {
		return fmt.Sprintf("Waiting for %s lock: %v", name, err)
	}
	free := max(limit-len(l.holders), 0)
	if l.position(holder) < free {
		return ""
	}
	return fmt.Sprintf("Waiting for %s lock. Lock status: %d/%d", name, free, limit)
}

// limitOf is a lock's limit: 1 for a mutex, the ConfigMap's for a semaphore.
func (m *Manager) limitOf(name string) (int, error) {
	l, err := ParseLock(name)
	if err != nil {
		return 0, err
	}
	if l.Kind == KindMutex {
		return 1, nil
	}
	return m.limit(l.Namespace, l.Name, l.Key)
}

// Release gives up every lock holder holds and its place in every queue.
// Releasing a holder that holds nothing does nothing.
func (m *Manager) Release(holder string) {
	m.releaseWhere(func(h string) bool { return h == holder })
}

// ReleaseWorkflow releases the workflow's own locks and those of its nodes,
// for a workflow that was deleted.
func (m *Manager) ReleaseWorkflow(namespace, name string) {
	key := WorkflowHolder(namespace, name)
	m.releaseWhere(func(h string) bool { return h == key || strings.HasPrefix(h, key+"/") })
}

func (m *Manager) releaseWhere(match func(holder string) bool) {
	m.mu.Lock()
	var changed []string
	for name, l := range m.locks {
		found := false
		for h := range l.holders {
			if match(h) {
				delete(l.holders, h)
				found = true
			}
		}
		kept := l.queue[:0]
		for _, w := range l.queue {
			if match(w.holder) {
				found = true
				continue
			}
			kept = append(kept, w)
		}
		l.queue = kept
		if found {
			changed = append(changed, name)
		}
	}
	woken := m.wakeable(changed)
	m.mu.Unlock()
	m.notify(woken)
}

// ConfigMapChanged wakes the waiters of the semaphores whose limits are in
// the ConfigMap, whose limit may have grown or which may now exist.
func (m *Manager) ConfigMapChanged(namespace, configMap string) {
	prefix := namespace + "/" + KindSemaphore + "/" + configMap + "/"
	m.mu.Lock()
	var names []string
	for name := range m.locks {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	woken := m.wakeable(names)
	m.mu.Unlock()
	m.notify(woken)
}

// wakeable lists the waiters within the free places of the named locks,
// and forgets locks nobody holds or waits for.
func (m *Manager) wakeable(names []string) []string {
	seen := map[string]bool{}
	var out []string
	sort.Strings(names)
	for _, name := range names {
		l := m.locks[name]
		if len(l.holders) == 0 && len(l.queue) == 0 {
			delete(m.locks, name)
			continue
		}
		limit, err := m.limitOf(name)
		if err != nil {
			continue
		}
		free := min(max(limit-len(l.holders), 0), len(l.queue))
		for _, w := range l.queue[:free] {
			if !seen[w.holder] {
				seen[w.holder] = true
				out = append(out, w.holder)
			}
		}
	}
	return out
}

func (m *Manager) notify(holders []string) {
	if m.wake == nil {
		return
	}
	for _, h := range holders {
		m.wake(h)
	}
}

// Holders lists the holders of a lock, sorted.
func (m *Manager) Holders(name string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.locks[name]
	if !ok || len(l.holders) == 0 {
		return nil
	}
	out := make([]string, 0, len(l.holders))
	for h := range l.holders {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}

// Waiters lists the waiters of a lock in the order they are served.
func (m *Manager) Waiters(name string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.locks[name]
	if !ok || len(l.queue) == 0 {
		return nil
	}
	out := make([]string, len(l.queue))
	for i, w := range l.queue {
		out[i] = w.holder
	}
	return out
}

// hold records holder as a holder of a lock whatever its limit, for Rebuild.
func (m *Manager) hold(name, holder string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.lock(name)
	l.dequeue(holder)
	l.holders[holder] = struct{}{}
}

func (m *Manager) lock(name string) *lock {
	l, ok := m.locks[name]
	if !ok {
		l = &lock{holders: map[string]struct{}{}}
		m.locks[name] = l
	}
	return l
}

// position is holder's index in the queue, or -1.
func (l *lock) position(holder string) int {
	for i, w := range l.queue {
		if w.holder == holder {
			return i
		}
	}
	return -1
}

// enqueue inserts w behind every waiter served before it.
func (l *lock) enqueue(w waiter) {
	i := sort.Search(len(l.queue), func(i int) bool { return w.before(l.queue[i]) })
	l.queue = append(l.queue, waiter{})
	copy(l.queue[i+1:], l.queue[i:])
	l.queue[i] = w
}

func (l *lock) dequeue(holder string) {
	if i := l.position(holder); i >= 0 {
		l.queue = append(l.queue[:i], l.queue[i+1:]...)
	}
}
