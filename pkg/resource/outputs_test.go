package resource

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestOutputs(t *testing.T) {
	cm := map[string]interface{}{
		"metadata": map[string]interface{}{"name": "cm", "uid": "u-1"},
		"data":     map[string]interface{}{"color": "blue"},
		"items":    []interface{}{"a", "b"},
	}
	def := func(value string) *v1alpha1.AnyString { v := v1alpha1.AnyString(value); return &v }
	tests := []struct {
		name    string
		obj     map[string]interface{}
		param   v1alpha1.Parameter
		want    string
		wantErr string
	}{
		{"jsonPath", cm, v1alpha1.Parameter{Name: "n", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}}, "cm", ""},
		{"jsonPath into data", cm, v1alpha1.Parameter{Name: "c", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.color}"}}, "blue", ""},
		{"jsonPath over a list", cm, v1alpha1.Parameter{Name: "i", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.items[*]}"}}, "a b", ""},
		{"missing field reads empty", cm, v1alpha1.Parameter{Name: "m", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.status.phase}", Default: def("d")}}, "", ""},
		{"bad jsonPath takes the default", cm, v1alpha1.Parameter{Name: "b", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata", Default: def("d")}}, "d", ""},
		{"bad jsonPath without default", cm, v1alpha1.Parameter{Name: "b", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata"}}, "", `output parameter "b": valueFrom.jsonPath "{.metadata"`},
		{"jqFilter is not supported", cm, v1alpha1.Parameter{Name: "q", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".metadata.name"}}, "", "valueFrom.jqFilter is not supported"},
		{"jqFilter with a default", cm, v1alpha1.Parameter{Name: "q", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".metadata.name", Default: def("d")}}, "d", ""},
		{"value", cm, v1alpha1.Parameter{Name: "v", Value: def("fixed")}, "fixed", ""},
		{"nothing to read", cm, v1alpha1.Parameter{Name: "x"}, "", "takes valueFrom.jsonPath"},
		{"deleted object gives the default", nil, v1alpha1.Parameter{Name: "d", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}", Default: def("gone")}}, "gone", ""},
		{"deleted object without default", nil, v1alpha1.Parameter{Name: "d", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.name}"}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.param.GlobalName = "g-" + tt.param.Name
			out, err := Outputs(tt.obj, []v1alpha1.Parameter{tt.param})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := out.Parameters[0]
			if p.Value == nil || string(*p.Value) != tt.want {
				t.Errorf("value %v, want %q", p.Value, tt.want)
			}
			if p.Name != tt.param.Name || p.GlobalName != tt.param.GlobalName {
				t.Errorf("parameter %s (global %s), want %s (global %s)", p.Name, p.GlobalName, tt.param.Name, tt.param.GlobalName)
			}
		})
	}
}

func TestOutputsNone(t *testing.T) {
	out, err := Outputs(map[string]interface{}{}, nil)
	if out != nil || err != nil {
		t.Errorf("Outputs without definitions = %v, %v; want nil, nil", out, err)
	}
}
