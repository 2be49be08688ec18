package expr

import (
	"strings"
	"testing"
)

func TestArgoFunctions(t *testing.T) {
	r := mapResolver{
		"inputs.parameters.n":         " 7 ",
		"inputs.parameters.f":         "2.5",
		"inputs.parameters.my-string": "  padded  ",
		"workflow.parameters.config":  `{"employees": [{"name": "Baris", "age":43},{"name": "Mo", "age": 42}, {"name": "Jai", "age" :44}]}`,
		"workflow.parameters.weather": `{"weekWeather": "eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo="}`,
		"workflow.parameters.flat":    `{"a": "1", "b": "2"}`,
		"workflow.creationTimestamp":  "2026-05-01T12:00:00Z",
	}
	cases := []struct{ in, want, err string }{
		{in: "{{=asInt(inputs.parameters.n) * 10}}", want: "70"},
		{in: "{{=asFloat(inputs.parameters.f) * 2}}", want: "5"},
		{in: "{{=asInt(3.9)}}", want: "3"},
		{in: "{{=string(1) + 'x'}}", want: "1x"},
		{in: "{{=toJson(filter([1, 3], {# > 1}))}}", want: "[3]"},
		{in: "{{=toJson({a: 1})}}", want: `{"a":1}`},
		{in: "{{=map([1, 2], {# * 2})}}", want: "[2,4]"},
		{in: "{{=jsonpath(workflow.parameters.flat, '$.a')}}", want: "1"},
		{in: `{{=jsonpath(workflow.parameters.config, '$.employees[?(@.name=="Baris")].age')}}`, want: "[43]"},
		{in: "{{=jsonpath(workflow.parameters.config, '$.employees[?(@.age>42 && @.age<44)].age')}}", want: "[43]"},
		{in: "{{=jsonpath(workflow.parameters.config, '$.employees[0:1]')}}", want: `[{"age":43,"name":"Baris"}]`},
		{in: "{{=jsonpath(workflow.parameters.config, '$.employees[*].name')}}", want: `["Baris","Mo","Jai"]`},
		{in: "{{=sprig.trim(inputs.parameters['my-string'])}}", want: "padded"},
		{in: "{{=sprig.upper('abc') + sprig.repeat(2, 'z')}}", want: "ABCzz"},
		{in: "{{=sprig.date('2006', workflow.creationTimestamp) != ''}}", want: "true"},
		{in: `{{=
			map([jsonpath(sprig.b64dec(jsonpath(workflow.parameters.weather, '$.weekWeather')), '$.temps')], {
				toJson({avg: sprig.add(#[0], #[1], #[2], #[3], #[4]) / 5, min: sprig.min(#[0], #[1], #[2], #[3], #[4]), max: sprig.max(#[0], #[1], #[2], #[3], #[4])})
			})[0]}}`, want: `{"avg":35.8,"max":57,"min":15}`},
		{in: "{{=jsonpath('not json', '$.a')}}", err: "the first argument is not JSON"},
		{in: "{{=jsonpath(workflow.parameters.flat, '$.zz')}}", err: `no key "zz"`},
		{in: "{{=asInt('x1')}}", err: `"x1" is not a whole number`},
		{in: "{{=sprig.env('HOME')}}", err: "env"},
		{in: "{{=sprig.getHostByName('localhost')}}", err: "getHostByName"},
	}
	for _, c := range cases {
		got, err := Substitute(c.in, r, Strict)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: got %q, error %v; want an error containing %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestCoalesceMissing(t *testing.T) {
	r := mapResolver{
		"steps.flip.outputs.result":        "heads",
		"steps.heads.status":               "Skipped",
		"steps.tails.status":               "Succeeded",
		"steps.tails.outputs.parameters.p": "tails-p",
		"tasks.a.status":                   "Omitted",
	}
	cases := []struct{ in, want string }{
		{in: "{{=steps.heads.outputs.result ?? 'none'}}", want: "none"},
		{in: "{{=steps.heads.outputs.parameters.y ?? 'default'}}", want: "default"},
		{in: "{{=steps.tails.outputs.parameters.p ?? 'default'}}", want: "tails-p"},
		{in: "{{=steps['heads'].outputs.parameters['y'] ?? steps.tails.outputs.parameters.p}}", want: "tails-p"},
		{in: "{{=steps.nope?.outputs.result ?? 'x'}}", want: "x"},
		{in: "{{=tasks.a.outputs.result ?? (tasks.b.outputs.result ?? 'last')}}", want: "last"},
		{in: "{{=steps.flip.outputs.result == 'heads' ? steps.flip.outputs.result : steps.heads.outputs.result}}", want: "heads"},
	}
	for _, c := range cases {
		got, err := Substitute(c.in, r, Strict)
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := Substitute("{{=steps.heads.outputs.result}}", r, Strict); err == nil {
		t.Errorf("a missing output without ?? resolved")
	}
}

func TestJSONPath(t *testing.T) {
	doc := map[string]any{
		"store": map[string]any{
			"book": []any{
				map[string]any{"title": "a", "price": 8.0},
				map[string]any{"title": "b", "price": 12.0, "isbn": "x"},
				map[string]any{"title": "c", "price": 22.0},
			},
			"bike": map[string]any{"price": 19.0},
		},
		"length": "own",
	}
	cases := []struct {
		path, want string
		err        bool
	}{
		{path: "$.store.bike.price", want: "19"},
		{path: "$['store']['bike']", want: `{"price":19}`},
		{path: "$.store.book[-1].title", want: "c"},
		{path: "$.store.book[0,2].title", want: `["a","c"]`},
		{path: "$.store.book[1:].title", want: `["b","c"]`},
		{path: "$.store.book[::2].title", want: `["a","c"]`},
		{path: "$.store.book[::-1].title", want: `["c","b","a"]`},
		{path: "$.store.book[1::9223372036854775807].title", want: `["b"]`},
		{path: "$.store.book[::-9223372036854775808].title", want: `["c"]`},
		{path: "$.store.book[?(@.price > 10)].title", want: `["b","c"]`},
		{path: "$.store.book[?(@.isbn)].title", want: `["b"]`},
		{path: "$.store.book[?(@.title =~ '^[ab]')].title", want: `["a","b"]`},
		{path: "$.store.book[?(@.price < $.store.bike.price)].title", want: `["a","b"]`},
		{path: "$..price", want: "[19,8,12,22]"},
		{path: "$.store.*.price", want: "[19]"},
		{path: "$.store.book.length", want: "3"},
		{path: "$.length", want: "own"},
		{path: "$", want: `{"length":"own","store":{"bike":{"price":19},"book":[{"price":8,"title":"a"},{"isbn":"x","price":12,"title":"b"},{"price":22,"title":"c"}]}}`},
		{path: "$.store.book[?(@.price > 100)]", want: "[]"},
		{path: "$.store.book[7]", err: true},
		{path: "$.nope", err: true},
		{path: "store", err: true},
		{path: "$.store.book[x]", err: true},
		{path: "$.store.book[0", err: true},
		{path: "$.store.book[(@.length-1)]", err: true},
	}
	for _, c := range cases {
		got, err := JSONPath(doc, c.path)
		if c.err {
			if err == nil {
				t.Errorf("%s: got %v, want an error", c.path, got)
			}
			continue
		}
		if err != nil || Format(got) != c.want {
			t.Errorf("%s: got %s, %v; want %s", c.path, Format(got), err, c.want)
		}
	}
}

func TestSprigCannotExhaustTheController(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "{{=len(sprig.until(5))}}", want: "5"},
		{in: "{{=sprig.repeat(3, 'ab')}}", want: "ababab"},
		{in: "{{=len(sprig.untilStep(0, 10, 2))}}", want: "5"},
		{in: "{{=len(sprig.until(1000000000))}}", err: "sprig.until would make 1000000000 items"},
		{in: "{{=len(sprig.untilStep(0, 2000000000, 1))}}", err: "sprig.untilStep would make 2000000000 items"},
		{in: "{{=sprig.repeat(100000000, 'abcdef')}}", err: "sprig.repeat would make 600000000 items or bytes"},
		{in: "{{=sprig.genPrivateKey('rsa')}}", err: "genPrivateKey"},
		{in: "{{=sprig.derivePassword(1, 'long', 'password', 'user', 'example.com')}}", err: "derivePassword"},
		{in: "{{=sprig.seq(1, 1000000000)}}", err: "seq"},
	} {
		got, err := Substitute(tc.in, mapResolver{}, Strict)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%s = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s = %q, %v; want an error saying %q", tc.in, got, err, tc.err)
		}
	}
}
