package imageconfig

import (
	"container/list"
	"time"
)

// boundedCache keeps at most max values, each until it expires (a zero
// expiry never does), dropping the least recently used one when full.
type boundedCache[V any] struct {
	max     int
	order   *list.List // front: most recently used; elements hold *cacheEntry[V]
	entries map[string]*list.Element
}

type cacheEntry[V any] struct {
	key     string
	value   V
	expires time.Time
}

func newBoundedCache[V any](max int) *boundedCache[V] {
	return &boundedCache[V]{max: max, order: list.New(), entries: map[string]*list.Element{}}
}

// get returns the value of key unless it is missing or expired at now.
func (c *boundedCache[V]) get(key string, now time.Time) (V, bool) {
	var zero V
	e, ok := c.entries[key]
	if !ok {
		return zero, false
	}
	entry := e.Value.(*cacheEntry[V])
	if !entry.expires.IsZero() && !now.Before(entry.expires) {
		c.order.Remove(e)
		delete(c.entries, key)
		return zero, false
	}
	c.order.MoveToFront(e)
	return entry.value, true
}

// put stores value under key until expires.
func (c *boundedCache[V]) put(key string, value V, expires time.Time) {
	if e, ok := c.entries[key]; ok {
		entry := e.Value.(*cacheEntry[V])
		entry.value, entry.expires = value, expires
		c.order.MoveToFront(e)
		return
	}
	c.entries[key] = c.order.PushFront(&cacheEntry[V]{key: key, value: value, expires: expires})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.entries, oldest.Value.(*cacheEntry[V]).key)
	}
}
