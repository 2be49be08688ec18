package crd

import (
	"context"
	"encoding/json"
	"testing"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// TestWorkflowIsAValidCRD runs kube-apiserver's own validation of a
// CustomResourceDefinition create, structural-schema rules included, on the
// generated CRD.
func TestWorkflowIsAValidCRD(t *testing.T) {
	crd, err := Workflow()
	if err != nil {
		t.Fatal(err)
	}
	apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(crd)
	var internal apiextensions.CustomResourceDefinition
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(crd, &internal, nil); err != nil {
		t.Fatal(err)
	}
	for _, problem := range validation.ValidateCustomResourceDefinition(context.Background(), &internal) {
		t.Error(problem)
	}
}

// TestWorkflowSchemaIsStructural checks the structural-schema rules on the
// schema alone, so a failure names the offending field.
func TestWorkflowSchemaIsStructural(t *testing.T) {
	schema, err := WorkflowSchema()
	if err != nil {
		t.Fatal(err)
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(schema, &internal, nil); err != nil {
		t.Fatal(err)
	}
	structural, err := structuralschema.NewStructural(&internal)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range structuralschema.ValidateStructural(field.NewPath("openAPIV3Schema"), structural) {
		t.Error(problem)
	}
}

// TestWorkflowSchemaFollowsWeftTypes spot-checks the conversion: nested
// references are inlined, recursion and free-form values keep unknown fields,
// int-or-string values say so, and the root leaves metadata to the server.
func TestWorkflowSchemaFollowsWeftTypes(t *testing.T) {
	schema, err := WorkflowSchema()
	if err != nil {
		t.Fatal(err)
	}
	templates := schema.Properties["spec"].Properties["templates"]
	if templates.Type != "array" || templates.Items.Schema.Properties["container"].Properties["image"].Type != "string" {
		t.Errorf("spec.templates[].container.image is not inlined as a string: %s", marshal(t, templates))
	}
	nodes := schema.Properties["status"].Properties["nodes"]
	if phase := nodes.AdditionalProperties.Schema.Properties["phase"]; phase.Type != "string" {
		t.Errorf("status.nodes{}.phase = %s, want a string", marshal(t, phase))
	}
	port := templates.Items.Schema.Properties["container"].Properties["livenessProbe"].Properties["httpGet"].Properties["port"]
	if !port.XIntOrString || port.Type != "" {
		t.Errorf("probe port = %s, want x-kubernetes-int-or-string without a type", marshal(t, port))
	}
	if metadata := schema.Properties["metadata"]; metadata.Type != "object" || len(metadata.Properties) != 0 {
		t.Errorf("metadata = %s, want a bare object", marshal(t, metadata))
	}
	if item := templates.Items.Schema.Properties["steps"].Items.Schema.Items.Schema.Properties["withItems"].Items.Schema; item.XPreserveUnknownFields == nil || !*item.XPreserveUnknownFields {
		t.Errorf("withItems[] = %s, want any value kept", marshal(t, *item))
	}
	inline := templates.Items.Schema.Properties["steps"].Items.Schema.Items.Schema.Properties["inline"]
	if inline.XPreserveUnknownFields == nil || !*inline.XPreserveUnknownFields || len(inline.Properties) != 0 {
		t.Errorf("a step's inline template refers back to Template; got %s, want a free-form object", marshal(t, inline))
	}
}

func marshal(t *testing.T, value any) string {
	t.Helper()
	data, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
