//go:build tools

// Package hack pins the code generators that hack/update-codegen.sh runs, so
// their versions come from go.mod like every other dependency.
package hack

import (
	_ "k8s.io/code-generator"
	_ "k8s.io/kube-openapi/cmd/openapi-gen"
)
