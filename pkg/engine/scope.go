package engine

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// scope holds the values {{...}} references resolve to. Scopes chain: a
// template's scope falls back to the workflow's, an item's to its step's.
type scope struct {
	parent *scope
	vars   map[string]string
	// lazy are variables whose values are made when first referenced, for
	// those that cost more than most templates ever use them.
	lazy map[string]func() string
	// results, when set, gives the variables of a finished step or task by
	// name ("steps"/"tasks" and the name), looked up when referenced so that
	// a node finished earlier in the same pass is seen.
	results func(kind, name string) (map[string]string, bool)
	// resultNames lists the names results knows, for expressions.
	resultNames func() []string
	// resultKind is "steps" or "tasks" when results is set.
	resultKind string
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, vars: map[string]string{}}
}

// set adds a variable.
func (s *scope) set(name, value string) {
	s.vars[name] = value
}

// setLazy adds a variable whose value the function makes when the variable
// is first needed.
func (s *scope) setLazy(name string, value func() string) {
	if s.lazy == nil {
		s.lazy = map[string]func() string{}
	}
	s.lazy[name] = value
}

// lookup returns a variable of this scope itself, making a lazy one.
func (s *scope) lookup(name string) (string, bool) {
	if v, ok := s.vars[name]; ok {
		return v, true
	}
	value, ok := s.lazy[name]
	if !ok {
		return "", false
	}
	v := value()
	s.vars[name] = v
	delete(s.lazy, name)
	return v, true
}

// Resolve returns a variable's value, or an error saying why it has none.
func (s *scope) Resolve(name string) (string, error) {
	for c := s; c != nil; c = c.parent {
		if v, ok := c.lookup(name); ok {
			return v, nil
		}
		if c.results != nil && strings.HasPrefix(name, c.resultKind+".") {
			return c.resolveResult(name)
		}
	}
	return "", fmt.Errorf("%s", unknownReason(name))
}

func (s *scope) resolveResult(name string) (string, error) {
	rest := strings.TrimPrefix(name, s.resultKind+".")
	who, field, _ := strings.Cut(rest, ".")
	noun := strings.TrimSuffix(s.resultKind, "s")
	vars, ok := s.results(s.resultKind, who)
	if !ok {
		return "", fmt.Errorf("no %s named %s has finished", noun, who)
	}
	if v, ok := vars[name]; ok {
		return v, nil
	}
	if skippedOutput(vars[s.resultKind+"."+who+".status"], field) {
		return "", nil
	}
	switch {
	case field == "outputs.result":
		return "", fmt.Errorf("%s %s has no result", noun, who)
	case strings.HasPrefix(field, "outputs.parameters."):
		return "", fmt.Errorf("%s %s has no output parameter %s", noun, who, strings.TrimPrefix(field, "outputs.parameters."))
	}
	if reason, ok := missingArtifactReason(noun, who, field); ok {
		return "", fmt.Errorf("%s", reason)
	}
	return "", fmt.Errorf("%s %s has no %s", noun, who, field)
}

// skippedOutput says whether field is an output of a step or task that did
// not run (Skipped or Omitted): its result and output parameters are empty,
// as Argo documents.
func skippedOutput(phase, field string) bool {
	skipped := phase == string(v1alpha1.NodeSkipped) || phase == string(v1alpha1.NodeOmitted)
	return skipped && (field == "outputs.result" || strings.HasPrefix(field, "outputs.parameters."))
}

func unknownReason(name string) string {
	switch {
	case strings.HasPrefix(name, "inputs.parameters."):
		return "no input parameter " + strings.TrimPrefix(name, "inputs.parameters.")
	case strings.HasPrefix(name, "workflow.parameters."):
		return "no workflow parameter " + strings.TrimPrefix(name, "workflow.parameters.")
	case strings.HasPrefix(name, "workflow.outputs.parameters."):
		return "no global output parameter " + strings.TrimPrefix(name, "workflow.outputs.parameters.")
	case name == "item" || strings.HasPrefix(name, "item."):
		return "not inside a loop over items, or the item has no such key"
	case strings.HasPrefix(name, "steps."):
		return "steps are only visible inside their steps template"
	case strings.HasPrefix(name, "tasks."):
		return "tasks are only visible inside their DAG template"
	}
	return "no such variable"
}

// Env returns every variable as nested maps for {{=...}} expressions.
func (s *scope) Env() map[string]any {
	flat := map[string]string{}
	var chain []*scope
	for c := s; c != nil; c = c.parent {
		chain = append(chain, c)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		if c.results != nil {
			for _, name := range c.resultNames() {
				if vars, ok := c.results(c.resultKind, name); ok {
					for k, v := range vars {
						flat[k] = v
					}
				}
			}
		}
		for k := range c.lazy {
			flat[k], _ = c.lookup(k)
		}
		for k, v := range c.vars {
			flat[k] = v
		}
	}
	return expr.NestedEnv(flat)
}
