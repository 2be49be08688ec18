package expr

import (
	"encoding/json"
	"fmt"
	"strings"

	exprlang "github.com/expr-lang/expr"
)

// Evaluate evaluates an expr-lang expression, as written in {{=...}}, with
// Argo's additions: the functions asInt, asFloat, toJson and jsonpath, and
// the Sprig functions as sprig.NAME(...). The left side of a "??" falls back
// on its right side when any step of its member chain is missing, so that
// steps.x.outputs.result ?? 'none' holds for a skipped step.
func Evaluate(expression string, env map[string]any) (any, error) {
	full := make(map[string]any, len(env)+1)
	for k, v := range env {
		full[k] = v
	}
	full[sprigName] = sprigFunctions
	program, err := exprlang.Compile(expression, exprlang.Env(full),
		exprlang.Function("asInt", asInt, new(func(any) int)),
		exprlang.Function("asFloat", asFloat, new(func(any) float64)),
		exprlang.Function("toJson", toJSON, new(func(any) string)),
		exprlang.Function("jsonpath", jsonPathFunction, new(func(string, string) any)),
		exprlang.Patch(coalesceMissing{}),
	)
	if err != nil {
		return nil, err
	}
	return exprlang.Run(program, full)
}

// EvaluateBool evaluates an expression that must give true or false, such
// as a hook's, a retry's or a CronWorkflow's condition.
func EvaluateBool(expression string, env map[string]any) (bool, error) {
	v, err := Evaluate(expression, env)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("%q gives %v, not true or false", expression, v)
	}
	return b, nil
}

// Format turns an expression's value into the text substituted for it:
// strings as they are, numbers and booleans as Go prints them, anything else
// as JSON.
func Format(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "null"
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(t)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// NestedEnv turns flat dotted names into nested maps for expressions:
// {"inputs.parameters.x": "1"} becomes {"inputs": {"parameters": {"x": "1"}}}.
// When a name is both a value and a prefix of others (steps.a.outputs.parameters
// and steps.a.outputs.parameters.p) the nested map wins.
func NestedEnv(flat map[string]string) map[string]any {
	env := map[string]any{}
	for name, value := range flat {
		parts := strings.Split(name, ".")
		m := env
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[p] = next
			}
			m = next
		}
		last := parts[len(parts)-1]
		if _, isMap := m[last].(map[string]any); !isMap {
			m[last] = value
		}
	}
	return env
}
