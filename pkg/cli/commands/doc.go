// Package commands holds the cobra command tree of the weft CLI (also
// installed as the kubectl plugin kubectl-weft): submit, get, watch, list,
// logs, delete, lint, template, cluster-template, completion and version.
// Each command is in its own file; Env carries what they share.
package commands
