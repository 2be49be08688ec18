package workflowops

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// ResumedMessage is the message of a node a resume ended.
const ResumedMessage = "Resumed"

// ResumeOptions say which suspended nodes a resume ends, and with which
// output parameters.
type ResumeOptions struct {
	// Selects picks the suspended nodes to resume; nil picks them all and
	// also clears spec.suspend.
	Selects func(n *v1alpha1.NodeStatus) bool
	// Values are the values of the supplied output parameters
	// (valueFrom.supplied), by name, for every resumed node that declares
	// a parameter of that name.
	Values map[string]string
}

// ResumePlan is what a resume changes.
type ResumePlan struct {
	// Unsuspend says spec.suspend is true and is to be cleared.
	Unsuspend bool
	// Nodes are the suspended nodes to end, in name order.
	Nodes []ResumedNode
}

// ResumedNode is a suspended node a resume ends, and its outputs then.
type ResumedNode struct {
	// ID is the node's ID.
	ID string
	// Name is the node's full name.
	Name string
	// Outputs are the node's outputs with the supplied values set; nil
	// when it has none.
	Outputs *v1alpha1.Outputs
}

// MissingParameter is an output parameter a suspended node waits for that
// was not given and has no default.
type MissingParameter struct {
	// Node is the full name of the node.
	Node string
	// DisplayName is the node's short name.
	DisplayName string
	// Parameter is the name of the output parameter.
	Parameter string
}

// MissingParametersError is a resume that would end suspended nodes without
// the output parameters they wait for; it resumes nothing.
type MissingParametersError struct {
	// Missing are the parameters missing, by node and parameter name.
	Missing []MissingParameter
}

// Error names every missing parameter.
func (e *MissingParametersError) Error() string {
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = fmt.Sprintf("node %s (%s) waits for output parameter %q, which has no default", m.DisplayName, m.Node, m.Parameter)
	}
	return strings.Join(parts, "; ")
}

// UnusedValuesError is a value given for an output parameter that none of
// the resumed nodes declares as supplied.
type UnusedValuesError struct {
	// Names are the parameters given that no resumed node takes.
	Names []string
	// Declared are the supplied parameters the resumed nodes declare.
	Declared []string
}

// Error names the values no node takes, and those that are taken.
func (e *UnusedValuesError) Error() string {
	taken := "none"
	if len(e.Declared) > 0 {
		taken = strings.Join(e.Declared, ", ")
	}
	return fmt.Sprintf("no suspended node being resumed has a supplied output parameter named %s (they take: %s)", strings.Join(e.Names, ", "), taken)
}

// SuspendedNode says a node waits to be resumed: a Suspend node still
// Running (one with a duration ends by itself, and may be resumed early).
func SuspendedNode(n *v1alpha1.NodeStatus) bool {
	return n.Type == v1alpha1.NodeTypeSuspend && n.Phase == v1alpha1.NodeRunning
}

// Suspended says a workflow waits to be resumed: spec.suspend is true or a
// node is suspended, and it has not finished.
func Suspended(wf *v1alpha1.Workflow) bool {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return false
	}
	if wf.Spec.Suspend != nil && *wf.Spec.Suspend {
		return true
	}
	for id := range wf.Status.Nodes {
		n := wf.Status.Nodes[id]
		if SuspendedNode(&n) {
			return true
		}
	}
	return false
}

