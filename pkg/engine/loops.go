package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// loopItem is one element a loop runs over.
type loopItem struct {
	// suffix ends the expanded node's name: "(index:description)".
	suffix string
	// vars are item and item.KEY; nil for a plain string, whose item is text.
	vars map[string]string
	text string
}

// expandLoop returns the items of a unit whose loop references are resolved.
// A withSequence's items are made once per range in a Reconcile, which
// expands every running loop in every pass.
func (o *operation) expandLoop(u unit, s *scope) ([]loopItem, error) {
	var raw []json.RawMessage
	switch {
	case u.WithItems != nil:
		if err := o.checkLoopSize("withItems", len(u.WithItems)); err != nil {
			return nil, err
		}
		for _, it := range u.WithItems {
			raw = append(raw, it.Value)
		}
	case u.WithParam != "":
		value, err := expr.Substitute(u.WithParam, s, expr.Strict)
		if err != nil {
			return nil, err
		}
		if err := o.checkLoopSize("withParam", countJSONList(value)); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(value), &raw); err != nil {
			return nil, fmt.Errorf("withParam value could not be parsed as a JSON list: %s", value)
		}
	case u.WithSequence != nil:
		r, err := resolveSequence(u.WithSequence, s)
		if err != nil {
			return nil, err
		}
		if items, ok := o.sequences[r]; ok {
			return items, nil
		}
		if err := o.checkSequenceSize(r); err != nil {
			return nil, err
		}
		items, err := loopItems(r.numbers())
		if err == nil {
			o.sequences[r] = items
		}
		return items, err
	}
	return loopItems(raw)
}

// loopItems describes each of a loop's values.
func loopItems(raw []json.RawMessage) ([]loopItem, error) {
	out := make([]loopItem, len(raw))
	for i, r := range raw {
		it, err := newLoopItem(i, r)
		if err != nil {
			return nil, err
		}
		out[i] = it
	}
	return out, nil
}

// newLoopItem describes an item as Argo does: a scalar by its value, a map
// by its "key:value" pairs sorted and joined by commas, a list by its JSON.
func newLoopItem(index int, raw json.RawMessage) (loopItem, error) {
	if text, ok := plainString(raw); ok {
		return loopItem{suffix: itemSuffix(index, text), text: text}, nil
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return loopItem{}, fmt.Errorf("item %d is not valid JSON: %v", index, err)
	}
	text := compact.String()
	vars := map[string]string{}
	var desc string
	switch {
	case strings.HasPrefix(text, "{"):
		var m map[string]json.RawMessage
		if err := json.Unmarshal(compact.Bytes(), &m); err != nil {
			return loopItem{}, err
		}
		pairs := make([]string, 0, len(m))
		for k, v := range m {
			s := scalarText(v)
			vars["item."+k] = s
			pairs = append(pairs, k+":"+s)
		}
		sort.Strings(pairs)
		desc = strings.Join(pairs, ",")
		sorted, _ := json.Marshal(m)
		vars["item"] = string(sorted)
	default:
		desc = scalarText(compact.Bytes())
		vars["item"] = desc
	}
	return loopItem{suffix: itemSuffix(index, desc), vars: vars}, nil
}

// itemSuffix ends the name of an item's node: "(index:description)".
func itemSuffix(index int, desc string) string {
	return "(" + strconv.Itoa(index) + ":" + parentheses.Replace(desc) + ")"
}

// parentheses removes the parentheses of an item's description, which
// would break the "(index:description)" suffix of its node's name.
var parentheses = strings.NewReplacer("(", "", ")", "")

// scalarText is a JSON value as text: a string unquoted, anything else as
// compact JSON.
func scalarText(raw json.RawMessage) string {
	if s, ok := plainString(raw); ok {
		return s
	}
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// plainString reads a JSON string without escapes, the common case, without
// the cost of decoding it.
func plainString(raw json.RawMessage) (string, bool) {
	n := len(raw)
	if n < 2 || raw[0] != '"' || raw[n-1] != '"' {
		return "", false
	}
	body := raw[1 : n-1]
	if bytes.ContainsAny(body, "\\\"") || !utf8.Valid(body) {
		return "", false
	}
	for _, c := range body {
		if c < ' ' {
			return "", false
		}
	}
	return string(body), true
}

// sequenceRange is a withSequence with its references resolved.
type sequenceRange struct {
	start, end int
	format     string
	// empty says the sequence has no numbers: its count is zero or less.
	empty bool
}

// resolveSequence resolves the references of a withSequence.
func resolveSequence(seq *v1alpha1.Sequence, s *scope) (sequenceRange, error) {
	number := func(field string, v *intstr.IntOrString) (int, error) {
		text, err := expr.Substitute(v.String(), s, expr.Strict)
		if err != nil {
			return 0, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return 0, fmt.Errorf("withSequence.%s %q is not a whole number", field, text)
		}
		return n, nil
	}
	r := sequenceRange{format: "%d"}
	if seq.Format != "" {
		r.format = seq.Format
	}
	var err error
	if seq.Start != nil {
		if r.start, err = number("start", seq.Start); err != nil {
			return r, err
		}
	}
	switch {
	case seq.End != nil:
		if r.end, err = number("end", seq.End); err != nil {
			return r, err
		}
	case seq.Count != nil:
		count, err := number("count", seq.Count)
		if err != nil {
			return r, err
		}
		r.empty = count <= 0
		r.end = r.start + count - 1
	default:
		return r, fmt.Errorf("withSequence needs count or end")
	}
	return r, nil
}

// numbers are the sequence's numbers in its format, as JSON strings.
func (r sequenceRange) numbers() []json.RawMessage {
	if r.empty {
		return nil
	}
	step := 1
	if r.end < r.start {
		step = -1
	}
	var out []json.RawMessage
	for i := r.start; ; i += step {
		out = append(out, sequenceNumber(r.format, i))
		if i == r.end {
			return out
		}
	}
}

// sequenceNumber is a number of a withSequence in its format, as a JSON
// string.
func sequenceNumber(format string, i int) json.RawMessage {
	if format == "%d" {
		return json.RawMessage(`"` + strconv.Itoa(i) + `"`)
	}
	b, _ := json.Marshal(fmt.Sprintf(format, i))
	return b
}

// itemScope is the scope of one item of a loop.
func itemScope(parent *scope, it loopItem) *scope {
	s := newScope(parent)
	if it.vars == nil {
		s.set("item", it.text)
	}
	for k, v := range it.vars {
		s.set(k, v)
	}
	return s
}
