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

// AnnotationDisplayName, on a template, names its nodes as shown to users
// (status.nodes[].displayName) in place of the step or task name; its
// {{inputs.parameters.X}} references are substituted, as in Argo.
const AnnotationDisplayName = "workflows.argoproj.io/display-name"
