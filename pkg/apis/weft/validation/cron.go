package validation

import (
	"fmt"
	"time"
	// The time zone database is embedded so that spec.timezone can be
	// checked in images that have no /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// Enumerations of a CronWorkflow.
var (
	concurrencyPolicies = []weft.ConcurrencyPolicy{weft.AllowConcurrent, weft.ForbidConcurrent, weft.ReplaceConcurrent}
	cronWorkflowPhases  = []string{"Active", "Stopped"}
)

// cronNameReason says why CronWorkflow names are short, for messages.
const cronNameReason = "the workflows it creates are named after it with an 11-character \"-<unix time>\" suffix and must fit in 63 characters"

// ValidateCronWorkflow validates a CronWorkflow on creation: its metadata,
// schedules, time zone, concurrency policy, limits, and the spec of the
// workflows it creates, which must name an entrypoint and supply every
// argument's value unless it runs a workflowTemplateRef.
func ValidateCronWorkflow(c *weft.CronWorkflow) field.ErrorList {
	errs := validateMetadata(&c.ObjectMeta, true, maxCronWorkflowNameLength, cronNameReason)
	return append(errs, validateCronWorkflowSpec(&c.Spec, field.NewPath("spec"))...)
}

// validateCronWorkflowSpec checks a CronWorkflow spec at fldPath.
func validateCronWorkflowSpec(spec *weft.CronWorkflowSpec, fldPath *field.Path) field.ErrorList {
	var errs field.ErrorList
	if spec.Schedule == "" && len(spec.Schedules) == 0 {
		errs = append(errs, field.Required(fldPath.Child("schedules"),
			`give at least one cron schedule, such as "*/5 * * * *" or "@daily"`))
	}
	if spec.Schedule != "" {
		errs = append(errs, validateSchedule(spec.Schedule, fldPath.Child("schedule"))...)
	}
	for i, s := range spec.Schedules {
		errs = append(errs, validateSchedule(s, fldPath.Child("schedules").Index(i))...)
	}
	if spec.Timezone != "" {
		if _, err := time.LoadLocation(spec.Timezone); err != nil {
			errs = append(errs, field.Invalid(fldPath.Child("timezone"), spec.Timezone,
				`is not a known time zone: use an IANA name such as "America/Los_Angeles", "Europe/Paris" or "UTC"`))
		}
	}
	errs = append(errs, validateEnum(spec.ConcurrencyPolicy, concurrencyPolicies, fldPath.Child("concurrencyPolicy"))...)
	errs = append(errs, validateMinimum(spec.StartingDeadlineSeconds, 0, fldPath.Child("startingDeadlineSeconds"))...)
	errs = append(errs, validateMinimum(spec.SuccessfulJobsHistoryLimit, 0, fldPath.Child("successfulJobsHistoryLimit"))...)
	errs = append(errs, validateMinimum(spec.FailedJobsHistoryLimit, 0, fldPath.Child("failedJobsHistoryLimit"))...)
	if spec.StopStrategy != nil && spec.StopStrategy.Expression == "" {
		errs = append(errs, field.Required(fldPath.Child("stopStrategy", "expression"),
			`give the condition that stops scheduling, such as "cronworkflow.failed >= 3"`))
	}
	if md := spec.WorkflowMetadata; md != nil {
		mdPath := fldPath.Child("workflowMetadata")
		errs = append(errs, metav1validation.ValidateLabels(md.Labels, mdPath.Child("labels"))...)
		errs = append(errs, apivalidation.ValidateAnnotations(md.Annotations, mdPath.Child("annotations"))...)
	}
	return append(errs, ValidateWorkflowSpec(&spec.WorkflowSpec, workflowSpecOptions(&spec.WorkflowSpec), fldPath.Child("workflowSpec"))...)
}

// validateSchedule checks a cron schedule: five fields or a descriptor such
// as "@daily" or "@every 1h".
func validateSchedule(schedule string, fldPath *field.Path) field.ErrorList {
	if _, err := cron.ParseStandard(schedule); err != nil {
		return field.ErrorList{field.Invalid(fldPath, schedule, fmt.Sprintf(
			`is not a cron schedule (%v): write five fields, minute hour day-of-month month day-of-week, such as "*/5 * * * *", or a descriptor such as "@daily" or "@every 1h"`, err))}
	}
	return nil
}
