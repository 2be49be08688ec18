// Package workflowops computes what the lifecycle commands of the weft CLI
// change in a workflow: which nodes a retry runs again and which pods it
// deletes first, the status patch that resumes suspended nodes with the
// output parameters supplied, and the new workflow a resubmit creates.
//
// It is pure: workflows come in as values and changes go out as values, so
// that it is tested without a cluster; the CLI reads and writes them.
package workflowops
