package printer

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// ListOptions say how a list of workflows is printed.
type ListOptions struct {
	// Now is the time ages and running durations are measured to.
	Now time.Time
	// Style decorates the output.
	Style Style
	// Wide adds the PROGRESS and PARAMETERS columns.
	Wide bool
	// AllNamespaces adds the NAMESPACE column.
	AllNamespaces bool
}

// PrintList prints workflows as `weft list` does, one row each, in the given
// order: NAME STATUS AGE DURATION PRIORITY MESSAGE.
func PrintList(w io.Writer, wfs []v1alpha1.Workflow, o ListOptions) error {
	t := &table{}
	var titles []string
	if o.AllNamespaces {
		titles = append(titles, "NAMESPACE")
	}
	titles = append(titles, "NAME", "STATUS", "AGE", "DURATION", "PRIORITY")
	if o.Wide {
		titles = append(titles, "PROGRESS", "PARAMETERS")
	}
	t.addPlain(append(titles, "MESSAGE")...)
	for i := range wfs {
		wf := &wfs[i]
		var cells []cell
		if o.AllNamespaces {
			cells = append(cells, plainCell(wf.Namespace))
		}
		status := StatusText(wf)
		cells = append(cells,
			plainCell(wf.Name),
			cell{text: status, printed: o.Style.paint(phaseColor(wf.Status.Phase), status)},
			plainCell(Duration(o.Now.Sub(wf.CreationTimestamp.Time))),
			plainCell(workflowDuration(wf, o.Now)),
			plainCell(strconv.Itoa(int(priority(wf)))),
		)
		if o.Wide {
			cells = append(cells, plainCell(wf.Status.Progress), plainCell(parameterList(wf)))
		}
		t.add(append(cells, plainCell(wf.Status.Message))...)
	}
	return t.write(w)
}

func workflowDuration(wf *v1alpha1.Workflow, now time.Time) string {
	d, ok := runTime(wf.Status.StartedAt.Time, wf.Status.FinishedAt.Time, now)
	if !ok {
		return ""
	}
	return Duration(d)
}

func priority(wf *v1alpha1.Workflow) int32 {
	if wf.Spec.Priority == nil {
		return 0
	}
	return *wf.Spec.Priority
}

// parameterList is the workflow's arguments as "name=value,name=value".
func parameterList(wf *v1alpha1.Workflow) string {
	parts := make([]string, 0, len(wf.Spec.Arguments.Parameters))
	for _, p := range wf.Spec.Arguments.Parameters {
		parts = append(parts, p.Name+"="+parameterValue(p))
	}
	return strings.Join(parts, ",")
}
