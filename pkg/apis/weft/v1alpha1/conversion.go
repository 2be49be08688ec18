package v1alpha1

import (
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/runtime"
)

// addFieldLabelConversionFuncs declares the field selectors each kind
// supports; without them the server refuses every selector but metadata.name
// and metadata.namespace.
func addFieldLabelConversionFuncs(scheme *runtime.Scheme) error {
	workflowFields := map[string]bool{"metadata.name": true, "metadata.namespace": true, "status.phase": true}
	if err := scheme.AddFieldLabelConversionFunc(SchemeGroupVersion.WithKind("Workflow"), selectableFields("Workflow", workflowFields)); err != nil {
		return err
	}
	metadataFields := map[string]bool{"metadata.name": true, "metadata.namespace": true}
	for _, kind := range []string{"WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"} {
		if err := scheme.AddFieldLabelConversionFunc(SchemeGroupVersion.WithKind(kind), selectableFields(kind, metadataFields)); err != nil {
			return err
		}
	}
	return nil
}

func selectableFields(kind string, fields map[string]bool) runtime.FieldLabelConversionFunc {
	return func(label, value string) (string, string, error) {
		if !fields[label] {
			return "", "", fmt.Errorf("%q is not a known field selector for %s: use one of %s", label, kind, fieldList(fields))
		}
		return label, value, nil
	}
}

func fieldList(fields map[string]bool) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	return fmt.Sprint(names)
}
