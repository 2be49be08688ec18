package printer

import "time"

// Options say how a workflow is printed.
type Options struct {
	// Now is the time the output is as of: relative times and the durations
	// of running nodes are measured to it.
	Now time.Time
	// Location is the time zone of the printed times; time.Local when nil.
	Location *time.Location
	// Style decorates the output.
	Style Style
	// Wide adds the ID and HOST columns to the node tree.
	Wide bool
	// HeaderOnly leaves out the node tree.
	HeaderOnly bool
	// Nodes selects the nodes of the tree; every node when empty.
	Nodes NodeSelector
}

func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.Local
	}
	return o.Location
}
