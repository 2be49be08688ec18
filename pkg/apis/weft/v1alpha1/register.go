package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group served by weft-apiserver.
const GroupName = "weft.dev"

// SchemeGroupVersion is the group and version of the types in this package.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1alpha1"}

var (
	// SchemeBuilder collects the functions that add this version to a scheme.
	SchemeBuilder runtime.SchemeBuilder
	// localSchemeBuilder lets generated code register conversions and defaults.
	localSchemeBuilder = &SchemeBuilder
	// AddToScheme adds this version's types, conversions and defaults to a scheme.
	AddToScheme = localSchemeBuilder.AddToScheme
)

func init() {
	localSchemeBuilder.Register(addKnownTypes, addDefaultingFuncs, addFieldLabelConversionFuncs)
}

// Resource returns the group-qualified resource for an unqualified resource name.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion,
		&Workflow{}, &WorkflowList{},
		&WorkflowTemplate{}, &WorkflowTemplateList{},
		&ClusterWorkflowTemplate{}, &ClusterWorkflowTemplateList{},
		&CronWorkflow{}, &CronWorkflowList{},
		&WorkflowLogOptions{},
	)
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}

// Annotations the apiserver sets on every Weft object it creates, naming the
// authenticated user who created it. Clients cannot set or change them.
const (
	AnnotationCreator       = "weft.dev/creator"
	AnnotationCreatorUID    = "weft.dev/creator-uid"
	AnnotationCreatorGroups = "weft.dev/creator-groups"
)
