package cron

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// The phases of a CronWorkflow.
const (
	// PhaseActive is a CronWorkflow that schedules workflows.
	PhaseActive = "Active"
	// PhaseStopped is a CronWorkflow whose stopStrategy.expression held: it
	// schedules no more workflows.
	PhaseStopped = "Stopped"
)

// The condition types of a CronWorkflow.
const (
	// ConditionSpecError says the spec cannot be scheduled: a schedule or
	// time zone that does not parse, or an expression that does not evaluate.
	ConditionSpecError = "SpecError"
	// ConditionSubmissionError says the API refused the last workflow to
	// create, with its message.
	ConditionSubmissionError = "SubmissionError"
)

// condition is the message of a condition of status, or "" if it has none.
func condition(status *v1alpha1.CronWorkflowStatus, kind string) string {
	for _, c := range status.Conditions {
		if c.Type == kind {
			return c.Message
		}
	}
	return ""
}

// setCondition sets a true condition in status, replacing one of its type.
func setCondition(status *v1alpha1.CronWorkflowStatus, kind, message string) {
	removeCondition(status, kind)
	status.Conditions = append(status.Conditions, v1alpha1.Condition{Type: kind, Status: metav1.ConditionTrue, Message: message})
}

// removeCondition removes the condition of a type from status.
func removeCondition(status *v1alpha1.CronWorkflowStatus, kind string) {
	var kept []v1alpha1.Condition
	for _, c := range status.Conditions {
		if c.Type != kind {
			kept = append(kept, c)
		}
	}
	status.Conditions = kept
}
