package expr

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	exprlang "github.com/expr-lang/expr"
)

// JSONPath evaluates a JSONPath query in Goessner's syntax, as Argo's
// jsonpath function reads it, over a decoded JSON value: $ is the root,
// .name and ['name'] select a key, [n] an element (negative from the end),
// [a,b] several, [start:end:step] a slice, * every member, ..name every
// descendant named name, [?(@.age > 42 && @.name != 'x')] the elements a
// filter holds for, and .length the length of a list, object or string
// with no such key. A query that selects one value by name or index gives
// that value; one with a wildcard, slice, union, filter or descent gives the
// list of what it selected.
func JSONPath(doc any, path string) (any, error) {
	steps, err := parseJSONPath(path)
	if err != nil {
		return nil, err
	}
	nodes, single := []any{doc}, true
	for _, st := range steps {
		if st.many() {
			single = false
		}
		var next []any
		for _, n := range nodes {
			if st.descend {
				for _, d := range descendants(n) {
					next = append(next, st.selectFrom(d, doc, false)...)
				}
				continue
			}
			got, err := st.apply(n, doc, single)
			if err != nil {
				return nil, err
			}
			next = append(next, got...)
		}
		nodes = next
	}
	if single {
		return nodes[0], nil
	}
	if nodes == nil {
		nodes = []any{}
	}
	return nodes, nil
}

// pathStep is one selector of a query.
type pathStep struct {
	// descend applies the selector to every descendant (the ".." operator).
	descend bool
	// keys and indexes select by name and position; wildcard selects all.
	keys     []string
	indexes  []int
	wildcard bool
	// slice holds start, end and step; nil parts take their defaults.
	slice []*int
	// filter is the filter expression of [?(...)].
	filter string
}

// many says whether the step may select more than one value.
func (s pathStep) many() bool {
	return s.descend || s.wildcard || s.slice != nil || s.filter != "" || len(s.keys)+len(s.indexes) > 1
}

// apply selects from one value; in a query of single values, a missing key
// or index is an error.
func (s pathStep) apply(n, root any, single bool) ([]any, error) {
	got := s.selectFrom(n, root, single)
	if single && len(got) == 0 {
		if len(s.keys) == 1 {
			return nil, fmt.Errorf("no key %q in %s", s.keys[0], describe(n))
		}
		return nil, fmt.Errorf("no element %d in %s", s.indexes[0], describe(n))
	}
	return got, nil
}

func describe(v any) string {
	switch t := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return fmt.Sprintf("a list of %d", len(t))
	case nil:
		return "null"
	}
	return fmt.Sprintf("the value %v", v)
}

// selectFrom is what the step selects from one value. exact asks for the
// length of an object that has no "length" key.
func (s pathStep) selectFrom(n, root any, exact bool) []any {
	switch {
	case s.wildcard:
		return members(n)
	case s.slice != nil:
		return sliceOf(n, s.slice)
	case s.filter != "":
		var out []any
		for _, m := range members(n) {
			if filterHolds(s.filter, m, root) {
				out = append(out, m)
			}
		}
		return out
	}
	var out []any
	for _, k := range s.keys {
		if v, ok := keyOf(n, k, exact); ok {
			out = append(out, v)
		}
	}
	for _, i := range s.indexes {
		if list, ok := n.([]any); ok {
			if i < 0 {
				i += len(list)
			}
			if i >= 0 && i < len(list) {
				out = append(out, list[i])
			}
		}
	}
	return out
}

// keyOf selects a key of an object, or the length of a list, of a string
// or of an object without that key.
func keyOf(n any, key string, exact bool) (any, bool) {
	switch t := n.(type) {
	case map[string]any:
		v, ok := t[key]
		if !ok && key == "length" && exact {
			return len(t), true
		}
		return v, ok
	case []any:
		if key == "length" {
			return len(t), true
		}
	case string:
		if key == "length" {
			return len(t), true
		}
	}
	return nil, false
}

// members are the elements of a list, or the values of an object in the
// order of their keys.
func members(n any) []any {
	switch t := n.(type) {
	case []any:
		return t
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = t[k]
		}
		return out
	}
	return nil
}

// descendants are a value and everything under it, depth first.
func descendants(n any) []any {
	out := []any{n}
	for _, m := range members(n) {
		out = append(out, descendants(m)...)
	}
	return out
}

// sliceOf selects [start:end:step] of a list, counting negative bounds from
// its end; a negative step walks backwards.
func sliceOf(n any, bounds []*int) []any {
	list, ok := n.([]any)
	if !ok {
		return nil
	}
	size := len(list)
	step := 1
	if bounds[2] != nil && *bounds[2] != 0 {
		step = *bounds[2]
	}
	// A step longer than the list selects one element at most; shortening
	// it to the list's length keeps the index from overflowing past it.
	if size > 0 {
		step = min(max(step, -size), size)
	}
	clamp := func(b *int, def int) int {
		if b == nil {
			return def
		}
		i := *b
		if i < 0 {
			i += size
		}
		return min(max(i, 0), size)
	}
	start, end := clamp(bounds[0], 0), clamp(bounds[1], size)
	var out []any
	if step > 0 {
		for i := start; i < end; i += step {
			out = append(out, list[i])
		}
		return out
	}
	for i := end - 1; i >= start; i += step {
		out = append(out, list[i])
	}
	return out
}

