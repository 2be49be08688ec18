package printer

import (
	"fmt"
	"io"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// headerLabelWidth is the width the labels of the header are padded to.
const headerLabelWidth = 20

// defaultServiceAccount is the service account pods run as when the
// workflow names none.
const defaultServiceAccount = "default"

// writeHeader prints the workflow's summary, one "Label: value" line for
// each field that is set.
func writeHeader(w io.Writer, wf *v1alpha1.Workflow, o Options) error {
	var b strings.Builder
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-*s %s\n", headerLabelWidth, label+":", value)
	}
	loc := o.location()
	line("Name", wf.Name)
	if wf.Namespace != "" {
		line("Namespace", wf.Namespace)
	}
	line("ServiceAccount", serviceAccount(wf))
	line("Status", o.Style.paint(phaseColor(wf.Status.Phase), StatusText(wf)))
	if wf.Status.Message != "" {
		line("Message", wf.Status.Message)
	}
	if !wf.CreationTimestamp.IsZero() {
		line("Created", Timestamp(wf.CreationTimestamp.Time, o.Now, loc))
	}
	if !wf.Status.StartedAt.IsZero() {
		line("Started", Timestamp(wf.Status.StartedAt.Time, o.Now, loc))
	}
	if !wf.Status.FinishedAt.IsZero() {
		line("Finished", Timestamp(wf.Status.FinishedAt.Time, o.Now, loc))
	}
	if d, ok := runTime(wf.Status.StartedAt.Time, wf.Status.FinishedAt.Time, o.Now); ok {
		line("Duration", Duration(d))
	}
	if wf.Status.Progress != "" {
		line("Progress", wf.Status.Progress)
	}
	if params := wf.Spec.Arguments.Parameters; len(params) > 0 {
		b.WriteString("Parameters:\n")
		for _, p := range params {
			line("  "+p.Name, parameterValue(p))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// serviceAccount is the service account the workflow's pods run as.
func serviceAccount(wf *v1alpha1.Workflow) string {
	if sa := wf.Spec.ServiceAccountName; sa != "" {
		return sa
	}
	if stored := wf.Status.StoredWorkflowTemplateSpec; stored != nil && stored.ServiceAccountName != "" {
		return stored.ServiceAccountName
	}
	return defaultServiceAccount
}

// parameterValue is a parameter's value, else its default.
func parameterValue(p v1alpha1.Parameter) string {
	switch {
	case p.Value != nil:
		return string(*p.Value)
	case p.Default != nil:
		return string(*p.Default)
	}
	return ""
}