// PlanResume works out what resuming wf with opts changes. It fails,
// changing nothing, when a node to resume waits for an output parameter
// that was not given and has no default (MissingParametersError), or when
// a value is given that no resumed node takes (UnusedValuesError).
func PlanResume(wf *v1alpha1.Workflow, opts ResumeOptions) (*ResumePlan, error) {
	plan := &ResumePlan{Unsuspend: opts.Selects == nil && wf.Spec.Suspend != nil && *wf.Spec.Suspend}
	used := map[string]bool{}
	declared := map[string]bool{}
	var missing []MissingParameter
	for _, id := range sortedIDs(wf.Status.Nodes) {
		n := wf.Status.Nodes[id]
		if !SuspendedNode(&n) || (opts.Selects != nil && !opts.Selects(&n)) {
			continue
		}
		params := outputParameters(wf, &n)
		for i := range params {
			p := &params[i]
			if p.ValueFrom == nil || p.ValueFrom.Supplied == nil {
				continue
			}
			declared[p.Name] = true
			if v, ok := opts.Values[p.Name]; ok {
				value := v1alpha1.AnyString(v)
				p.Value = &value
				used[p.Name] = true
				continue
			}
			if p.Value == nil && p.ValueFrom.Default == nil {
				missing = append(missing, MissingParameter{Node: n.Name, DisplayName: displayName(&n), Parameter: p.Name})
			}
		}
		r := ResumedNode{ID: id, Name: n.Name}
		if len(params) > 0 {
			r.Outputs = n.Outputs.DeepCopy()
			if r.Outputs == nil {
				r.Outputs = &v1alpha1.Outputs{}
			}
			r.Outputs.Parameters = params
		}
		plan.Nodes = append(plan.Nodes, r)
	}
	if len(missing) > 0 {
		return nil, &MissingParametersError{Missing: missing}
	}
	var unused []string
	for name := range opts.Values {
		if !used[name] {
			unused = append(unused, name)
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		return nil, &UnusedValuesError{Names: unused, Declared: sortedKeys(declared)}
	}
	sort.Slice(plan.Nodes, func(i, j int) bool { return plan.Nodes[i].Name < plan.Nodes[j].Name })
	return plan, nil
}

// StatusPatch is the JSON merge patch of the status subresource that ends
// the plan's nodes now: Succeeded, finished, "Resumed", with their outputs.
func (p *ResumePlan) StatusPatch(now time.Time) ([]byte, error) {
	finished := metav1.NewTime(now)
	nodes := make(map[string]any, len(p.Nodes))
	for _, n := range p.Nodes {
		patch := map[string]any{
			"phase":      v1alpha1.NodeSucceeded,
			"finishedAt": finished,
			"message":    ResumedMessage,
		}
		if n.Outputs != nil {
			patch["outputs"] = map[string]any{"parameters": n.Outputs.Parameters}
		}
		nodes[n.ID] = patch
	}
	return json.Marshal(map[string]any{"status": map[string]any{"nodes": nodes}})
}

// outputParameters are the output parameters of node n: those its status
// holds, then those its template declares that the status does not.
func outputParameters(wf *v1alpha1.Workflow, n *v1alpha1.NodeStatus) []v1alpha1.Parameter {
	var params []v1alpha1.Parameter
	have := map[string]bool{}
	if n.Outputs != nil {
		for _, p := range n.Outputs.Parameters {
			params = append(params, *p.DeepCopy())
			have[p.Name] = true
		}
	}
	if t := nodeTemplate(wf, n); t != nil {
		for _, p := range t.Outputs.Parameters {
			if !have[p.Name] {
				params = append(params, *p.DeepCopy())
			}
		}
	}
	return params
}

// nodeTemplate is the template node n runs, where the workflow holds it:
// its own templates, the stored spec of its workflow template, or the
// referenced templates stored in its status; nil for an inline template.
func nodeTemplate(wf *v1alpha1.Workflow, n *v1alpha1.NodeStatus) *v1alpha1.Template {
	if r := n.TemplateRef; r != nil {
		scope := "namespaced"
		if r.ClusterScope {
			scope = "cluster"
		}
		return stored(wf, scope+"/"+r.Name+"/"+r.Template)
	}
	if n.TemplateName == "" {
		return nil
	}
	if strings.HasPrefix(n.TemplateScope, "namespaced/") || strings.HasPrefix(n.TemplateScope, "cluster/") {
		return stored(wf, n.TemplateScope+"/"+n.TemplateName)
	}
	specs := []*v1alpha1.WorkflowSpec{&wf.Spec}
	if s := wf.Status.StoredWorkflowTemplateSpec; s != nil {
		specs = append(specs, s)
	}
	for _, spec := range specs {
		for i := range spec.Templates {
			if spec.Templates[i].Name == n.TemplateName {
				return &spec.Templates[i]
			}
		}
	}
	return nil
}

// stored is the referenced template stored under key, or nil.
func stored(wf *v1alpha1.Workflow, key string) *v1alpha1.Template {
	if t, ok := wf.Status.StoredTemplates[key]; ok {
		return &t
	}
	return nil
}

// displayName is a node's short name, else its full name.
func displayName(n *v1alpha1.NodeStatus) string {
	if n.DisplayName != "" {
		return n.DisplayName
	}
	return n.Name
}

// sortedKeys are the keys of a set in order.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
