package resource

import (
	"bytes"
	"fmt"

	"k8s.io/client-go/util/jsonpath"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Outputs reads a resource template's output parameters from the object:
// valueFrom.jsonPath in kubectl's jsonpath
// template syntax such as "{.metadata.name}", where a missing field reads as
// "" like kubectl get -o jsonpath prints it. A parameter that cannot be read
// takes valueFrom.default when it has one. Without an object (the delete
// action) every parameter is its valueFrom.default, or "", as in Argo.
func Outputs(obj map[string]interface{}, defs []v1alpha1.Parameter) (*v1alpha1.Outputs, error) {
	if len(defs) == 0 {
		return nil, nil
	}
	out := &v1alpha1.Outputs{}
	for _, def := range defs {
		var value string
		var err error
		if obj != nil {
			value, err = outputValue(obj, def)
		}
		hasDefault := def.ValueFrom != nil && def.ValueFrom.Default != nil
		if err != nil && !hasDefault {
			return nil, fmt.Errorf("output parameter %q: %v", def.Name, err)
		}
		if (err != nil || obj == nil) && hasDefault {
			value = string(*def.ValueFrom.Default)
		}
		v := v1alpha1.AnyString(value)
		out.Parameters = append(out.Parameters, v1alpha1.Parameter{Name: def.Name, Value: &v, GlobalName: def.GlobalName, ValueFrom: def.ValueFrom})
	}
	return out, nil
}

func outputValue(obj map[string]interface{}, def v1alpha1.Parameter) (string, error) {
	from := def.ValueFrom
	switch {
	case from != nil && from.JSONPath != "":
		return readJSONPath(obj, from.JSONPath)
	case from != nil && from.JQFilter != "":
		return "", fmt.Errorf("valueFrom.jqFilter is not supported: Weft has no jq; use valueFrom.jsonPath such as \"{.metadata.name}\"")
	case def.Value != nil:
		return string(*def.Value), nil
	}
	return "", fmt.Errorf("a resource template's output parameter takes valueFrom.jsonPath")
}

func readJSONPath(obj map[string]interface{}, template string) (string, error) {
	j := jsonpath.New("output").AllowMissingKeys(true)
	if err := j.Parse(template); err != nil {
		return "", fmt.Errorf("valueFrom.jsonPath %q: %v", template, err)
	}
	var buf bytes.Buffer
	if err := j.Execute(&buf, obj); err != nil {
		return "", fmt.Errorf("valueFrom.jsonPath %q: %v", template, err)
	}
	return buf.String(), nil
}
