package validation

import (
	"fmt"
	"reflect"
	"strings"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// Phases a status may report.
var (
	workflowPhases = []weft.WorkflowPhase{weft.WorkflowPending, weft.WorkflowRunning, weft.WorkflowSucceeded, weft.WorkflowFailed, weft.WorkflowError}
	nodePhases     = []weft.NodePhase{weft.NodePending, weft.NodeRunning, weft.NodeSucceeded, weft.NodeSkipped, weft.NodeFailed, weft.NodeError, weft.NodeOmitted}
)

// ValidateWorkflowUpdate validates an update of a Workflow: the metadata
// update rules, and a spec that stays as created except for suspend,
// shutdown, activeDeadlineSeconds and parallelism, which must stay valid.
func ValidateWorkflowUpdate(newWf, oldWf *weft.Workflow) field.ErrorList {
	errs := validateMetadataUpdate(&newWf.ObjectMeta, &oldWf.ObjectMeta)
	specPath := field.NewPath("spec")
	errs = append(errs, validateMutableSpecFields(&newWf.Spec, specPath)...)
	if changed := changedSpecFields(frozenSpec(newWf.Spec), frozenSpec(oldWf.Spec)); len(changed) > 0 {
		errs = append(errs, field.Forbidden(specPath, fmt.Sprintf(
			"a workflow's spec cannot change once it is created, except suspend, shutdown, activeDeadlineSeconds and parallelism; this update changes %s: submit a new workflow instead",
			strings.Join(changed, ", "))))
	}
	return errs
}

// frozenSpec returns the spec with the fields a running workflow may change
// cleared.
func frozenSpec(spec weft.WorkflowSpec) weft.WorkflowSpec {
	spec.Suspend = nil
	spec.Shutdown = ""
	spec.ActiveDeadlineSeconds = nil
	spec.Parallelism = nil
	return spec
}

// changedSpecFields returns the JSON names of the spec fields that differ.
func changedSpecFields(a, b weft.WorkflowSpec) []string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var changed []string
	for i := 0; i < va.NumField(); i++ {
		if !apiequality.Semantic.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			name, _, _ := strings.Cut(va.Type().Field(i).Tag.Get("json"), ",")
			changed = append(changed, name)
		}
	}
	return changed
}

// ValidateWorkflowStatusUpdate validates an update of a Workflow's status:
// the metadata update rules, and known phases for the workflow and its nodes.
func ValidateWorkflowStatusUpdate(newWf, oldWf *weft.Workflow) field.ErrorList {
	errs := validateMetadataUpdate(&newWf.ObjectMeta, &oldWf.ObjectMeta)
	statusPath := field.NewPath("status")
	errs = append(errs, validateEnum(newWf.Status.Phase, workflowPhases, statusPath.Child("phase"))...)
	for _, id := range sortedKeys(newWf.Status.Nodes) {
		errs = append(errs, validateEnum(newWf.Status.Nodes[id].Phase, nodePhases, statusPath.Child("nodes").Key(id).Child("phase"))...)
	}
	return errs
}

// ValidateWorkflowTemplateUpdate validates an update of a WorkflowTemplate:
// the metadata update rules and the new spec in full.
func ValidateWorkflowTemplateUpdate(newT, oldT *weft.WorkflowTemplate) field.ErrorList {
	errs := validateMetadataUpdate(&newT.ObjectMeta, &oldT.ObjectMeta)
	return append(errs, ValidateWorkflowSpec(&newT.Spec, templateSpecOptions, field.NewPath("spec"))...)
}

// ValidateClusterWorkflowTemplateUpdate validates an update of a
// ClusterWorkflowTemplate: the metadata update rules and the new spec in full.
func ValidateClusterWorkflowTemplateUpdate(newT, oldT *weft.ClusterWorkflowTemplate) field.ErrorList {
	errs := validateMetadataUpdate(&newT.ObjectMeta, &oldT.ObjectMeta)
	return append(errs, ValidateWorkflowSpec(&newT.Spec, templateSpecOptions, field.NewPath("spec"))...)
}

// ValidateCronWorkflowUpdate validates an update of a CronWorkflow: the
// metadata update rules and the new spec in full.
func ValidateCronWorkflowUpdate(newC, oldC *weft.CronWorkflow) field.ErrorList {
	errs := validateMetadataUpdate(&newC.ObjectMeta, &oldC.ObjectMeta)
	return append(errs, validateCronWorkflowSpec(&newC.Spec, field.NewPath("spec"))...)
}

// ValidateCronWorkflowStatusUpdate validates an update of a CronWorkflow's
// status: the metadata update rules, a known phase and counts that are not
// negative.
func ValidateCronWorkflowStatusUpdate(newC, oldC *weft.CronWorkflow) field.ErrorList {
	errs := validateMetadataUpdate(&newC.ObjectMeta, &oldC.ObjectMeta)
	statusPath := field.NewPath("status")
	errs = append(errs, validateEnum(newC.Status.Phase, cronWorkflowPhases, statusPath.Child("phase"))...)
	errs = append(errs, validateMinimum(&newC.Status.Succeeded, 0, statusPath.Child("succeeded"))...)
	errs = append(errs, validateMinimum(&newC.Status.Failed, 0, statusPath.Child("failed"))...)
	return errs
}
