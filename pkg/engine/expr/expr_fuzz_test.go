package expr

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzResolver holds the variables the fuzz targets substitute and evaluate
// with: those of the package's tests, so that seeds taken from them resolve.
var fuzzResolver = mapResolver{
	"inputs.parameters.x":              "1",
	"inputs.parameters.n":              " 7 ",
	"inputs.parameters.f":              "2.5",
	"inputs.parameters.my-string":      "  padded  ",
	"item":                             `a "quoted" <item>`,
	"steps.a-b.outputs.result":         "heads",
	"steps.flip.outputs.result":        "heads",
	"steps.heads.status":               "Skipped",
	"steps.tails.status":               "Succeeded",
	"steps.tails.outputs.parameters.p": "tails-p",
	"tasks.a.status":                   "Omitted",
	"workflow.parameters.config":       `{"employees": [{"name": "Baris", "age":43},{"name": "Mo", "age": 42}]}`,
	"workflow.parameters.flat":         `{"a": "1", "b": "2"}`,
	"workflow.creationTimestamp":       "2026-05-01T12:00:00Z",
}

// unrepeatableNames are the names of functions whose value is not a function
// of their arguments: clocks, randomness, salts and the order of a Go map's
// keys. An expression that names one may differ from one evaluation to the
// next, so the fuzz targets check only that it does not panic.
var unrepeatableNames = []string{
	"now", "date", "ago", "rand", "uuid", "shuffle", "crypt", "htpasswd", "gen",
	"keys", "values", "pairs",
}

// repeatable says whether text names none of unrepeatableNames.
func repeatable(text string) bool {
	lower := strings.ToLower(text)
	for _, name := range unrepeatableNames {
		if strings.Contains(lower, strings.ToLower(name)) {
			return false
		}
	}
	return true
}

// FuzzSubstitute checks Substitute, on which every {{...}} of a workflow
// goes through: text without "{{" comes back unchanged; the same text gives
// the same result twice; Lenient mode never fails; and where Strict mode
// succeeds, Lenient mode gives the same text, since they differ only in
// failing.
func FuzzSubstitute(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		lenient, err := Substitute(text, fuzzResolver, Lenient)
		if err != nil {
			t.Fatalf("Substitute(%q, Lenient) failed: %v", text, err)
		}
		if !strings.Contains(text, "{{") && lenient != text {
			t.Fatalf("Substitute(%q) changed a text without references to %q", text, lenient)
		}
		strict, strictErr := Substitute(text, fuzzResolver, Strict)
		if strictErr != nil && !strings.Contains(strictErr.Error(), "unable to resolve {{") {
			t.Fatalf("Substitute(%q, Strict) failed without naming the reference: %v", text, strictErr)
		}
		if !repeatable(text) {
			return
		}
		if again, _ := Substitute(text, fuzzResolver, Lenient); again != lenient {
			t.Fatalf("Substitute(%q) gave %q, then %q", text, lenient, again)
		}
		if strictErr == nil && strict != lenient {
			t.Fatalf("Substitute(%q): Strict gave %q, Lenient %q", text, strict, lenient)
		}
	})
}

// FuzzSubstituteJSON checks SubstituteJSON and SubstituteObject, through
// which the engine substitutes templates, arguments and items: the text of
// a JSON document whose keys and values are the fuzzed string stays valid
// JSON, and each of its strings becomes what Substitute makes of it. Text
// that is not UTF-8 is left out: JSON cannot carry it unchanged.
func FuzzSubstituteJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		if !repeatable(text) || !utf8.ValidString(text) {
			return
		}
		want, err := Substitute(text, fuzzResolver, Lenient)
		if err != nil {
			t.Fatalf("Substitute(%q, Lenient) failed: %v", text, err)
		}
		type document struct {
			Value string            `json:"value"`
			List  []string          `json:"list"`
			Map   map[string]string `json:"map"`
		}
		src := document{Value: text, List: []string{text, "plain"}, Map: map[string]string{text: text}}
		data, err := json.Marshal(src)
		if err != nil {
			t.Fatal(err)
		}
		out, err := SubstituteJSON(data, fuzzResolver, Lenient)
		if err != nil {
			t.Fatalf("SubstituteJSON(%s) failed: %v", data, err)
		}
		var got document
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("SubstituteJSON(%s) gave invalid JSON %s: %v", data, out, err)
		}
		wanted := document{Value: want, List: []string{want, "plain"}, Map: map[string]string{want: want}}
		if !reflect.DeepEqual(got, wanted) {
			t.Fatalf("SubstituteJSON(%s) = %+v, want %+v", data, got, wanted)
		}
		var object document
		if err := SubstituteObject(&object, src, fuzzResolver, Lenient); err != nil {
			t.Fatalf("SubstituteObject(%+v) failed: %v", src, err)
		}
		if !reflect.DeepEqual(object, wanted) {
			t.Fatalf("SubstituteObject(%+v) = %+v, want %+v", src, object, wanted)
		}
	})
}

