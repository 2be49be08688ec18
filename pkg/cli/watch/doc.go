// Package watch follows a workflow until it finishes, through a watch on the
// workflows resource that is re-established whenever it ends, and shows
// successive frames of a view: redrawn in place on a terminal, appended one
// after another elsewhere.
package watch
