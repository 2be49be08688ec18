package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// loopItem is one element a loop runs over.
type loopItem struct {
	// suffix ends the expanded node's name: "(index:description)".
	suffix string
	// vars are item and item.KEY.
	vars map[string]string
}

// expandLoop returns the items of a unit whose loop references are resolved.
func expandLoop(u unit, s *scope) ([]loopItem, error) {
	var raw []json.RawMessage
	switch {
	case u.WithItems != nil:
		for _, it := range u.WithItems {
			raw = append(raw, it.Value)
		}
	case u.WithParam != "":
		value, err := expr.Substitute(u.WithParam, s, expr.Strict)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(value), &raw); err != nil {
			return nil, fmt.Errorf("withParam value could not be parsed as a JSON list: %s", value)
		}
	case u.WithSequence != nil:
		items, err := expandSequence(u.WithSequence, s)
		if err != nil {
			return nil, err
		}
		raw = items
	}
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
	clean := strings.NewReplacer("(", "", ")", "").Replace(desc)
	return loopItem{suffix: fmt.Sprintf("(%d:%s)", index, clean), vars: vars}, nil
}

// scalarText is a JSON value as text: a string unquoted, anything else as
// compact JSON.
func scalarText(raw json.RawMessage) string {
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

// expandSequence returns the numbers of a withSequence as JSON strings.
func expandSequence(seq *v1alpha1.Sequence, s *scope) ([]json.RawMessage, error) {
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
	start, end := 0, 0
	var err error
	if seq.Start != nil {
		if start, err = number("start", seq.Start); err != nil {
			return nil, err
		}
	}
	switch {
	case seq.End != nil:
		if end, err = number("end", seq.End); err != nil {
			return nil, err
		}
	case seq.Count != nil:
		count, err := number("count", seq.Count)
		if err != nil {
			return nil, err
		}
		if count <= 0 {
			return nil, nil
		}
		end = start + count - 1
	default:
		return nil, fmt.Errorf("withSequence needs count or end")
	}
	format := "%d"
	if seq.Format != "" {
		format = seq.Format
	}
	step := 1
	if end < start {
		step = -1
	}
	var out []json.RawMessage
	for i := start; ; i += step {
		b, _ := json.Marshal(fmt.Sprintf(format, i))
		out = append(out, b)
		if i == end {
			return out, nil
		}
	}
}

// itemScope is the scope of one item of a loop.
func itemScope(parent *scope, it loopItem) *scope {
	s := newScope(parent)
	for k, v := range it.vars {
		s.set(k, v)
	}
	return s
}
