package actions

// RefusedError is an action refused, before it changed anything, for the
// state of what it acts on (a finished workflow, nothing to resume) or for
// what it was asked (a parameter no step takes).
type RefusedError struct {
	// Err says why.
	Err error
}

// Error says why the action was refused.
func (e *RefusedError) Error() string { return e.Err.Error() }

// Unwrap is the reason.
func (e *RefusedError) Unwrap() error { return e.Err }

// refused wraps err as a RefusedError; nil stays nil.
func refused(err error) error {
	if err == nil {
		return nil
	}
	return &RefusedError{Err: err}
}
