package printer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// NodeSelector selects nodes of a workflow by their fields, in the syntax of
// Kubernetes field selectors: "phase=Failed,templateName!=echo". Every
// requirement must hold; phase and type compare without regard to case.
type NodeSelector struct {
	requirements []requirement
	phases       map[string]bool
}

type requirement struct {
	field  string
	value  string
	negate bool
}

// nodeFields are the fields a selector may test, by name.
var nodeFields = map[string]func(workflow string, n *v1alpha1.NodeStatus) string{
	"id":           func(_ string, n *v1alpha1.NodeStatus) string { return n.ID },
	"name":         func(_ string, n *v1alpha1.NodeStatus) string { return n.Name },
	"displayName":  func(_ string, n *v1alpha1.NodeStatus) string { return n.DisplayName },
	"type":         func(_ string, n *v1alpha1.NodeStatus) string { return string(n.Type) },
	"phase":        func(_ string, n *v1alpha1.NodeStatus) string { return string(n.Phase) },
	"templateName": func(_ string, n *v1alpha1.NodeStatus) string { return n.TemplateName },
	"boundaryID":   func(_ string, n *v1alpha1.NodeStatus) string { return n.BoundaryID },
	"message":      func(_ string, n *v1alpha1.NodeStatus) string { return n.Message },
	"hostNodeName": func(_ string, n *v1alpha1.NodeStatus) string { return n.HostNodeName },
	"podName":      PodNameOf,
	"templateRef.name": func(_ string, n *v1alpha1.NodeStatus) string {
		if n.TemplateRef == nil {
			return ""
		}
		return n.TemplateRef.Name
	},
	"templateRef.template": func(_ string, n *v1alpha1.NodeStatus) string {
		if n.TemplateRef == nil {
			return ""
		}
		return n.TemplateRef.Template
	},
}

// foldedFields compare without regard to case.
var foldedFields = map[string]bool{"phase": true, "type": true}

// inputPrefix and inputSuffix frame the field of an input parameter's
// value: inputs.parameters.NAME.value.
const (
	inputPrefix = "inputs.parameters."
	inputSuffix = ".value"
)

// nodePhases are the phases a node may be in.
var nodePhases = []v1alpha1.NodePhase{
	v1alpha1.NodePending, v1alpha1.NodeRunning, v1alpha1.NodeSucceeded, v1alpha1.NodeSkipped,
	v1alpha1.NodeFailed, v1alpha1.NodeError, v1alpha1.NodeOmitted,
}

// ParseNodeSelector reads a node field selector such as
// "phase=Failed,displayName!=cleanup"; "" selects every node.
func ParseNodeSelector(s string) (NodeSelector, error) {
	var sel NodeSelector
	for _, term := range strings.Split(s, ",") {
		term = strings.TrimSpace(term)
		if term == "" {
			continue
		}
		r, err := parseRequirement(term)
		if err != nil {
			return NodeSelector{}, err
		}
		sel.requirements = append(sel.requirements, r)
	}
	return sel, nil
}

func parseRequirement(term string) (requirement, error) {
	var r requirement
	var op string
	for _, candidate := range []string{"!=", "==", "="} {
		if i := strings.Index(term, candidate); i >= 0 {
			r.field, r.value, op = strings.TrimSpace(term[:i]), strings.TrimSpace(term[i+len(candidate):]), candidate
			break
		}
	}
	if op == "" {
		return r, fmt.Errorf("node field selector %q: want FIELD=VALUE or FIELD!=VALUE", term)
	}
	r.negate = op == "!="
	if _, ok := nodeFields[r.field]; !ok && !isInputField(r.field) {
		return r, fmt.Errorf("node field selector %q: unknown field %q; use one of %s or %sNAME%s",
			term, r.field, strings.Join(fieldNames(), ", "), inputPrefix, inputSuffix)
	}
	if r.field == "phase" {
		if _, ok := parsePhase(r.value); !ok {
			return r, fmt.Errorf("node field selector %q: unknown phase %q; use one of %s", term, r.value, phaseNames())
		}
	}
	return r, nil
}

// AddPhases restricts the selector to nodes in one of the comma-separated
// phases, such as "Failed,Error".
func (s *NodeSelector) AddPhases(list string) error {
	for _, p := range strings.Split(list, ",") {
		phase, ok := parsePhase(strings.TrimSpace(p))
		if !ok {
			return fmt.Errorf("unknown node phase %q; use one of %s", p, phaseNames())
		}
		if s.phases == nil {
			s.phases = map[string]bool{}
		}
		s.phases[string(phase)] = true
	}
	return nil
}

// Empty says the selector selects every node.
func (s NodeSelector) Empty() bool { return len(s.requirements) == 0 && len(s.phases) == 0 }

// Matches says node n of the named workflow is selected.
func (s NodeSelector) Matches(workflow string, n *v1alpha1.NodeStatus) bool {
	if len(s.phases) > 0 && !s.phases[string(n.Phase)] {
		return false
	}
	for _, r := range s.requirements {
		got := fieldValue(r.field, workflow, n)
		equal := got == r.value || foldedFields[r.field] && strings.EqualFold(got, r.value)
		if equal == r.negate {
			return false
		}
	}
	return true
}

func fieldValue(field, workflow string, n *v1alpha1.NodeStatus) string {
	if get, ok := nodeFields[field]; ok {
		return get(workflow, n)
	}
	name := strings.TrimSuffix(strings.TrimPrefix(field, inputPrefix), inputSuffix)
	if n.Inputs != nil {
		for _, p := range n.Inputs.Parameters {
			if p.Name == name {
				return parameterValue(p)
			}
		}
	}
	return ""
}

func isInputField(field string) bool {
	return strings.HasPrefix(field, inputPrefix) && strings.HasSuffix(field, inputSuffix) &&
		len(field) > len(inputPrefix)+len(inputSuffix)
}

func parsePhase(s string) (v1alpha1.NodePhase, bool) {
	for _, p := range nodePhases {
		if strings.EqualFold(string(p), s) {
			return p, true
		}
	}
	return "", false
}

func phaseNames() string { return strings.Join(NodePhases(), ", ") }

// NodePhases are the names of the phases a node may be in.
func NodePhases() []string {
	names := make([]string, len(nodePhases))
	for i, p := range nodePhases {
		names[i] = string(p)
	}
	return names
}

func fieldNames() []string {
	names := make([]string, 0, len(nodeFields))
	for name := range nodeFields {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
