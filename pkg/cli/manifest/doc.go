// Package manifest reads Weft objects from YAML and JSON files: streams of
// several documents, standard input, directories, and Argo Workflows
// manifests, whose argoproj.io/v1alpha1 apiVersion is rewritten to
// weft.dev/v1alpha1 since the spec is the same field for field.
package manifest
