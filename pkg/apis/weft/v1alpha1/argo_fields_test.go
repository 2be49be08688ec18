package v1alpha1_test

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// argoFieldsFile lists, for every argoproj.io/v1alpha1 definition that Argo
// Workflows v4.0.5's published JSON schema reaches from its four kinds, the
// names of its fields and, for each field, the Argo definition its values are
// (empty for scalars and Kubernetes types). It holds names only.
const argoFieldsFile = "testdata/argo-v4.0.5-fields.json"

// TestEveryArgoFieldIsAccepted walks Argo's definitions from its four kinds
// beside Weft's Go types and fails for every Argo field that a Weft type has
// no JSON field for: such a field would be refused by the server's strict
// decoding.
func TestEveryArgoFieldIsAccepted(t *testing.T) {
	raw, err := os.ReadFile(argoFieldsFile)
	if err != nil {
		t.Fatal(err)
	}
	var definitions map[string]map[string]string
	if err := json.Unmarshal(raw, &definitions); err != nil {
		t.Fatalf("%s: %v", argoFieldsFile, err)
	}
	roots := map[string]reflect.Type{
		"Workflow":                reflect.TypeFor[v1alpha1.Workflow](),
		"WorkflowTemplate":        reflect.TypeFor[v1alpha1.WorkflowTemplate](),
		"ClusterWorkflowTemplate": reflect.TypeFor[v1alpha1.ClusterWorkflowTemplate](),
		"CronWorkflow":            reflect.TypeFor[v1alpha1.CronWorkflow](),
	}
	walker := fieldWalker{definitions: definitions, visited: map[string]bool{}}
	for _, name := range sortedKeys(roots) {
		walker.walk(name, name, roots[name])
	}
	for _, missing := range walker.missing {
		t.Error(missing)
	}
	for _, name := range sortedKeys(definitions) {
		if !walker.visited[name] {
			t.Errorf("Argo definition %s was never reached from the four kinds", name)
		}
	}
}

type fieldWalker struct {
	definitions map[string]map[string]string
	visited     map[string]bool
	missing     []string
}

func (w *fieldWalker) walk(path, definition string, goType reflect.Type) {
	fields, known := w.definitions[definition]
	if !known || w.visited[definition] {
		return
	}
	w.visited[definition] = true
	jsonFields := jsonFieldsOf(structOf(goType))
	for _, name := range sortedKeys(fields) {
		target := fields[name]
		fieldType, ok := jsonFields[name]
		if !ok {
			w.missing = append(w.missing, path+"."+name+": Argo's "+definition+" has it, Weft's "+structOf(goType).Name()+" does not")
			continue
		}
		if target != "" {
			w.walk(path+"."+name, target, fieldType)
		}
	}
}

func sortedKeys[V any](values map[string]V) []string {
	keys := make([]string, 0, len(values))
	for key := range values {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

// structOf strips pointers, slices, arrays and maps down to the struct they hold.
func structOf(goType reflect.Type) reflect.Type {
	for {
		switch goType.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			goType = goType.Elem()
		default:
			return goType
		}
	}
}

// jsonFieldsOf maps the JSON names of a struct's fields, inlined embedded
// structs included, to their types.
func jsonFieldsOf(goType reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	if goType.Kind() != reflect.Struct {
		return fields
	}
	for i := range goType.NumField() {
		field := goType.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		switch {
		case name == "-":
		case name == "" && field.Anonymous:
			for inner, innerType := range jsonFieldsOf(structOf(field.Type)) {
				fields[inner] = innerType
			}
		case name == "":
			fields[field.Name] = field.Type
		default:
			fields[name] = field.Type
		}
	}
	return fields
}
