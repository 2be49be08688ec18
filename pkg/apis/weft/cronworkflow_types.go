package weft

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// CronWorkflow creates workflows on a schedule.
type CronWorkflow struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the schedule and the workflow it creates.
	Spec CronWorkflowSpec `json:"spec"`
	// Status is what the controller observed.
	// +optional
	Status CronWorkflowStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// CronWorkflowList is a list of CronWorkflows.
type CronWorkflowList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the cron workflows.
	Items []CronWorkflow `json:"items"`
}

// ConcurrencyPolicy says what happens when a scheduled run finds the previous one still running.
type ConcurrencyPolicy string

const (
	// AllowConcurrent runs workflows side by side.
	AllowConcurrent ConcurrencyPolicy = "Allow"
	// ForbidConcurrent skips the new run.
	ForbidConcurrent ConcurrencyPolicy = "Forbid"
	// ReplaceConcurrent stops the running workflow and starts the new one.
	ReplaceConcurrent ConcurrencyPolicy = "Replace"
)

// CronWorkflowSpec is a schedule and the workflow it creates.
type CronWorkflowSpec struct {
	// WorkflowSpec is the spec of the workflows created.
	WorkflowSpec WorkflowSpec `json:"workflowSpec"`
	// Schedule is a cron schedule. Deprecated: use schedules.
	// +optional
	Schedule string `json:"schedule,omitempty"`
	// Schedules are cron schedules, such as "*/5 * * * *"; a run starts at each.
	// +optional
	Schedules []string `json:"schedules,omitempty"`
	// ConcurrencyPolicy is Allow, Forbid or Replace; Allow by default.
	// +optional
	ConcurrencyPolicy ConcurrencyPolicy `json:"concurrencyPolicy,omitempty"`
	// Suspend stops new runs while true.
	// +optional
	Suspend bool `json:"suspend,omitempty"`
	// StartingDeadlineSeconds is how late a missed run may still start.
	// +optional
	StartingDeadlineSeconds *int64 `json:"startingDeadlineSeconds,omitempty"`
	// SuccessfulJobsHistoryLimit is how many succeeded workflows are kept; 3 by default.
	// +optional
	SuccessfulJobsHistoryLimit *int32 `json:"successfulJobsHistoryLimit,omitempty"`
	// FailedJobsHistoryLimit is how many failed workflows are kept; 1 by default.
	// +optional
	FailedJobsHistoryLimit *int32 `json:"failedJobsHistoryLimit,omitempty"`
	// Timezone is the IANA time zone of the schedules, such as "Europe/Paris"; the controller's by default.
	// +optional
	Timezone string `json:"timezone,omitempty"`
	// WorkflowMetadata holds the metadata of the workflows created.
	// +optional
	WorkflowMetadata *metav1.ObjectMeta `json:"workflowMetadata,omitempty"`
	// StopStrategy stops scheduling once its expression holds.
	// +optional
	StopStrategy *StopStrategy `json:"stopStrategy,omitempty"`
	// When is an expression that must hold for a scheduled run to start.
	// +optional
	When string `json:"when,omitempty"`
}

// StopStrategy stops a CronWorkflow once its expression holds.
type StopStrategy struct {
	// Expression is evaluated over the CronWorkflow's status, such as "cronworkflow.failed >= 3".
	Expression string `json:"expression"`
}

// CronWorkflowStatus is what the controller observed of a CronWorkflow.
type CronWorkflowStatus struct {
	// Active are the workflows it runs now.
	// +optional
	Active []corev1.ObjectReference `json:"active,omitempty"`
	// LastScheduledTime is when it last started a workflow.
	// +optional
	LastScheduledTime *metav1.Time `json:"lastScheduledTime,omitempty"`
	// Conditions are observations of its state.
	// +optional
	Conditions []Condition `json:"conditions,omitempty"`
	// Succeeded counts its succeeded workflows.
	// +optional
	Succeeded int64 `json:"succeeded,omitempty"`
	// Failed counts its failed workflows.
	// +optional
	Failed int64 `json:"failed,omitempty"`
	// Phase is Active, or Stopped once its stop strategy held.
	// +optional
	Phase string `json:"phase,omitempty"`
}
