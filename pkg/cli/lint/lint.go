// Package lint checks Weft manifests offline with the validation the API
// server runs: each object is defaulted, converted to the internal types and
// validated by pkg/apis/weft/validation, so a manifest that lints clean is
// not rejected for its content when it is created.
package lint

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
	"github.com/weft-dev/weft/pkg/cli/manifest"
)

// placeholderNamespace stands for the namespace the server would fill in
// for an object that names none, so that the metadata check passes.
const placeholderNamespace = "default"

// Problem is one thing wrong with a document.
type Problem struct {
	// Location names the file, and the document when it holds several.
	Location string
	// Message is the problem, led by the field path when there is one:
	// "spec.entrypoint: Invalid value: ...".
	Message string
}

// String is "LOCATION: MESSAGE".
func (p Problem) String() string { return p.Location + ": " + p.Message }

// Document lints one weft.dev document. namespace is the namespace the
// object is meant for when it names none.
func Document(doc manifest.Document, namespace string) []Problem {
	var out []Problem
	for _, u := range doc.UnknownFields {
		out = append(out, Problem{Location: doc.Location(), Message: u})
	}
	errs, err := validate(doc.Object, namespace)
	if err != nil {
		return append(out, Problem{Location: doc.Location(), Message: err.Error()})
	}
	for _, e := range errs {
		out = append(out, Problem{Location: doc.Location(), Message: e.Error()})
	}
	return out
}

// validate defaults and converts a v1alpha1 object as the server decodes it,
// then validates it as the server does on creation, with the server's
// default bounds.
func validate(obj runtime.Object, namespace string) (field.ErrorList, error) {
	if namespace == "" {
		namespace = placeholderNamespace
	}
	versioned := obj.DeepCopyObject()
	manifest.Scheme.Default(versioned)
	internal, err := manifest.Scheme.ConvertToVersion(versioned, weft.SchemeGroupVersion)
	if err != nil {
		return nil, err
	}
	bounds := validation.DefaultBounds().ValidateObject(internal)
	switch o := internal.(type) {
	case *weft.Workflow:
		fillNamespace(&o.Namespace, namespace)
		return append(validation.ValidateWorkflow(o), bounds...), nil
	case *weft.WorkflowTemplate:
		fillNamespace(&o.Namespace, namespace)
		return append(validation.ValidateWorkflowTemplate(o), bounds...), nil
	case *weft.ClusterWorkflowTemplate:
		return append(validation.ValidateClusterWorkflowTemplate(o), bounds...), nil
	case *weft.CronWorkflow:
		fillNamespace(&o.Namespace, namespace)
		return append(validation.ValidateCronWorkflow(o), bounds...), nil
	}
	return nil, fmt.Errorf("%T cannot be linted", internal)
}

func fillNamespace(ns *string, namespace string) {
	if *ns == "" {
		*ns = namespace
	}
}
