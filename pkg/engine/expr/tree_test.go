package expr

import (
	"strings"
	"testing"
)

func TestSubstituteJSON(t *testing.T) {
	r := mapResolver{"item": `a "quoted" <item>`, "inputs.parameters.n": "3"}
	cases := []struct{ in, want string }{
		{`{"a":1,"b":[true,null,"x"]}`, `{"a":1,"b":[true,null,"x"]}`},
		{`{"{{item}}":"{{inputs.parameters.n}}","big":12345678901234567890}`, `{"a \"quoted\" \u003citem\u003e":"3","big":12345678901234567890}`},
		{`["say \"{{item}}\"","\u007b{item}}"]`, `["say \"a \"quoted\" \u003citem\u003e\"","a \"quoted\" \u003citem\u003e"]`},
		{`{"e":"{{=inputs.parameters.n == \u00223\u0022 \u0026\u0026 true}}"}`, `{"e":"true"}`},
		{`{"left":"{{unknown.ref}}"}`, `{"left":"{{unknown.ref}}"}`},
	}
	for _, c := range cases {
		got, err := SubstituteJSON([]byte(c.in), r, Strict)
		if err != nil || string(got) != c.want {
			t.Errorf("%s: got %s, %v; want %s", c.in, got, err, c.want)
		}
	}
}

func TestSubstituteJSONStrictFailsOnUnresolvedVariable(t *testing.T) {
	_, err := SubstituteJSON([]byte(`{"a":"{{inputs.parameters.missing}}"}`), mapResolver{}, Strict)
	if err == nil || !strings.Contains(err.Error(), "inputs.parameters.missing") {
		t.Fatalf("got %v, want an error naming the reference", err)
	}
}