// FuzzEvaluate checks Evaluate, which runs the {{=...}} expressions of
// workflows, hooks, retries and CronWorkflow conditions: the same expression
// gives the same value or error twice, and EvaluateBool agrees with it.
func FuzzEvaluate(f *testing.F) {
	env := fuzzResolver.Env()
	f.Fuzz(func(t *testing.T, expression string) {
		value, err := Evaluate(expression, env)
		formatted := Format(value)
		boolean, boolErr := EvaluateBool(expression, env)
		if !repeatable(expression) {
			return
		}
		again, againErr := Evaluate(expression, env)
		if errorText(err) != errorText(againErr) || Format(again) != formatted {
			t.Fatalf("Evaluate(%q) gave %s (%v), then %s (%v)", expression, formatted, err, Format(again), againErr)
		}
		b, isBool := value.(bool)
		switch {
		case err != nil && boolErr == nil:
			t.Fatalf("EvaluateBool(%q) = %v, but Evaluate failed: %v", expression, boolean, err)
		case err == nil && isBool && (boolErr != nil || boolean != b):
			t.Fatalf("EvaluateBool(%q) = %v, %v; Evaluate gave %v", expression, boolean, boolErr, b)
		case err == nil && !isBool && boolErr == nil:
			t.Fatalf("EvaluateBool(%q) = %v, but Evaluate gave the non-boolean %s", expression, boolean, formatted)
		}
	})
}

// FuzzEvaluateWhen checks EvaluateWhen, which decides steps' and tasks'
// `when` conditions: the same condition decides the same way twice, and a
// condition that decides b makes !(condition) decide the opposite.
func FuzzEvaluateWhen(f *testing.F) {
	f.Fuzz(func(t *testing.T, when string) {
		decided, err := EvaluateWhen(when)
		again, againErr := EvaluateWhen(when)
		if decided != again || errorText(err) != errorText(againErr) {
			t.Fatalf("EvaluateWhen(%q) gave %v (%v), then %v (%v)", when, decided, err, again, againErr)
		}
		if err != nil {
			if !strings.Contains(err.Error(), when) {
				t.Fatalf("EvaluateWhen(%q): the error does not quote the condition: %v", when, err)
			}
			return
		}
		negated, err := EvaluateWhen("!(" + when + ")")
		if err != nil || negated == decided {
			t.Fatalf("EvaluateWhen(%q) = %v, but its negation gives %v, %v", when, decided, negated, err)
		}
	})
}

// FuzzJSONPath checks JSONPath, the query language of the jsonpath
// function: over a JSON document, the same query gives the same result twice.
func FuzzJSONPath(f *testing.F) {
	f.Fuzz(func(t *testing.T, document, path string) {
		var doc any
		if json.Unmarshal([]byte(document), &doc) != nil {
			return
		}
		got, err := JSONPath(doc, path)
		if !repeatable(path) {
			return
		}
		again, againErr := JSONPath(doc, path)
		if errorText(err) != errorText(againErr) || Format(got) != Format(again) {
			t.Fatalf("JSONPath(%s, %q) gave %s (%v), then %s (%v)", document, path, Format(got), err, Format(again), againErr)
		}
	})
}

// errorText is an error's message, or "" for none.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
