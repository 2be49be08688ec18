// Package params reads the workflow parameters given on the command line
// (-p NAME=VALUE) and in parameter files, and sets them on a workflow's
// arguments.
package params

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Param is a parameter's name and value.
type Param struct {
	// Name is the parameter's name.
	Name string
	// Value is the parameter's value.
	Value string
}

// ParseFlags reads NAME=VALUE pairs; a value may hold "=" and may be empty.
func ParseFlags(flags []string) ([]Param, error) {
	out := make([]Param, 0, len(flags))
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, fmt.Errorf("parameter %q: want NAME=VALUE", f)
		}
		out = append(out, Param{Name: name, Value: value})
	}
	return out, nil
}

// ReadFile reads a YAML or JSON map of parameter names to values, in name
// order. Strings are taken as they are, numbers and booleans as written,
// null as "", and lists and maps as their JSON text.
func ReadFile(path string) ([]Param, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("parameter file %s: %w", path, err)
	}
	return out, nil
}

func parse(data []byte) ([]Param, error) {
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(js, &values); err != nil {
		return nil, errors.New("want a map of parameter names to values")
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]Param, 0, len(names))
	for _, name := range names {
		value, err := text(values[name])
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", name, err)
		}
		out = append(out, Param{Name: name, Value: value})
	}
	return out, nil
}

// text is a JSON value as a parameter's text.
func text(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case bytes.Equal(raw, []byte("null")):
		return "", nil
	case len(raw) > 0 && raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case len(raw) > 0 && (raw[0] == '{' || raw[0] == '['):
		var b bytes.Buffer
		err := json.Compact(&b, raw)
		return b.String(), err
	}
	return string(raw), nil
}

// Apply sets each parameter's value in args: an existing parameter keeps its
// other fields and takes the value, a new one is added at the end. Later
// parameters win over earlier ones of the same name.
func Apply(args *v1alpha1.Arguments, ps []Param) {
	for _, p := range ps {
		value := v1alpha1.AnyString(p.Value)
		found := false
		for i := range args.Parameters {
			if args.Parameters[i].Name == p.Name {
				args.Parameters[i].Value = &value
				found = true
			}
		}
		if !found {
			args.Parameters = append(args.Parameters, v1alpha1.Parameter{Name: p.Name, Value: &value})
		}
	}
}
