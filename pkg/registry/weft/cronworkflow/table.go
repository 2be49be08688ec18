package cronworkflow

import (
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/registry/table"
)

var tableConvertor = table.NewConvertor([]metav1.TableColumnDefinition{
	{Name: "Name", Type: "string", Format: "name", Description: "Name of the cron workflow."},
	{Name: "Schedule", Type: "string", Description: "Cron schedules, comma separated."},
	{Name: "Suspended", Type: "boolean", Description: "Whether new runs are stopped."},
	{Name: "Last Run", Type: "string", Description: "Time since the last scheduled run."},
	{Name: "Active", Type: "integer", Description: "Number of workflows running now."},
	{Name: "Age", Type: "string", Description: "Time since the cron workflow was created."},
	{Name: "Timezone", Type: "string", Priority: 1, Description: "Time zone of the schedules."},
	{Name: "Concurrency", Type: "string", Priority: 1, Description: "Concurrency policy: Allow, Forbid or Replace."},
	{Name: "Succeeded", Type: "integer", Priority: 1, Description: "Workflows that succeeded."},
	{Name: "Failed", Type: "integer", Priority: 1, Description: "Workflows that failed."},
}, func(obj runtime.Object) ([]interface{}, error) {
	return row(obj.(*weft.CronWorkflow), time.Now()), nil
})

func row(cron *weft.CronWorkflow, now time.Time) []interface{} {
	lastRun := "<none>"
	if cron.Status.LastScheduledTime != nil {
		lastRun = table.Age(*cron.Status.LastScheduledTime, now)
	}
	return []interface{}{
		cron.Name,
		strings.Join(schedules(&cron.Spec), ","),
		cron.Spec.Suspend,
		lastRun,
		int64(len(cron.Status.Active)),
		table.Age(cron.CreationTimestamp, now),
		cron.Spec.Timezone,
		string(cron.Spec.ConcurrencyPolicy),
		cron.Status.Succeeded,
		cron.Status.Failed,
	}
}

// schedules returns every schedule of spec: the list and the deprecated single one.
func schedules(spec *weft.CronWorkflowSpec) []string {
	all := append([]string(nil), spec.Schedules...)
	if spec.Schedule != "" {
		all = append(all, spec.Schedule)
	}
	return all
}
