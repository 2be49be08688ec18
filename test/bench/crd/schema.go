package crd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// definitionPrefix is what the reference callback puts before a model name,
// so that a $ref can be turned back into the name it refers to.
const definitionPrefix = "#/definitions/"

// keptFormats are the OpenAPI formats a CRD schema keeps: the ones every
// supported kube-apiserver knows. Others (such as int-or-string, handled
// apart) are dropped, as kube-apiserver itself drops them.
var keptFormats = []string{"int32", "int64", "float", "double", "byte", "date-time", "date"}

// converter turns OpenAPI definitions into a structural CRD schema: every
// $ref inlined, descriptions and defaults dropped, and what a structural
// schema cannot say (recursion, free-form values, int-or-string) expressed
// with the x-kubernetes extensions.
type converter struct {
	definitions map[string]common.OpenAPIDefinition
	// inlining is the chain of definitions being inlined, outermost first;
	// a definition that refers back into the chain is recursive.
	inlining []string
}

// newConverter returns a converter of the definitions getDefinitions yields.
func newConverter(getDefinitions common.GetOpenAPIDefinitions) *converter {
	definitions := getDefinitions(func(name string) spec.Ref {
		return spec.MustCreateRef(definitionPrefix + name)
	})
	return &converter{definitions: definitions}
}

// definition converts the definition named name, inlining what it refers to.
func (c *converter) definition(name string) (apiextensionsv1.JSONSchemaProps, error) {
	if slices.Contains(c.inlining, name) {
		return freeForm("object"), nil
	}
	definition, ok := c.definitions[name]
	if !ok {
		return apiextensionsv1.JSONSchemaProps{}, fmt.Errorf("OpenAPI definition %q is referred to but not defined", name)
	}
	c.inlining = append(c.inlining, name)
	defer func() { c.inlining = c.inlining[:len(c.inlining)-1] }()
	converted, err := c.schema(definition.Schema)
	if err != nil {
		return apiextensionsv1.JSONSchemaProps{}, fmt.Errorf("%s: %w", name, err)
	}
	return converted, nil
}

// schema converts one schema.
func (c *converter) schema(s spec.Schema) (apiextensionsv1.JSONSchemaProps, error) {
	if ref := s.Ref.String(); ref != "" {
		name, ok := strings.CutPrefix(ref, definitionPrefix)
		if !ok {
			return apiextensionsv1.JSONSchemaProps{}, fmt.Errorf("reference %q is not to a definition", ref)
		}
		return c.definition(name)
	}
	if isIntOrString(s) {
		return intOrString(), nil
	}
	if len(s.Type) > 1 {
		return freeForm(""), nil
	}
	schemaType := ""
	if len(s.Type) == 1 {
		schemaType = s.Type[0]
	}
	if preserved, _ := s.Extensions.GetBool("x-kubernetes-preserve-unknown-fields"); preserved || schemaType == "" {
		return freeForm(schemaType), nil
	}
	out := apiextensionsv1.JSONSchemaProps{Type: schemaType, Nullable: s.Nullable}
	if slices.Contains(keptFormats, s.Format) {
		out.Format = s.Format
	}
	if err := copyValueValidations(s, &out); err != nil {
		return apiextensionsv1.JSONSchemaProps{}, err
	}
	var err error
	switch schemaType {
	case "object":
		err = c.object(s, &out)
	case "array":
		err = c.array(s, &out)
	}
	return out, err
}

// object converts an object's properties or its map values; an object that
// says neither keeps whatever it holds.
func (c *converter) object(s spec.Schema, out *apiextensionsv1.JSONSchemaProps) error {
	if mapType, ok := s.Extensions.GetString("x-kubernetes-map-type"); ok {
		out.XMapType = &mapType
	}
	switch {
	case len(s.Properties) > 0:
		out.Properties = make(map[string]apiextensionsv1.JSONSchemaProps, len(s.Properties))
		for name, property := range s.Properties {
			converted, err := c.schema(property)
			if err != nil {
				return fmt.Errorf("property %s: %w", name, err)
			}
			out.Properties[name] = converted
		}
		for _, name := range s.Required {
			if _, ok := s.Properties[name]; ok {
				out.Required = append(out.Required, name)
			}
		}
	case s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil:
		values, err := c.schema(*s.AdditionalProperties.Schema)
		if err != nil {
			return fmt.Errorf("map values: %w", err)
		}
		out.AdditionalProperties = &apiextensionsv1.JSONSchemaPropsOrBool{Allows: true, Schema: &values}
	default:
		*out = freeForm("object")
	}
	return nil
}

