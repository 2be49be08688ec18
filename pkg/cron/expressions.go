package cron

import (
	"fmt"
	"strings"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// variables are the cronworkflow.* variables of `when` and
// stopStrategy.expression, as Argo defines them, seen with status.
type variables struct {
	cron   *v1alpha1.CronWorkflow
	status *v1alpha1.CronWorkflowStatus
	now    time.Time
}

// Resolve gives the value of a {{cronworkflow.*}} reference.
func (v variables) Resolve(name string) (string, error) {
	rest, ok := strings.CutPrefix(name, "cronworkflow.")
	if !ok {
		return "", fmt.Errorf("only cronworkflow.* variables are defined here")
	}
	switch rest {
	case "name":
		return v.cron.Name, nil
	case "namespace":
		return v.cron.Namespace, nil
	case "failed":
		return fmt.Sprint(v.status.Failed), nil
	case "succeeded":
		return fmt.Sprint(v.status.Succeeded), nil
	case "lastScheduledTime":
		if v.status.LastScheduledTime == nil {
			return "", nil
		}
		return v.status.LastScheduledTime.UTC().Format(time.RFC3339), nil
	}
	if key, ok := strings.CutPrefix(rest, "labels."); ok {
		if value, found := v.cron.Labels[key]; found {
			return value, nil
		}
	}
	if key, ok := strings.CutPrefix(rest, "annotations."); ok {
		if value, found := v.cron.Annotations[key]; found {
			return value, nil
		}
	}
	return "", fmt.Errorf("no such variable")
}

// Env gives the variables of expressions: cronworkflow.lastScheduledTime is
// a time, or nil before the first run, and now() is the decision's time.
func (v variables) Env() map[string]any {
	var last any
	if v.status.LastScheduledTime != nil {
		last = v.status.LastScheduledTime.Time
	}
	labels, annotations := v.cron.Labels, v.cron.Annotations
	if labels == nil {
		labels = map[string]string{}
	}
	if annotations == nil {
		annotations = map[string]string{}
	}
	now := v.now
	return map[string]any{
		"cronworkflow": map[string]any{
			"name":              v.cron.Name,
			"namespace":         v.cron.Namespace,
			"labels":            labels,
			"annotations":       annotations,
			"lastScheduledTime": last,
			"failed":            int(v.status.Failed),
			"succeeded":         int(v.status.Succeeded),
		},
		"now": func() time.Time { return now },
	}
}

// evaluateWhen decides spec.when: its {{...}} and {{= ...}} tags are
// substituted, then the text must be a true or false condition, as a
// step's `when` is.
func (v variables) evaluateWhen(when string) (bool, error) {
	text, err := expr.Substitute(when, v, expr.Strict)
	if err != nil {
		return false, fmt.Errorf("spec.when: %w", err)
	}
	holds, err := expr.EvaluateWhen(text)
	if err != nil {
		return false, fmt.Errorf("spec.when: %w", err)
	}
	return holds, nil
}

// evaluateStop decides spec.stopStrategy.expression, an expr-lang
// expression such as "cronworkflow.failed >= 3".
func (v variables) evaluateStop(expression string) (bool, error) {
	value, err := expr.Evaluate(expression, v.Env())
	if err != nil {
		return false, fmt.Errorf("spec.stopStrategy.expression: %w", err)
	}
	holds, ok := value.(bool)
	if !ok {
		return false, fmt.Errorf("spec.stopStrategy.expression: %q is %v, not true or false: write a condition such as \"cronworkflow.failed >= 3\"", expression, value)
	}
	return holds, nil
}
