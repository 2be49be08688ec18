package resource

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/labels"
)

// Conditions are a resource template's successCondition and
// failureCondition, parsed. Each is a label selector whose keys are paths
// into the object, such as "status.succeeded > 0" or
// "status.phase in (Failed, Error)"; requirements are joined by commas.
type Conditions struct {
	success, failure labels.Requirements
}

// ParseConditions parses a successCondition and a failureCondition; either
// may be empty.
func ParseConditions(success, failure string) (Conditions, error) {
	var c Conditions
	var err error
	if c.success, err = parseCondition("successCondition", success); err != nil {
		return Conditions{}, err
	}
	if c.failure, err = parseCondition("failureCondition", failure); err != nil {
		return Conditions{}, err
	}
	return c, nil
}

func parseCondition(field, condition string) (labels.Requirements, error) {
	if strings.TrimSpace(condition) == "" {
		return nil, nil
	}
	selector, err := labels.Parse(condition)
	if err != nil {
		return nil, fmt.Errorf("resource.%s %q is not a label selector over the object such as \"status.succeeded > 0\" or \"status.phase == Failed\": %v", field, condition, err)
	}
	reqs, _ := selector.Requirements()
	return reqs, nil
}

// Verdict is what the conditions say of the object.
type Verdict int

const (
	// Waiting: neither condition holds yet.
	Waiting Verdict = iota
	// Succeeded: every requirement of successCondition holds (and no
	// failure requirement does).
	Succeeded
	// Failed: a requirement of failureCondition holds.
	Failed
)

// Evaluate judges the object as Argo does: the object fails as soon as any
// one requirement of failureCondition holds, which is checked first; it
// succeeds when every requirement of successCondition holds. A path that
// does not exist satisfies only != , notin and !path; > and < compare
// integers.
func (c Conditions) Evaluate(obj map[string]interface{}) (Verdict, string) {
	fields := objectFields{obj: obj}
	for _, r := range c.failure {
		if r.Matches(fields) {
			return Failed, fmt.Sprintf("failure condition '%s' evaluated true", r.String())
		}
	}
	for _, r := range c.success {
		if !r.Matches(fields) {
			return Waiting, fmt.Sprintf("waiting for success condition '%s'", r.String())
		}
	}
	return Succeeded, ""
}

// objectFields presents an object's fields as labels: a label is a dotted
// path, with numbers indexing lists ("status.conditions.0.type").
type objectFields struct {
	obj map[string]interface{}
}

func (f objectFields) Has(path string) bool {
	_, ok := f.Lookup(path)
	return ok
}

func (f objectFields) Get(path string) string {
	v, _ := f.Lookup(path)
	return v
}

func (f objectFields) Lookup(path string) (string, bool) {
	v, ok := lookup(f.obj, path)
	if !ok {
		return "", false
	}
	return text(v), true
}

// lookup follows a dotted path through maps and lists.
func lookup(obj map[string]interface{}, path string) (interface{}, bool) {
	var cur interface{} = obj
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]interface{}:
			next, ok := v[part]
			if !ok {
				return nil, false
			}
			cur = next
		case []interface{}:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// text is a field's value as a condition compares it: strings as they are,
// numbers and booleans as JSON writes them, null as "", maps and lists as JSON.
func text(v interface{}) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