// array converts a list's items and keeps its list type where a CRD allows
// it: a map list only when every key is required of its items, a set only of
// scalars.
func (c *converter) array(s spec.Schema, out *apiextensionsv1.JSONSchemaProps) error {
	items := freeForm("")
	if s.Items != nil && s.Items.Schema != nil {
		var err error
		if items, err = c.schema(*s.Items.Schema); err != nil {
			return fmt.Errorf("items: %w", err)
		}
	}
	out.Items = &apiextensionsv1.JSONSchemaPropsOrArray{Schema: &items}
	listType, _ := s.Extensions.GetString("x-kubernetes-list-type")
	keys, _ := s.Extensions.GetStringSlice("x-kubernetes-list-map-keys")
	switch {
	case listType == "atomic",
		listType == "set" && isScalar(items.Type),
		listType == "map" && len(keys) > 0 && allRequired(items, keys):
		out.XListType = &listType
		if listType == "map" {
			out.XListMapKeys = keys
		}
	}
	return nil
}

// copyValueValidations copies the checks of a value itself: enum, bounds,
// lengths and pattern.
func copyValueValidations(s spec.Schema, out *apiextensionsv1.JSONSchemaProps) error {
	for _, value := range s.Enum {
		raw, err := json.Marshal(value)
		if err != nil {
			return fmt.Errorf("enum value %v: %w", value, err)
		}
		out.Enum = append(out.Enum, apiextensionsv1.JSON{Raw: raw})
	}
	out.Maximum, out.ExclusiveMaximum = s.Maximum, s.ExclusiveMaximum
	out.Minimum, out.ExclusiveMinimum = s.Minimum, s.ExclusiveMinimum
	out.MaxLength, out.MinLength = s.MaxLength, s.MinLength
	out.MaxItems, out.MinItems = s.MaxItems, s.MinItems
	out.Pattern = s.Pattern
	return nil
}

// isIntOrString says whether s is a value written as an integer or a
// string: IntOrString's format, or (as Quantity says it in OpenAPI v3) a
// oneOf of scalar types.
func isIntOrString(s spec.Schema) bool {
	if s.Format == "int-or-string" {
		return true
	}
	if len(s.Type) > 0 || len(s.OneOf) == 0 {
		return false
	}
	for _, alternative := range s.OneOf {
		if len(alternative.Type) != 1 || !slices.Contains([]string{"integer", "number", "string"}, alternative.Type[0]) {
			return false
		}
	}
	return true
}

// intOrString is the structural form of a value that is an integer or a
// string.
func intOrString() apiextensionsv1.JSONSchemaProps {
	return apiextensionsv1.JSONSchemaProps{
		XIntOrString: true,
		AnyOf:        []apiextensionsv1.JSONSchemaProps{{Type: "integer"}, {Type: "string"}},
	}
}

// freeForm is a value kept as written, of schemaType if not empty.
func freeForm(schemaType string) apiextensionsv1.JSONSchemaProps {
	preserve := true
	return apiextensionsv1.JSONSchemaProps{Type: schemaType, XPreserveUnknownFields: &preserve}
}

func isScalar(schemaType string) bool {
	return slices.Contains([]string{"string", "integer", "number", "boolean"}, schemaType)
}

// allRequired says whether every key is a required property of items.
func allRequired(items apiextensionsv1.JSONSchemaProps, keys []string) bool {
	for _, key := range keys {
		if _, ok := items.Properties[key]; !ok || !slices.Contains(items.Required, key) {
			return false
		}
	}
	return true
}
