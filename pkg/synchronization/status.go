package synchronization

import (
	"sort"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Holding is one lock a workflow holds and the status name of its holder
// (see HolderName).
type Holding struct {
	// Lock is the lock's name.
	Lock string
	// Holder is the holder's status name.
	Holder string
}

// Holdings lists the locks a workflow status says are held, mutexes and
// semaphores alike.
func Holdings(s *v1alpha1.SynchronizationStatus) []Holding {
	if s == nil {
		return nil
	}
	var out []Holding
	if s.Mutex != nil {
		for _, h := range s.Mutex.Holding {
			if h.Holder != "" {
				out = append(out, Holding{Lock: h.Mutex, Holder: h.Holder})
			}
		}
	}
	if s.Semaphore != nil {
		for _, h := range s.Semaphore.Holding {
			for _, holder := range h.Holders {
				out = append(out, Holding{Lock: h.Semaphore, Holder: holder})
			}
		}
	}
	return out
}

// AddHolding returns s with holder (a status name) holding lock, once.
func AddHolding(s *v1alpha1.SynchronizationStatus, lock, holder string) *v1alpha1.SynchronizationStatus {
	if s == nil {
		s = &v1alpha1.SynchronizationStatus{}
	}
	if IsMutex(lock) {
		if s.Mutex == nil {
			s.Mutex = &v1alpha1.MutexStatus{}
		}
		for _, h := range s.Mutex.Holding {
			if h.Mutex == lock && h.Holder == holder {
				return s
			}
		}
		s.Mutex.Holding = append(s.Mutex.Holding, v1alpha1.MutexHolding{Mutex: lock, Holder: holder})
		sort.Slice(s.Mutex.Holding, func(i, j int) bool {
			a, b := s.Mutex.Holding[i], s.Mutex.Holding[j]
			return a.Mutex < b.Mutex || (a.Mutex == b.Mutex && a.Holder < b.Holder)
		})
		return s
	}
	if s.Semaphore == nil {
		s.Semaphore = &v1alpha1.SemaphoreStatus{}
	}
	for i := range s.Semaphore.Holding {
		h := &s.Semaphore.Holding[i]
		if h.Semaphore != lock {
			continue
		}
		for _, x := range h.Holders {
			if x == holder {
				return s
			}
		}
		h.Holders = append(h.Holders, holder)
		sort.Strings(h.Holders)
		return s
	}
	s.Semaphore.Holding = append(s.Semaphore.Holding, v1alpha1.SemaphoreHolding{Semaphore: lock, Holders: []string{holder}})
	sort.Slice(s.Semaphore.Holding, func(i, j int) bool { return s.Semaphore.Holding[i].Semaphore < s.Semaphore.Holding[j].Semaphore })
	return s
}

// RemoveHolding returns s without holder (a status name) holding lock; nil
// when nothing is left.
func RemoveHolding(s *v1alpha1.SynchronizationStatus, lock, holder string) *v1alpha1.SynchronizationStatus {
	if s == nil {
		return nil
	}
	if s.Mutex != nil {
		kept := s.Mutex.Holding[:0]
		for _, h := range s.Mutex.Holding {
			if h.Mutex != lock || h.Holder != holder {
				kept = append(kept, h)
			}
		}
		s.Mutex.Holding = kept
	}
	if s.Semaphore != nil {
		kept := s.Semaphore.Holding[:0]
		for _, h := range s.Semaphore.Holding {
			if h.Semaphore == lock {
				var holders []string
				for _, x := range h.Holders {
					if x != holder {
						holders = append(holders, x)
					}
				}
				if len(holders) == 0 {
					continue
				}
				h.Holders = holders
			}
			kept = append(kept, h)
		}
		s.Semaphore.Holding = kept
	}
	return compact(s)
}

// SetWaiting returns s with its waiting lists replaced: for every lock the
// workflow waits for, the holder keys currently holding it. Nil when nothing
// is left.
func SetWaiting(s *v1alpha1.SynchronizationStatus, waiting map[string][]string) *v1alpha1.SynchronizationStatus {
	if s == nil {
		s = &v1alpha1.SynchronizationStatus{}
	}
	if s.Mutex != nil {
		s.Mutex.Waiting = nil
	}
	if s.Semaphore != nil {
		s.Semaphore.Waiting = nil
	}
	names := make([]string, 0, len(waiting))
	for name := range waiting {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		holders := waiting[name]
		if IsMutex(name) {
			if s.Mutex == nil {
				s.Mutex = &v1alpha1.MutexStatus{}
			}
			holder := ""
			if len(holders) > 0 {
				holder = holders[0]
			}
			s.Mutex.Waiting = append(s.Mutex.Waiting, v1alpha1.MutexHolding{Mutex: name, Holder: holder})
			continue
		}
		if s.Semaphore == nil {
			s.Semaphore = &v1alpha1.SemaphoreStatus{}
		}
		s.Semaphore.Waiting = append(s.Semaphore.Waiting, v1alpha1.SemaphoreHolding{Semaphore: name, Holders: holders})
	}
	return compact(s)
}

// compact drops empty parts of s; nil when it is empty.
func compact(s *v1alpha1.SynchronizationStatus) *v1alpha1.SynchronizationStatus {
	if s.Mutex != nil && len(s.Mutex.Holding) == 0 && len(s.Mutex.Waiting) == 0 {
		s.Mutex = nil
	}
	if s.Mutex != nil && len(s.Mutex.Holding) == 0 {
		s.Mutex.Holding = nil
	}
	if s.Semaphore != nil && len(s.Semaphore.Holding) == 0 && len(s.Semaphore.Waiting) == 0 {
		s.Semaphore = nil
	}
	if s.Semaphore != nil && len(s.Semaphore.Holding) == 0 {
		s.Semaphore.Holding = nil
	}
	if s.Mutex == nil && s.Semaphore == nil {
		return nil
	}
	return s
}
