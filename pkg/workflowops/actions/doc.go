// Package actions are the API calls of the weft CLI's lifecycle commands,
// one workflow (or cron workflow) at a time, for the CLI and `weft ui`
// alike: suspend, resume, stop, terminate, retry, resubmit and delete a
// workflow, suspend and resume a cron workflow, and make the workflow that
// runs a template.
//
// workflowops plans the changes; this package reads the objects and writes
// the changes with the clients it is given, so that what the UI's buttons
// do is exactly what the commands do.
package actions
