// Package api serves Weft's own endpoints of `weft ui`: a workflow with its
// nodes unpacked and its pods named (read once or watched), the lifecycle
// actions of the CLI, submitting from a template, suspending and resuming
// cron workflows and their next runs, and downloading output artifacts.
//
// Every call to the cluster is made with the clients of the user behind the
// request (uiclient.ForRequest), so RBAC decides what each user sees and
// does. Errors are Kubernetes Status objects: the API server's own, code
// and message verbatim, or one that says what failed.
package api
