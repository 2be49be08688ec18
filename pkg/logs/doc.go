// Package logs reads the logs of a workflow's pods onto one text stream, the
// body of the workflows/log subresource: the pods one after the other in node
// start order, or followed concurrently and merged line by line, each line
// prefixed with its node's display name when the stream holds several pods.
// A followed log whose stream breaks while its pod runs is opened again from
// the timestamp of the last line delivered, without repeating lines.
//
// It knows nothing of HTTP or of the Kubernetes API machinery: pods arrive as
// values and their logs through a Source, so that it is tested without a
// cluster.
package logs
