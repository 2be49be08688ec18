package cron

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// specProblem says why c cannot be scheduled, or "" when it can: the
// apiserver's validation of CronWorkflows, which a stored object may fail
// when it was stored under older rules, schedules that do not parse, and a
// stop expression that does not evaluate.
func specProblem(c *v1alpha1.CronWorkflow, vars variables) string {
	internal := &weft.CronWorkflow{}
	if err := v1alpha1.Convert_v1alpha1_CronWorkflow_To_weft_CronWorkflow(c, internal, nil); err != nil {
		return fmt.Sprintf("reading the CronWorkflow: %v", err)
	}
	if errs := validation.ValidateCronWorkflow(internal); len(errs) > 0 {
		return errs.ToAggregate().Error()
	}
	if _, err := parseSchedules(&c.Spec); err != nil {
		return fmt.Sprintf("spec.schedules: %v", err)
	}
	if c.Spec.StopStrategy != nil {
		if _, err := vars.evaluateStop(c.Spec.StopStrategy.Expression); err != nil {
			return err.Error()
		}
	}
	return ""
}
