package engine

// coordination is what one Reconcile needs of the controller's shared state
// (its locks and its memoization caches), and what it decides about them.
type coordination struct {
	o     *operation
	locks LockManager
	memo  MemoCache

	// waits are the holders that asked for locks in this Reconcile and
	// were told to wait, by holder key.
	waits map[string]lockWait
	// acquired are the holders that asked for locks in this Reconcile and
	// hold them, by holder key.
	acquired map[string]bool
	// memoWrites are the cache entries to write, for Decision.MemoWrites.
	memoWrites []MemoWrite
}

// lockWait is what a waiting holder asked for.
type lockWait struct {
	// nodeID is the waiting node's ID; empty for the workflow itself.
	nodeID string
	// locks are the locks it asked for; blocking the one it waits for.
	locks    []string
	blocking string
}

// newCoordination returns the coordination of an operation, with the lock
// manager and memo cache the controller observed.
func newCoordination(o *operation, observed Observed) *coordination {
	return &coordination{
		o:        o,
		locks:    observed.Locks,
		memo:     observed.Memo,
		waits:    map[string]lockWait{},
		acquired: map[string]bool{},
	}
}
