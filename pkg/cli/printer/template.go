package printer

import (
	"fmt"
	"io"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Template is what is printed of a WorkflowTemplate or
// ClusterWorkflowTemplate.
type Template struct {
	// Meta is the template's metadata.
	Meta *metav1.ObjectMeta
	// Spec is the template's spec.
	Spec *v1alpha1.WorkflowSpec
}

// PrintTemplate prints a template's summary: name, namespace, creation,
// entrypoint, its templates' names and its arguments.
func PrintTemplate(w io.Writer, t Template, now time.Time, loc *time.Location) error {
	if loc == nil {
		loc = time.Local
	}
	var b strings.Builder
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-*s %s\n", headerLabelWidth, label+":", value)
	}
	line("Name", t.Meta.Name)
	if t.Meta.Namespace != "" {
		line("Namespace", t.Meta.Namespace)
	}
	if !t.Meta.CreationTimestamp.IsZero() {
		line("Created", Timestamp(t.Meta.CreationTimestamp.Time, now, loc))
	}
	if t.Spec.Entrypoint != "" {
		line("Entrypoint", t.Spec.Entrypoint)
	}
	names := make([]string, len(t.Spec.Templates))
	for i, tmpl := range t.Spec.Templates {
		names[i] = tmpl.Name
	}
	if len(names) > 0 {
		line("Templates", strings.Join(names, ", "))
	}
	if params := t.Spec.Arguments.Parameters; len(params) > 0 {
		b.WriteString("Parameters:\n")
		for _, p := range params {
			line("  "+p.Name, parameterValue(p))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PrintTemplateList prints templates one row each: NAME ENTRYPOINT
// TEMPLATES AGE, with NAMESPACE first when allNamespaces.
func PrintTemplateList(w io.Writer, ts []Template, now time.Time, allNamespaces bool) error {
	t := &table{}
	titles := []string{"NAME", "ENTRYPOINT", "TEMPLATES", "AGE"}
	if allNamespaces {
		titles = append([]string{"NAMESPACE"}, titles...)
	}
	t.addPlain(titles...)
	for _, tmpl := range ts {
		row := []string{tmpl.Meta.Name, tmpl.Spec.Entrypoint, fmt.Sprint(len(tmpl.Spec.Templates)), Duration(now.Sub(tmpl.Meta.CreationTimestamp.Time))}
		if allNamespaces {
			row = append([]string{tmpl.Meta.Namespace}, row...)
		}
		t.addPlain(row...)
	}
	return t.write(w)
}
