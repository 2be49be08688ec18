package podspec

import (
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"
)

// patchFields name the patches applyPatches takes, in order, for messages.
var patchFields = []string{"spec.podSpecPatch", "podSpecPatch"}

// applyPatches applies the workflow's, then the template's podSpecPatch, each
// a strategic merge patch of the pod spec written as JSON or YAML, its
// references already substituted.
func applyPatches(spec *corev1.PodSpec, patches ...string) error {
	for i, patch := range patches {
		if strings.TrimSpace(patch) == "" {
			continue
		}
		where := patchFields[min(i, len(patchFields)-1)]
		patchJSON, err := yaml.YAMLToJSON([]byte(patch))
		if err != nil {
			return fmt.Errorf("%s is neither JSON nor YAML: %w", where, err)
		}
		original, err := json.Marshal(spec)
		if err != nil {
			return err
		}
		patched, err := strategicpatch.StrategicMergePatch(original, patchJSON, corev1.PodSpec{})
		if err != nil {
			return fmt.Errorf("%s does not apply: %w", where, err)
		}
		var out corev1.PodSpec
		if err := json.Unmarshal(patched, &out); err != nil {
			return fmt.Errorf("%s gives an invalid pod spec: %v: fix the patch, or the parameters it refers to (it reads %s)", where, err, strings.TrimSpace(patch))
		}
		*spec = out
	}
	return nil
}
