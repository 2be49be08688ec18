package validation

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// refScope is what the {{...}} references of a string may name.
type refScope struct {
	// template names the template being checked, for messages.
	template string
	// inputs are the template's inputs; nil outside a template.
	inputs *weft.Inputs
	// steps are the steps a reference may name; nil outside a steps template.
	steps *nameScope
	// tasks are the tasks a reference may name; nil outside a DAG template.
	tasks *nameScope
	// loop says what {{item}} holds; nil outside a looping step or task.
	loop *loopScope
	// globals are the declared workflow parameters; nil when they are not
	// known here, as in a WorkflowTemplate whose users supply them.
	globals map[string]bool
}

// withLoop returns a copy of the scope in which {{item}} is set by loop.
func (sc *refScope) withLoop(loop *loopScope) *refScope {
	c := *sc
	c.loop = loop
	return &c
}

// nameScope is the steps or tasks of a template that a reference may name.
type nameScope struct {
	// template names the template, for messages.
	template string
	// all are every step or task of the template.
	all map[string]bool
	// visible are those a reference may name from where it is.
	visible map[string]bool
	// hiddenHint is a format with one %q for the name, telling why a step or
	// task of the template may not be named from here.
	hiddenHint string
}

// hidden says why name, a step or task of the template, may not be named here.
func (ns *nameScope) hidden(name string) string {
	return fmt.Sprintf(ns.hiddenHint, name)
}

// loopScope says what {{item.KEY}} may name in a looping step or task.
type loopScope struct {
	// anyKey is set when the items are only known at run time.
	anyKey bool
	// keys are the keys of the withItems maps, or "[i]" for list items.
	keys []string
}

// newLoopScope returns the loop scope of a step or task, or nil when it does
// not loop.
func newLoopScope(items []weft.Item, withParam string, looping bool) *loopScope {
	if !looping {
		return nil
	}
	if len(items) == 0 || withParam != "" {
		return &loopScope{anyKey: true}
	}
	keys := map[string]bool{}
	for _, item := range items {
		var value any
		if err := json.Unmarshal(item.Value, &value); err != nil {
			return &loopScope{anyKey: true}
		}
		switch v := value.(type) {
		case map[string]any:
			for k := range v {
				keys[k] = true
			}
		case []any:
			for i := range v {
				keys[fmt.Sprintf("[%d]", i)] = true
			}
		}
	}
	return &loopScope{keys: sortedKeys(keys)}
}

// checkKey checks the part of an {{item.KEY}} reference after "item.".
func (l *loopScope) checkKey(rest string) string {
	if l.anyKey {
		return ""
	}
	if len(l.keys) == 0 {
		return "the withItems items are plain values, not maps: use {{item}}"
	}
	for _, k := range l.keys {
		if rest == k || strings.HasPrefix(rest, k+".") {
			return ""
		}
	}
	return fmt.Sprintf("no withItems item has the key %q: use one of %s", rest, strings.Join(l.keys, ", "))
}
