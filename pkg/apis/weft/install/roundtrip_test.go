package install

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/diff"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestEveryFieldRoundTrips fills every field of Weft's own types in each
// kind, converts the object to the internal version and back, and encodes it
// to JSON and back: a field that a conversion or a JSON tag loses fails here.
func TestEveryFieldRoundTrips(t *testing.T) {
	scheme := runtime.NewScheme()
	Install(scheme)
	kinds := []struct {
		served   runtime.Object
		internal runtime.Object
	}{
		{&v1alpha1.Workflow{}, &weft.Workflow{}},
		{&v1alpha1.WorkflowTemplate{}, &weft.WorkflowTemplate{}},
		{&v1alpha1.ClusterWorkflowTemplate{}, &weft.ClusterWorkflowTemplate{}},
		{&v1alpha1.CronWorkflow{}, &weft.CronWorkflow{}},
	}
	for _, kind := range kinds {
		name := reflect.TypeOf(kind.served).Elem().Name()
		t.Run(name, func(t *testing.T) {
			original := kind.served
			fill(reflect.ValueOf(original).Elem(), map[reflect.Type]bool{})

			if err := scheme.Convert(original, kind.internal, nil); err != nil {
				t.Fatalf("to internal: %v", err)
			}
			back := reflect.New(reflect.TypeOf(original).Elem()).Interface().(runtime.Object)
			if err := scheme.Convert(kind.internal, back, nil); err != nil {
				t.Fatalf("from internal: %v", err)
			}
			if !equality.Semantic.DeepEqual(original, back) {
				t.Errorf("conversion lost fields:\n%s", diff.Diff(original, back))
			}

			encoded, err := json.Marshal(original)
			if err != nil {
				t.Fatal(err)
			}
			decoded := reflect.New(reflect.TypeOf(original).Elem()).Interface().(runtime.Object)
			if err := json.Unmarshal(encoded, decoded); err != nil {
				t.Fatalf("decode %s: %v", encoded, err)
			}
			if !equality.Semantic.DeepEqual(original, decoded) {
				t.Errorf("JSON lost fields:\n%s", diff.Diff(original, decoded))
			}
		})
	}
}

// fill sets every exported field of Weft's own struct types to a value that is
// not the zero value; types from other modules (Kubernetes' own) are left
// empty, and a type already being filled higher up is left empty too, so the
// recursive Template ends.
func fill(value reflect.Value, filling map[reflect.Type]bool) {
	switch value.Interface().(type) {
	case v1alpha1.Item:
		value.Set(reflect.ValueOf(v1alpha1.Item{Value: json.RawMessage(`{"key":"value"}`)}))
		return
	case v1alpha1.Plugin:
		value.Set(reflect.ValueOf(v1alpha1.Plugin{Value: json.RawMessage(`{"hello":{"text":"hi"}}`)}))
		return
	case v1alpha1.Amount:
		value.Set(reflect.ValueOf(v1alpha1.Amount{Value: json.Number("1.5")}))
		return
	}
	switch value.Kind() {
	case reflect.String:
		value.SetString("value")
	case reflect.Bool:
		value.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		value.SetInt(7)
	case reflect.Uint8:
		value.SetUint(7)
	case reflect.Pointer:
		if !fillable(value.Type().Elem(), filling) {
			return
		}
		value.Set(reflect.New(value.Type().Elem()))
		fill(value.Elem(), filling)
	case reflect.Slice:
		if !fillable(value.Type().Elem(), filling) {
			return
		}
		value.Set(reflect.MakeSlice(value.Type(), 1, 1))
		fill(value.Index(0), filling)
	case reflect.Map:
		if !fillable(value.Type().Elem(), filling) {
			return
		}
		key := reflect.New(value.Type().Key()).Elem()
		fill(key, filling)
		element := reflect.New(value.Type().Elem()).Elem()
		fill(element, filling)
		value.Set(reflect.MakeMap(value.Type()))
		value.SetMapIndex(key, element)
	case reflect.Struct:
		if !ownType(value.Type()) || filling[value.Type()] {
			return
		}
		filling[value.Type()] = true
		defer delete(filling, value.Type())
		for i := range value.NumField() {
			if value.Type().Field(i).IsExported() {
				fill(value.Field(i), filling)
			}
		}
	}
}

// fillable says whether a pointer, slice or map of elem would end up holding
// anything: not when elem is a struct already being filled.
func fillable(elem reflect.Type, filling map[reflect.Type]bool) bool {
	for elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Slice || elem.Kind() == reflect.Map {
		elem = elem.Elem()
	}
	return elem.Kind() != reflect.Struct || (ownType(elem) && !filling[elem])
}

func ownType(goType reflect.Type) bool {
	return strings.HasPrefix(goType.PkgPath(), "github.com/weft-dev/weft/")
}
