// Package weft holds the internal version of the weft.dev API group: the
// types the apiserver validates and stores through, converted to and from
// each served version.
//
// +k8s:deepcopy-gen=package
// +groupName=weft.dev
package weft
