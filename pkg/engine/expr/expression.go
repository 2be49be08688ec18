package expr

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	exprlang "github.com/expr-lang/expr"
)

// Evaluate evaluates an expr-lang expression, as written in {{=...}}, with
// Argo's helper functions asInt, asFloat and toJson.
func Evaluate(expression string, env map[string]any) (any, error) {
	program, err := exprlang.Compile(expression, exprlang.Env(env),
		exprlang.Function("asInt", asInt, new(func(any) int)),
		exprlang.Function("asFloat", asFloat, new(func(any) float64)),
		exprlang.Function("toJson", toJSON, new(func(any) string)),
	)
	if err != nil {
		return nil, err
	}
	return exprlang.Run(program, env)
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

func asInt(args ...any) (any, error) {
	switch v := args[0].(type) {
	case int:
		return v, nil
	case float64:
		return int(v), nil
	case string:
		return strconv.Atoi(strings.TrimSpace(v))
	}
	return nil, fmt.Errorf("asInt: cannot convert %T", args[0])
}

func asFloat(args ...any) (any, error) {
	switch v := args[0].(type) {
	case int:
		return float64(v), nil
	case float64:
		return v, nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(v), 64)
	}
	return nil, fmt.Errorf("asFloat: cannot convert %T", args[0])
}

func toJSON(args ...any) (any, error) {
	b, err := json.Marshal(args[0])
	return string(b), err
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
