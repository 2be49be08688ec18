package resource

import (
	"fmt"

	"k8s.io/apimachinery/pkg/types"
)

// PatchType is the patch type of a mergeStrategy: strategic (the default,
// like kubectl patch), merge or json.
//
// Kubernetes serves strategic merge patches only for its built-in kinds;
// custom and aggregated resources answer 415 Unsupported Media Type. Like
// kubectl apply, the controller then sends the same patch as a JSON merge
// patch (see FallbackPatchType), which for such objects means the same
// except that lists are replaced rather than merged by key.
func PatchType(mergeStrategy string) (types.PatchType, error) {
	switch mergeStrategy {
	case "", "strategic":
		return types.StrategicMergePatchType, nil
	case "merge":
		return types.MergePatchType, nil
	case "json":
		return types.JSONPatchType, nil
	}
	return "", fmt.Errorf("resource.mergeStrategy %q is not one of strategic, merge, json", mergeStrategy)
}

// FallbackPatchType is the patch type to try when the server refuses a
// patch's type as unsupported: a strategic merge patch becomes a JSON merge
// patch; other types have none.
func FallbackPatchType(t types.PatchType) (types.PatchType, bool) {
	if t == types.StrategicMergePatchType {
		return types.MergePatchType, true
	}
	return "", false
}
