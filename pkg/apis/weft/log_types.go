package weft

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// WorkflowLogOptions are the query parameters of the workflows/log
// subresource, in the style of the Pod log options.
type WorkflowLogOptions struct {
	metav1.TypeMeta `json:",inline"`

	// PodName selects one pod of the workflow; every pod when empty.
	// +optional
	PodName string `json:"podName,omitempty"`
	// NodeID selects the pod of one node of the workflow.
	// +optional
	NodeID string `json:"nodeId,omitempty"`
	// Container is the container whose log is read; "main" by default.
	// +optional
	Container string `json:"container,omitempty"`
	// Follow streams new lines until the workflow finishes and every log is drained.
	// +optional
	Follow bool `json:"follow,omitempty"`
	// TailLines starts each pod's log this many lines from its end.
	// +optional
	TailLines *int64 `json:"tailLines,omitempty"`
	// SinceSeconds starts each pod's log this many seconds ago.
	// +optional
	SinceSeconds *int64 `json:"sinceSeconds,omitempty"`
	// SinceTime starts each pod's log at this time.
	// +optional
	SinceTime *metav1.Time `json:"sinceTime,omitempty"`
	// Timestamps prefixes each line with its RFC 3339 time.
	// +optional
	Timestamps bool `json:"timestamps,omitempty"`
	// LimitBytes stops each pod's log after this many bytes.
	// +optional
	LimitBytes *int64 `json:"limitBytes,omitempty"`
	// Grep keeps only the lines that match this regular expression (RE2 syntax).
	// +optional
	Grep string `json:"grep,omitempty"`
	// Previous reads the log of the previous run of a restarted container.
	// +optional
	Previous bool `json:"previous,omitempty"`
}
