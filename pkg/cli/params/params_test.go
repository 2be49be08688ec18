package params

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestParseFlags(t *testing.T) {
	got, err := ParseFlags([]string{"message=hello world", "expr=a=b", "empty=", " spaced =x"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"message", "hello world"}, {"expr", "a=b"}, {"empty", ""}, {"spaced", "x"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseFlags = %v, want %v", got, want)
	}
	for _, bad := range []string{"novalue", "=x", ""} {
		if _, err := ParseFlags([]string{bad}); err == nil {
			t.Errorf("ParseFlags(%q) succeeded", bad)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "params.yaml")
	content := `# values
zeta: last letter
count: 3
ratio: 0.5
enabled: true
nothing: null
items: [1, "two", {three: 3}]
config:
  retries: 2
multi: |
  line one
  line two
`
	if err := os.WriteFile(yamlFile, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(yamlFile)
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{
		{"config", `{"retries":2}`}, {"count", "3"}, {"enabled", "true"}, {"items", `[1,"two",{"three":3}]`},
		{"multi", "line one\nline two\n"}, {"nothing", ""}, {"ratio", "0.5"}, {"zeta", "last letter"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadFile(yaml) =\n%q\nwant\n%q", got, want)
	}

	jsonFile := filepath.Join(dir, "params.json")
	if err := os.WriteFile(jsonFile, []byte(`{"b": "2", "a": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Param{{"a", "1"}, {"b", "2"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReadFile(json) = %q, want %q", got, want)
	}

	listFile := filepath.Join(dir, "list.yaml")
	if err := os.WriteFile(listFile, []byte("- a\n- b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(listFile); err == nil {
		t.Error("ReadFile of a list succeeded")
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
}

func TestApply(t *testing.T) {
	old := v1alpha1.AnyString("old")
	args := v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{
		{Name: "message", Value: &old, Enum: []v1alpha1.AnyString{"old", "new"}},
		{Name: "level"},
	}}
	Apply(&args, []Param{{"message", "from-file"}, {"extra", "x"}, {"message", "new"}})
	got := map[string]string{}
	var order []string
	for _, p := range args.Parameters {
		if p.Value != nil {
			got[p.Name] = string(*p.Value)
		}
		order = append(order, p.Name)
	}
	if want := map[string]string{"message": "new", "extra": "x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v, want %v (-p after the file wins, level untouched)", got, want)
	}
	if !reflect.DeepEqual(order, []string{"message", "level", "extra"}) {
		t.Errorf("order = %v, want the existing parameters first, new ones after", order)
	}
	if len(args.Parameters[0].Enum) != 2 {
		t.Error("Apply dropped the parameter's enum")
	}
	if old != "old" {
		t.Error("Apply wrote through the old value's pointer")
	}
}
