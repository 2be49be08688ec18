package validation

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// Reasons for the name length limits, for messages.
const (
	workflowNameReason = "the name labels the workflow's pods and label values are at most 63 characters"
	templateNameReason = "the name labels the pods of the workflows that run it and label values are at most 63 characters"
)

// workflowSpecOptions are the options a Workflow's spec is checked with: one
// that runs a workflowTemplateRef gets its templates, entrypoint and
// argument values from the referenced template, so only what it holds is
// checked.
func workflowSpecOptions(spec *weft.WorkflowSpec) SpecOptions {
	own := spec.WorkflowTemplateRef == nil
	return SpecOptions{RequireEntrypoint: own, RequireArguments: own}
}

// ValidateWorkflow validates a Workflow on creation: its metadata and its
// spec, which must name an entrypoint and supply every argument's value
// unless it runs a workflowTemplateRef.
func ValidateWorkflow(wf *weft.Workflow) field.ErrorList {
	errs := validateMetadata(&wf.ObjectMeta, true, maxObjectNameLength, workflowNameReason)
	return append(errs, ValidateWorkflowSpec(&wf.Spec, workflowSpecOptions(&wf.Spec), field.NewPath("spec"))...)
}

// templateSpecOptions are the options a WorkflowTemplate's or
// ClusterWorkflowTemplate's spec is checked with: the entrypoint may be
// missing, as templates used only through templateRef need none, and
// argument values may be missing, as the submitter supplies them.
var templateSpecOptions = SpecOptions{}

// ValidateWorkflowTemplate validates a WorkflowTemplate on creation: its
// metadata and its spec.
func ValidateWorkflowTemplate(t *weft.WorkflowTemplate) field.ErrorList {
	errs := validateMetadata(&t.ObjectMeta, true, maxObjectNameLength, templateNameReason)
	return append(errs, ValidateWorkflowSpec(&t.Spec, templateSpecOptions, field.NewPath("spec"))...)
}

// ValidateClusterWorkflowTemplate validates a ClusterWorkflowTemplate on
// creation: its metadata, which has no namespace, and its spec.
func ValidateClusterWorkflowTemplate(t *weft.ClusterWorkflowTemplate) field.ErrorList {
	errs := validateMetadata(&t.ObjectMeta, false, maxObjectNameLength, templateNameReason)
	return append(errs, ValidateWorkflowSpec(&t.Spec, templateSpecOptions, field.NewPath("spec"))...)
}
