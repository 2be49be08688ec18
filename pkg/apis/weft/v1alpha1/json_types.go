package v1alpha1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// Item is one element of withItems: any JSON value (string, number, bool,
// object or list), kept exactly as written.
type Item struct {
	// Value is the item's JSON encoding.
	Value json.RawMessage `json:"-"`
}

// MarshalJSON writes the item's JSON value as it is.
func (i Item) MarshalJSON() ([]byte, error) {
	if len(i.Value) == 0 {
		return []byte("null"), nil
	}
	return i.Value, nil
}

// UnmarshalJSON keeps any JSON value as the item.
func (i *Item) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return fmt.Errorf("withItems: item is not valid JSON: %q", data)
	}
	i.Value = append(i.Value[:0], data...)
	return nil
}

// OpenAPIDefinition describes an item as any JSON value.
func (Item) OpenAPIDefinition() common.OpenAPIDefinition {
	return anyJSONDefinition("Item is any JSON value: string, number, boolean, object or list.", nil)
}

// Plugin is the configuration of an executor plugin: a JSON object whose one
// key names the plugin.
type Plugin struct {
	// Value is the object's JSON encoding.
	Value json.RawMessage `json:"-"`
}

// MarshalJSON writes the plugin's object as it is.
func (p Plugin) MarshalJSON() ([]byte, error) {
	if len(p.Value) == 0 {
		return []byte("{}"), nil
	}
	return p.Value, nil
}

// UnmarshalJSON keeps the plugin's object as it is.
func (p *Plugin) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return fmt.Errorf("plugin: must be a JSON object, got %q", data)
	}
	p.Value = append(p.Value[:0], trimmed...)
	return nil
}

// OpenAPIDefinition describes a plugin as a free-form object.
func (Plugin) OpenAPIDefinition() common.OpenAPIDefinition {
	return anyJSONDefinition("Plugin is the configuration of an executor plugin: an object whose one key names the plugin.", []string{"object"})
}

func anyJSONDefinition(description string, schemaType []string) common.OpenAPIDefinition {
	return common.OpenAPIDefinition{
		Schema: spec.Schema{
			SchemaProps: spec.SchemaProps{Description: description, Type: schemaType},
			VendorExtensible: spec.VendorExtensible{
				Extensions: spec.Extensions{"x-kubernetes-preserve-unknown-fields": true},
			},
		},
	}
}

// AnyString is a string that may be written in YAML or JSON as a string,
// a number or a boolean, as Argo accepts for parameter values; it is stored
// as the string.
type AnyString string

// UnmarshalJSON takes a JSON string, number or boolean as its text.
func (s *AnyString) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err == nil {
		*s = AnyString(text)
		return nil
	}
	var number json.Number
	if err := json.Unmarshal(data, &number); err == nil {
		*s = AnyString(number.String())
		return nil
	}
	var boolean bool
	if err := json.Unmarshal(data, &boolean); err == nil {
		*s = AnyString(strconv.FormatBool(boolean))
		return nil
	}
	return fmt.Errorf("must be a string, a number or a boolean, got %s", data)
}

// OpenAPISchemaType describes an AnyString to OpenAPI as a string.
func (AnyString) OpenAPISchemaType() []string { return []string{"string"} }

// OpenAPISchemaFormat has no format to add.
func (AnyString) OpenAPISchemaFormat() string { return "" }

// OpenAPIV3OneOfTypes tells OpenAPI v3 clients the other spellings an AnyString accepts.
func (AnyString) OpenAPIV3OneOfTypes() []string { return []string{"string", "number", "boolean"} }

// Amount is a number written as a JSON number, such as a histogram bucket.
type Amount struct {
	// Value is the number's text.
	Value json.Number `json:"-"`
}

// MarshalJSON writes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.Value == "" {
		return []byte("0"), nil
	}
	return []byte(a.Value), nil
}

// UnmarshalJSON reads a JSON number.
func (a *Amount) UnmarshalJSON(data []byte) error {
	var number json.Number
	if err := json.Unmarshal(data, &number); err != nil {
		return fmt.Errorf("must be a number, got %s", data)
	}
	a.Value = number
	return nil
}

// OpenAPISchemaType describes an Amount to OpenAPI as a number.
func (Amount) OpenAPISchemaType() []string { return []string{"number"} }

// OpenAPISchemaFormat has no format to add.
func (Amount) OpenAPISchemaFormat() string { return "" }
