package expr

import (
	"fmt"
	"strings"
)

// Resolver gives the values of the references in a text.
type Resolver interface {
	// Resolve returns the value of a {{name}} reference, or an error saying
	// why it has none.
	Resolve(name string) (string, error)
	// Env returns the variables of {{=expression}} tags, as nested maps:
	// inputs.parameters.x is Env()["inputs"]["parameters"]["x"].
	Env() map[string]any
}

// Mode says what Substitute does with a reference it cannot resolve.
type Mode int

const (
	// Lenient leaves unresolved references as written, for a later scope to
	// resolve.
	Lenient Mode = iota
	// Strict fails on an unresolved reference to a Weft variable (inputs.,
	// outputs., steps., tasks., workflow., item, pod., node.) or an expression
	// that does not evaluate; other references are left as written.
	Strict
)

// UnresolvedError is a reference Substitute could not resolve in Strict mode.
type UnresolvedError struct {
	// Ref is the reference as written between the braces, trimmed.
	Ref string
	// Reason says why it has no value.
	Reason string
}

// Error says which reference could not be resolved and why.
func (e *UnresolvedError) Error() string {
	return fmt.Sprintf("unable to resolve {{%s}}: %s", e.Ref, e.Reason)
}

// variablePrefixes are the roots of the references Weft itself defines.
var variablePrefixes = []string{"inputs.", "outputs.", "steps.", "tasks.", "workflow.", "item.", "pod.", "node."}

// IsVariable says whether a reference names a variable Weft defines, so that
// Strict mode must resolve it.
func IsVariable(ref string) bool {
	if ref == "item" || strings.HasPrefix(ref, "=") {
		return true
	}
	for _, p := range variablePrefixes {
		if strings.HasPrefix(ref, p) {
			return true
		}
	}
	return false
}

// Substitute replaces every {{name}} and {{=expression}} in s.
func Substitute(s string, r Resolver, mode Mode) (string, error) {
	start := strings.Index(s, "{{")
	if start < 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for start >= 0 {
		end := strings.Index(s[start+2:], "}}")
		if end < 0 {
			break
		}
		end += start + 2
		b.WriteString(s[:start])
		raw := s[start : end+2]
		ref := strings.TrimSpace(s[start+2 : end])
		value, err := resolve(ref, r)
		switch {
		case err == nil:
			b.WriteString(value)
		case mode == Strict && IsVariable(ref):
			return "", err
		default:
			b.WriteString(raw)
		}
		s = s[end+2:]
		start = strings.Index(s, "{{")
	}
	b.WriteString(s)
	return b.String(), nil
}

func resolve(ref string, r Resolver) (string, error) {
	if expression, ok := strings.CutPrefix(ref, "="); ok {
		v, err := Evaluate(expression, r.Env())
		if err != nil {
			return "", &UnresolvedError{Ref: ref, Reason: err.Error()}
		}
		return Format(v), nil
	}
	v, err := r.Resolve(ref)
	if err != nil {
		return "", &UnresolvedError{Ref: ref, Reason: err.Error()}
	}
	return v, nil
}

// HasReferences says whether s holds a {{...}} tag.
func HasReferences(s string) bool {
	i := strings.Index(s, "{{")
	return i >= 0 && strings.Contains(s[i+2:], "}}")
}
