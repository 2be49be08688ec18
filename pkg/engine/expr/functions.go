package expr

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/Masterminds/sprig/v3"
)

// sprigName is the variable under which expressions find the Sprig
// functions: sprig.trim(x), sprig.b64dec(x).
const sprigName = "sprig"

// sprigFunctions are Sprig's functions, without those that read the
// controller's environment (env, expandenv), reach the network from it
// (getHostByName, a DNS lookup any workflow author could aim anywhere) or
// spend seconds of its CPU on one call (key and certificate generation,
// derivePassword), and with the ones that make a list or a string of a
// size the caller picks bounded by maxGenerated: sprig.until(1e9) alone
// would take the controller's memory.
var sprigFunctions = func() map[string]any {
	funcs := sprig.GenericFuncMap()
	for _, name := range []string{"env", "expandenv", "getHostByName", "derivePassword",
		"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey"} {
		delete(funcs, name)
	}
	until, untilStep, repeat := funcs["until"].(func(int) []int), funcs["untilStep"].(func(int, int, int) []int), funcs["repeat"].(func(int, string) string)
	funcs["until"] = func(count int) ([]int, error) {
		if err := boundedCount("until", int64(count)); err != nil {
			return nil, err
		}
		return until(count), nil
	}
	funcs["untilStep"] = func(start, stop, step int) ([]int, error) {
		if step != 0 {
			if err := boundedCount("untilStep", (int64(stop)-int64(start))/int64(step)); err != nil {
				return nil, err
			}
		}
		return untilStep(start, stop, step), nil
	}
	funcs["repeat"] = func(count int, text string) (string, error) {
		if err := boundedCount("repeat", int64(count)*int64(max(len(text), 1))); err != nil {
			return "", err
		}
		return repeat(count, text), nil
	}
	delete(funcs, "seq")
	return funcs
}()

// maxGenerated bounds the items or bytes one Sprig call may make.
const maxGenerated = 1 << 20

// boundedCount refuses a call of function that would make more than
// maxGenerated items or bytes.
func boundedCount(function string, n int64) error {
	if n > maxGenerated || n < -maxGenerated {
		return fmt.Errorf("sprig.%s would make %d items or bytes, more than the %d an expression may: make less", function, n, maxGenerated)
	}
	return nil
}

// asInt converts a number or a numeral (spaces around it ignored) to an int.
func asInt(args ...any) (any, error) {
	if s, ok := args[0].(string); ok {
		i, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("asInt: %q is not a whole number", s)
		}
		return i, nil
	}
	v := reflect.ValueOf(args[0])
	switch {
	case v.CanInt():
		return int(v.Int()), nil
	case v.CanUint():
		return int(v.Uint()), nil
	case v.CanFloat():
		return int(v.Float()), nil
	}
	return nil, fmt.Errorf("asInt: cannot convert %T to a number", args[0])
}

// asFloat converts a number or a numeral (spaces around it ignored) to a
// float64.
func asFloat(args ...any) (any, error) {
	if s, ok := args[0].(string); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("asFloat: %q is not a number", s)
		}
		return f, nil
	}
	v := reflect.ValueOf(args[0])
	switch {
	case v.CanInt():
		return float64(v.Int()), nil
	case v.CanUint():
		return float64(v.Uint()), nil
	case v.CanFloat():
		return v.Float(), nil
	}
	return nil, fmt.Errorf("asFloat: cannot convert %T to a number", args[0])
}

// toJSON is the compact JSON text of a value.
func toJSON(args ...any) (any, error) {
	b, err := json.Marshal(args[0])
	if err != nil {
		return nil, fmt.Errorf("toJson: %w", err)
	}
	return string(b), nil
}

// jsonPathFunction is jsonpath(text, path): the values a JSONPath query
// selects in a JSON text.
func jsonPathFunction(args ...any) (any, error) {
	text, _ := args[0].(string)
	path, _ := args[1].(string)
	var doc any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, fmt.Errorf("jsonpath: the first argument is not JSON (%v): %.60q", err, text)
	}
	v, err := JSONPath(doc, path)
	if err != nil {
		return nil, fmt.Errorf("jsonpath %q: %w", path, err)
	}
	return v, nil
}
