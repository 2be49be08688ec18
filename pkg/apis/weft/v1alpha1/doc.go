// Package v1alpha1 is the v1alpha1 version of the weft.dev API group: Argo
// Workflows' argoproj.io/v1alpha1 spec, field for field, served by
// weft-apiserver.
//
// +k8s:openapi-gen=true
// +k8s:deepcopy-gen=package
// +k8s:conversion-gen=github.com/weft-dev/weft/pkg/apis/weft
// +k8s:defaulter-gen=TypeMeta
// +k8s:openapi-model-package=dev.weft.v1alpha1
// +groupName=weft.dev
package v1alpha1
