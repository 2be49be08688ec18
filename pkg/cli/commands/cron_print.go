package commands

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/cron"
)

// cronLabelWidth aligns the values of `weft cron get`.
const cronLabelWidth = 25

// notYet stands for a time that has not come: no run yet, or none to come.
const notYet = "N/A"

// cronSchedules are a CronWorkflow's schedules as written.
func cronSchedules(cw *v1alpha1.CronWorkflow) []string {
	out := append([]string(nil), cw.Spec.Schedules...)
	if cw.Spec.Schedule != "" {
		out = append(out, cw.Spec.Schedule)
	}
	return out
}

// printCronList prints CronWorkflows one row each: NAME AGE LAST RUN NEXT
// RUN SCHEDULES TIMEZONE SUSPENDED, with NAMESPACE first when allNamespaces.
func printCronList(w io.Writer, crons []v1alpha1.CronWorkflow, now time.Time, allNamespaces bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	titles := "NAME\tAGE\tLAST RUN\tNEXT RUN\tSCHEDULES\tTIMEZONE\tSUSPENDED"
	if allNamespaces {
		titles = "NAMESPACE\t" + titles
	}
	fmt.Fprintln(tw, titles)
	for i := range crons {
		cw := &crons[i]
		last, next := notYet, notYet
		if t := cw.Status.LastScheduledTime; t != nil {
			last = printer.Duration(now.Sub(t.Time))
		}
		if t := cron.NextScheduledTime(cw, now); !t.IsZero() {
			next = printer.Duration(t.Sub(now))
		}
		timezone := cw.Spec.Timezone
		if timezone == "" {
			timezone = "-"
		}
		row := []string{cw.Name, printer.Duration(now.Sub(cw.CreationTimestamp.Time)), last, next,
			strings.Join(cronSchedules(cw), ","), timezone, fmt.Sprint(cw.Spec.Suspend)}
		if allNamespaces {
			row = append([]string{cw.Namespace}, row...)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// printCron prints a CronWorkflow's summary, as `argo cron get` does.
func printCron(w io.Writer, cw *v1alpha1.CronWorkflow, now time.Time) error {
	var b strings.Builder
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-*s %s\n", cronLabelWidth, label+":", value)
	}
	line("Name", cw.Name)
	line("Namespace", cw.Namespace)
	line("Created", printer.Timestamp(cw.CreationTimestamp.Time, now, time.Local))
	line("Schedules", strings.Join(cronSchedules(cw), ", "))
	if cw.Spec.Timezone != "" {
		line("Timezone", cw.Spec.Timezone)
	}
	line("Suspended", fmt.Sprint(cw.Spec.Suspend))
	line("ConcurrencyPolicy", string(cw.Spec.ConcurrencyPolicy))
	if d := cw.Spec.StartingDeadlineSeconds; d != nil {
		line("StartingDeadlineSeconds", fmt.Sprint(*d))
	}
	if s := cw.Spec.StopStrategy; s != nil {
		line("StopStrategy", s.Expression)
	}
	if cw.Spec.When != "" {
		line("When", cw.Spec.When)
	}
	if cw.Status.Phase != "" {
		line("Phase", cw.Status.Phase)
	}
	if t := cw.Status.LastScheduledTime; t != nil {
		line("LastScheduledTime", printer.Timestamp(t.Time, now, time.Local))
	}
	if t := cron.NextScheduledTime(cw, now); !t.IsZero() {
		line("NextScheduledTime", printer.Timestamp(t, now, time.Local))
	}
	if len(cw.Status.Active) > 0 {
		names := make([]string, len(cw.Status.Active))
		for i, ref := range cw.Status.Active {
			names[i] = ref.Name
		}
		line("Active Workflows", strings.Join(names, ", "))
	}
	line("Succeeded", fmt.Sprint(cw.Status.Succeeded))
	line("Failed", fmt.Sprint(cw.Status.Failed))
	for _, c := range cw.Status.Conditions {
		line("Condition "+c.Type, c.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
