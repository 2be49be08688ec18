package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
)

// Arguments are the parameters and artifacts passed to a workflow or template.
type Arguments struct {
	// Parameters are the passed parameters.
	// +optional
	// +listType=atomic
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts are the passed artifacts.
	// +optional
	// +listType=atomic
	Artifacts []Artifact `json:"artifacts,omitempty"`
}

// Inputs are the parameters and artifacts a template takes.
type Inputs struct {
	// Parameters are the template's input parameters.
	// +optional
	// +listType=atomic
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts are the template's input artifacts.
	// +optional
	// +listType=atomic
	Artifacts []Artifact `json:"artifacts,omitempty"`
}

// Outputs are the parameters and artifacts a template produces.
type Outputs struct {
	// Parameters are the template's output parameters.
	// +optional
	// +listType=atomic
	Parameters []Parameter `json:"parameters,omitempty"`
	// Artifacts are the template's output artifacts.
	// +optional
	// +listType=atomic
	Artifacts []Artifact `json:"artifacts,omitempty"`
	// Result is the main container's standard output.
	// +optional
	Result *string `json:"result,omitempty"`
	// ExitCode is the main container's exit code.
	// +optional
	ExitCode *string `json:"exitCode,omitempty"`
}

// Parameter is a named string value passed between workflows, templates and steps.
type Parameter struct {
	// Name is the parameter's name.
	Name string `json:"name"`
	// Default is the value used when none is given.
	// +optional
	Default *AnyString `json:"default,omitempty"`
	// Value is the parameter's value.
	// +optional
	Value *AnyString `json:"value,omitempty"`
	// ValueFrom says where an output parameter's value comes from.
	// +optional
	ValueFrom *ValueFrom `json:"valueFrom,omitempty"`
	// GlobalName exports the parameter to the workflow's outputs under this name.
	// +optional
	GlobalName string `json:"globalName,omitempty"`
	// Enum lists the values the parameter may take.
	// +optional
	// +listType=atomic
	Enum []AnyString `json:"enum,omitempty"`
	// Description tells users what the parameter is for.
	// +optional
	Description *AnyString `json:"description,omitempty"`
}

// ValueFrom says where a parameter's value comes from.
type ValueFrom struct {
	// Path is a file in the main container whose content is the value.
	// +optional
	Path string `json:"path,omitempty"`
	// JSONPath selects the value from a resource template's resource.
	// +optional
	JSONPath string `json:"jsonPath,omitempty"`
	// JQFilter selects the value from a resource template's resource.
	// +optional
	JQFilter string `json:"jqFilter,omitempty"`
	// Event is an expression over the event that triggered the workflow.
	// +optional
	Event string `json:"event,omitempty"`
	// Parameter is the value of another parameter, as a {{...}} reference.
	// +optional
	Parameter string `json:"parameter,omitempty"`
	// Supplied says the value is supplied when a suspended node is resumed.
	// +optional
	Supplied *SuppliedValueFrom `json:"supplied,omitempty"`
	// ConfigMapKeyRef reads the value from a ConfigMap key.
	// +optional
	ConfigMapKeyRef *corev1.ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`
	// Default is the value used when the source yields none.
	// +optional
	Default *AnyString `json:"default,omitempty"`
	// Expression computes the value.
	// +optional
	Expression string `json:"expression,omitempty"`
}

// SuppliedValueFrom says a value is supplied when a suspended node is resumed.
type SuppliedValueFrom struct{}
