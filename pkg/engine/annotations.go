package engine

// Annotations of a Workflow that Reconcile reads.
const (
	// AnnotationScheduledTime is set by the CronWorkflow controller on the
	// workflows it creates: the time they were scheduled for, in RFC 3339,
	// read as {{workflow.scheduledTime}}.
	AnnotationScheduledTime = "weft.dev/scheduled-time"
	// AnnotationShutdownBy records who set spec.shutdown; the apiserver's
	// admission sets it, and the workflow's message names them.
	AnnotationShutdownBy = "weft.dev/shutdown-by"
)
