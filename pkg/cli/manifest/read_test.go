package manifest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestReadArgoStream(t *testing.T) {
	file, err := ReadFile("testdata/argo-stream.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !file.Converted {
		t.Error("the argoproj.io apiVersion was not reported converted")
	}
	if len(file.Documents) != 2 {
		t.Fatalf("%d documents, want 2 (the empty one left out)", len(file.Documents))
	}
	tmpl, ok := file.Documents[0].Object.(*v1alpha1.WorkflowTemplate)
	if !ok || tmpl.Name != "greet" || tmpl.Spec.Templates[0].Container.Image != "busybox" {
		t.Errorf("document 1 = %#v, want the greet WorkflowTemplate", file.Documents[0].Object)
	}
	wf, ok := file.Documents[1].Object.(*v1alpha1.Workflow)
	if !ok {
		t.Fatalf("document 2 is a %T, want a Workflow", file.Documents[1].Object)
	}
	if got := wf.Spec.Arguments.Parameters[0].Value; got == nil || *got != "42" {
		t.Errorf("parameter value %v, want 42", got)
	}
	if got := wf.Spec.Templates[0].Steps[0][0].TemplateRef.Name; got != "greet" {
		t.Errorf("templateRef.name %q, want greet", got)
	}
	for i, d := range file.Documents {
		if d.Kind.Group != v1alpha1.GroupName || d.Index != i+1 || d.Of != 2 {
			t.Errorf("document %d: kind %v, index %d of %d", i+1, d.Kind, d.Index, d.Of)
		}
	}
	if got := file.Documents[1].Location(); got != "testdata/argo-stream.yaml (document 2)" {
		t.Errorf("Location() = %q", got)
	}
}

func TestReadWeftJSONFromStdin(t *testing.T) {
	in := `{"apiVersion": "weft.dev/v1alpha1", "kind": "Workflow", "metadata": {"name": "hello"},
	"spec": {"entrypoint": "main", "templates": [{"name": "main", "container": {"image": "busybox"}}]}}`
	file, err := ReadFile(Stdin, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if file.Converted || file.Source != "<stdin>" || len(file.Documents) != 1 {
		t.Fatalf("file = %+v", file)
	}
	if got := file.Documents[0].Location(); got != "<stdin>" {
		t.Errorf("Location() = %q, want <stdin>", got)
	}
}

func TestReadUnknownFields(t *testing.T) {
	in := `apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata: {name: typo}
spec:
  entrypoint: main
  templatess: []
  templates:
  - name: main
    contianer: {image: busybox}
`
	file, err := Read("typo.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got := file.Documents[0].UnknownFields
	want := []string{`unknown field "spec.templates[0].contianer"`, `unknown field "spec.templatess"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnknownFields = %q, want %q", got, want)
	}
}

func TestReadOtherKinds(t *testing.T) {
	in := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
	file, err := Read("cm.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	d := file.Documents[0]
	if d.IsWeft() || d.Kind.Kind != "ConfigMap" {
		t.Errorf("document = %+v, want a ConfigMap that is not weft's", d)
	}
}

func TestReadErrors(t *testing.T) {
	for name, in := range map[string]string{
		"no kind":      "apiVersion: weft.dev/v1alpha1\nmetadata: {name: x}\n",
		"unknown kind": "apiVersion: weft.dev/v1alpha1\nkind: Loom\n",
		"not a map":    "- a\n- b\n",
		"bad yaml":     "kind: [\n",
		"wrong type":   "apiVersion: weft.dev/v1alpha1\nkind: Workflow\nspec: {parallelism: lots}\n",
	} {
		if _, err := Read(name, strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.yaml", "a.yml", "c.json", "notes.txt", "sub/d.YAML"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Expand([]string{"x.yaml", dir, Stdin})
	if err == nil {
		t.Fatalf("Expand of a missing file = %v, want an error", got)
	}
	got, err = Expand([]string{dir, Stdin})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.yml"), filepath.Join(dir, "b.yaml"), filepath.Join(dir, "c.json"), filepath.Join(dir, "sub/d.YAML"), Stdin}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
}

func TestSetKind(t *testing.T) {
	wf := &v1alpha1.Workflow{}
	SetKind(wf)
	if wf.APIVersion != "weft.dev/v1alpha1" || wf.Kind != "Workflow" {
		t.Errorf("SetKind gave %s %s", wf.APIVersion, wf.Kind)
	}
}
