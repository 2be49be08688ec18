package expr

import (
	"fmt"
	"testing"
)

type mapResolver map[string]string

func (m mapResolver) Resolve(name string) (string, error) {
	if v, ok := m[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("unknown")
}

func (m mapResolver) Env() map[string]any { return NestedEnv(m) }

func TestSubstitute(t *testing.T) {
	r := mapResolver{"inputs.parameters.x": "1", "steps.a-b.outputs.result": "heads", "item": "it"}
	cases := []struct {
		in, want string
		mode     Mode
		err      string
	}{
		{in: "x={{inputs.parameters.x}} {{ item }}", want: "x=1 it", mode: Strict},
		{in: "{{steps.gen.outputs.result}}", want: "{{steps.gen.outputs.result}}", mode: Lenient},
		{in: "{{steps.gen.outputs.result}}", mode: Strict, err: "unable to resolve {{steps.gen.outputs.result}}: unknown"},
		{in: "{{ .Values.x }} {{foo}}", want: "{{ .Values.x }} {{foo}}", mode: Strict},
		{in: "{{=asInt(inputs.parameters.x) + 1}}", want: "2", mode: Strict},
		{in: "{{=steps['a-b'].outputs.result == 'heads'}}", want: "true", mode: Strict},
		{in: "{{=nope + 1}}", want: "{{=nope + 1}}", mode: Lenient},
		{in: "unterminated {{x", want: "unterminated {{x", mode: Strict},
	}
	for _, c := range cases {
		got, err := Substitute(c.in, r, c.mode)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestEvaluateWhen(t *testing.T) {
	cases := []struct {
		in   string
		want bool
		err  bool
	}{
		{in: "heads == heads", want: true},
		{in: "tails == heads", want: false},
		{in: "'a b' == 'a b'", want: true},
		{in: "5 > 3 && 2 <= 2", want: true},
		{in: "1 == '1'", want: false},
		{in: "!(1 == 2) || false", want: true},
		{in: "hello =~ '^he'", want: true},
		{in: "hello !~ '^he'", want: false},
		{in: "3.11 >= 3.9", want: false},
		{in: "abc < abd", want: true},
		{in: "true", want: true},
		{in: "1 + 2 == 3", want: true},
		{in: "a + b == ab", want: true},
		{in: "12-slim == 12-slim", err: true},
		{in: "hello world == x", err: true},
		{in: "[1] == 1", err: true},
		{in: "1 + 1", err: true},
		{in: "(1 == 1", err: true},
		{in: "5 % 0 == 0", err: true},
	}
	for _, c := range cases {
		got, err := EvaluateWhen(c.in)
		if c.err {
			if err == nil {
				t.Errorf("%q: no error", c.in)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestSubstituteObject(t *testing.T) {
	type obj struct {
		A string            `json:"a"`
		M map[string]string `json:"m"`
	}
	var out obj
	err := SubstituteObject(&out, obj{A: `say "{{item}}"`, M: map[string]string{"{{item}}": "{{item}}"}}, mapResolver{"item": `q"uote`}, Strict)
	if err != nil || out.A != `say "q"uote"` || out.M[`q"uote`] != `q"uote` {
		t.Fatalf("%+v %v", out, err)
	}
}
