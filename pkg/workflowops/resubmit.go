package workflowops

import (
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// LabelResubmittedFrom names, on a resubmitted workflow, the workflow it
// was resubmitted from.
const LabelResubmittedFrom = "weft.dev/resubmitted-from"

// systemDomains are the domains of labels and annotations a resubmitted
// workflow does not inherit: Weft's own (the creator, who stopped it, the
// cron workflow that made it), set anew where they apply, and kubectl's
// record of the last object it applied.
var systemDomains = []string{"weft.dev/", "kubectl.kubernetes.io/"}

// Resubmit is a new workflow that runs what wf ran, from the start: its
// spec without spec.shutdown, in its namespace, named "<name>-" plus a
// generated suffix, with its labels and annotations less the system ones
// and a label naming wf. The caller applies
// parameter overrides.
func Resubmit(wf *v1alpha1.Workflow) *v1alpha1.Workflow {
	out := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName: wf.Name + "-",
			Namespace:    wf.Namespace,
			Labels:       userOwned(wf.Labels),
			Annotations:  userOwned(wf.Annotations),
		},
		Spec: *wf.Spec.DeepCopy(),
	}
	out.Spec.Shutdown = ""
	if out.Labels == nil {
		out.Labels = map[string]string{}
	}
	out.Labels[LabelResubmittedFrom] = wf.Name
	return out
}

// userOwned is m less the keys in the system domains; nil when none is left.
func userOwned(m map[string]string) map[string]string {
	var out map[string]string
	for k, v := range m {
		if systemKey(k) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

// systemKey says a label or annotation key is in a system domain.
func systemKey(k string) bool {
	for _, d := range systemDomains {
		if strings.HasPrefix(k, d) {
			return true
		}
	}
	return false
}
