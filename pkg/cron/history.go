package cron

import (
	"sort"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// prune names the finished workflows beyond the history limits: the oldest
// to finish of the succeeded ones beyond successfulJobsHistoryLimit (3 by
// default) and of the failed ones beyond failedJobsHistoryLimit (1).
func prune(c *v1alpha1.CronWorkflow, workflows []*v1alpha1.Workflow) []string {
	var succeeded, failed []*v1alpha1.Workflow
	for _, wf := range workflows {
		switch {
		case !finished(wf):
		case wf.Status.Phase == v1alpha1.WorkflowSucceeded:
			succeeded = append(succeeded, wf)
		default:
			failed = append(failed, wf)
		}
	}
	out := beyond(succeeded, limit(c.Spec.SuccessfulJobsHistoryLimit, v1alpha1.DefaultSuccessfulJobsHistoryLimit))
	return append(out, beyond(failed, limit(c.Spec.FailedJobsHistoryLimit, v1alpha1.DefaultFailedJobsHistoryLimit))...)
}

func limit(set *int32, fallback int32) int {
	if set != nil && *set >= 0 {
		return int(*set)
	}
	return int(fallback)
}

// beyond names the workflows past the keep most recently finished.
func beyond(workflows []*v1alpha1.Workflow, keep int) []string {
	if len(workflows) <= keep {
		return nil
	}
	sorted := append([]*v1alpha1.Workflow(nil), workflows...)
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i].Status.FinishedAt.Time, sorted[j].Status.FinishedAt.Time
		if !a.Equal(b) {
			return a.After(b)
		}
		return scheduledTime(sorted[i]).After(scheduledTime(sorted[j]))
	})
	names := make([]string, 0, len(sorted)-keep)
	for _, wf := range sorted[keep:] {
		names = append(names, wf.Name)
	}
	return names
}
