// Package crd defines Weft's Workflow as a CustomResourceDefinition in a
// group of its own, with the structural schema generated from the OpenAPI
// definitions weft-apiserver serves, so that a benchmark can store the same
// objects both ways on one kube-apiserver and compare the two.
package crd

import (
	"fmt"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/openapi"
)

const (
	// Group is the API group of the custom resource, apart from weft.dev so
	// that both can be served side by side.
	Group = "crd.bench.weft.dev"
	// Version is the custom resource's only version, Weft's own.
	Version = "v1alpha1"
	// Plural is the custom resource's resource name.
	Plural = "workflows"
	// Name is the CustomResourceDefinition's name.
	Name = Plural + "." + Group
)

// Workflow returns the CustomResourceDefinition of Workflows in Group:
// namespaced, with a status subresource and status.phase selectable, as
// weft.dev serves them.
func Workflow() (*apiextensionsv1.CustomResourceDefinition, error) {
	schema, err := WorkflowSchema()
	if err != nil {
		return nil, err
	}
	return &apiextensionsv1.CustomResourceDefinition{
		TypeMeta:   metav1.TypeMeta{APIVersion: apiextensionsv1.SchemeGroupVersion.String(), Kind: "CustomResourceDefinition"},
		ObjectMeta: metav1.ObjectMeta{Name: Name},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: Group,
			Names: apiextensionsv1.CustomResourceDefinitionNames{
				Plural:   Plural,
				Singular: "workflow",
				Kind:     "Workflow",
				ListKind: "WorkflowList",
			},
			Scope: apiextensionsv1.NamespaceScoped,
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name:             Version,
				Served:           true,
				Storage:          true,
				Schema:           &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: schema},
				Subresources:     &apiextensionsv1.CustomResourceSubresources{Status: &apiextensionsv1.CustomResourceSubresourceStatus{}},
				SelectableFields: []apiextensionsv1.SelectableField{{JSONPath: ".status.phase"}},
			}},
		},
	}, nil
}

// WorkflowSchema returns the structural schema of a Workflow: Weft's
// OpenAPI definition with every reference inlined and metadata left to the
// server, as a CRD's root requires.
func WorkflowSchema() (*apiextensionsv1.JSONSchemaProps, error) {
	converter := newConverter(openapi.GetOpenAPIDefinitions)
	root, err := converter.definition(v1alpha1.Workflow{}.OpenAPIModelName())
	if err != nil {
		return nil, fmt.Errorf("converting Weft's Workflow schema: %w", err)
	}
	root.Properties["metadata"] = apiextensionsv1.JSONSchemaProps{Type: "object"}
	return &root, nil
}