// filterHolds evaluates a filter for one element, @ being the element and $
// the root. A filter that fails or gives false or null excludes it; any
// other value, as for [?(@.key)], keeps it.
func filterHolds(filter string, current, root any) bool {
	v, err := exprlang.Eval(filterExpression(filter), map[string]any{"current": current, "root": root})
	if err != nil || v == nil {
		return false
	}
	b, isBool := v.(bool)
	return !isBool || b
}

// filterExpression rewrites a JSONPath filter as an expr-lang expression:
// @ becomes current, $ becomes root, =~ becomes matches.
func filterExpression(filter string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(filter); i++ {
		c := filter[i]
		switch {
		case quote != 0:
			if c == quote && filter[i-1] != '\\' {
				quote = 0
			}
			b.WriteByte(c)
		case c == '\'' || c == '"':
			quote = c
			b.WriteByte(c)
		case c == '@':
			b.WriteString("current")
		case c == '$':
			b.WriteString("root")
		case c == '=' && i+1 < len(filter) && filter[i+1] == '~':
			b.WriteString(" matches ")
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// parseJSONPath splits a query into its steps.
func parseJSONPath(path string) ([]pathStep, error) {
	p := strings.TrimSpace(path)
	if !strings.HasPrefix(p, "$") {
		return nil, fmt.Errorf("a JSONPath starts with $, such as $.key")
	}
	p = p[1:]
	var steps []pathStep
	for p != "" {
		var st pathStep
		switch {
		case strings.HasPrefix(p, ".."):
			st.descend = true
			p = p[2:]
			if strings.HasPrefix(p, "[") {
				break
			}
			name, rest := cutName(p)
			if name == "" {
				return nil, fmt.Errorf(`".." must be followed by a name, * or [...]`)
			}
			setName(&st, name)
			steps, p = append(steps, st), rest
			continue
		case strings.HasPrefix(p, "."):
			name, rest := cutName(p[1:])
			if name == "" {
				return nil, fmt.Errorf(`"." must be followed by a name or *`)
			}
			setName(&st, name)
			steps, p = append(steps, st), rest
			continue
		case !strings.HasPrefix(p, "["):
			return nil, fmt.Errorf("unexpected %q: use .name or [...]", p)
		}
		body, rest, err := cutBracket(p)
		if err != nil {
			return nil, err
		}
		if err := parseBracket(&st, body); err != nil {
			return nil, err
		}
		steps, p = append(steps, st), rest
	}
	return steps, nil
}

// cutName splits a dotted name from what follows it.
func cutName(p string) (string, string) {
	end := strings.IndexAny(p, ".[")
	if end < 0 {
		end = len(p)
	}
	return strings.TrimSpace(p[:end]), p[end:]
}

func setName(st *pathStep, name string) {
	if name == "*" {
		st.wildcard = true
		return
	}
	st.keys = []string{name}
}

// cutBracket splits "[...]" from what follows it, minding quotes and
// parentheses inside.
func cutBracket(p string) (string, string, error) {
	depth := 0
	var quote byte
	for i := 1; i < len(p); i++ {
		c := p[i]
		switch {
		case quote != 0:
			if c == quote && p[i-1] != '\\' {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ']' && depth == 0:
			return strings.TrimSpace(p[1:i]), p[i+1:], nil
		}
	}
	return "", "", fmt.Errorf("%q has no closing ]", p)
}

// parseBracket reads the inside of [...].
func parseBracket(st *pathStep, body string) error {
	switch {
	case body == "*":
		st.wildcard = true
		return nil
	case strings.HasPrefix(body, "?(") && strings.HasSuffix(body, ")"):
		st.filter = strings.TrimSpace(body[2 : len(body)-1])
		if st.filter == "" {
			return fmt.Errorf("empty filter [?()]")
		}
		return nil
	case strings.HasPrefix(body, "("):
		return fmt.Errorf("script selectors [(...)] are not supported: use an index, a slice or a filter [?(...)]")
	case strings.Contains(body, ":") && !strings.ContainsAny(body, `'"`):
		return parseSlice(st, body)
	}
	for _, part := range splitUnion(body) {
		part = strings.TrimSpace(part)
		if len(part) >= 2 && (part[0] == '\'' || part[0] == '"') && part[len(part)-1] == part[0] {
			st.keys = append(st.keys, part[1:len(part)-1])
			continue
		}
		i, err := strconv.Atoi(part)
		if err != nil {
			return fmt.Errorf("[%s]: %q is neither a quoted key nor an index", body, part)
		}
		st.indexes = append(st.indexes, i)
	}
	return nil
}

// splitUnion splits a union at the commas outside quotes.
func splitUnion(body string) []string {
	var parts []string
	var quote byte
	last := 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ',':
			parts = append(parts, body[last:i])
			last = i + 1
		}
	}
	return append(parts, body[last:])
}

// parseSlice reads start:end:step.
func parseSlice(st *pathStep, body string) error {
	parts := strings.Split(body, ":")
	if len(parts) > 3 {
		return fmt.Errorf("[%s]: a slice is [start:end] or [start:end:step]", body)
	}
	st.slice = make([]*int, 3)
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return fmt.Errorf("[%s]: %q is not a whole number", body, part)
		}
		st.slice[i] = &n
	}
	return nil
}
