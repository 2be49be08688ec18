package podspec

import (
	"encoding/json"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"
)

// applyPatches applies the workflow's, then the template's podSpecPatch, each
// a strategic merge patch of the pod spec written as JSON or YAML.
func applyPatches(spec *corev1.PodSpec, patches ...string) error {
	for _, patch := range patches {
		if strings.TrimSpace(patch) == "" {
			continue
		}
		patchJSON, err := yaml.YAMLToJSON([]byte(patch))
		if err != nil {
			return fmt.Errorf("podSpecPatch is neither JSON nor YAML: %w", err)
		}
		original, err := json.Marshal(spec)
		if err != nil {
			return err
		}
		patched, err := strategicpatch.StrategicMergePatch(original, patchJSON, corev1.PodSpec{})
		if err != nil {
			return fmt.Errorf("podSpecPatch does not apply: %w", err)
		}
		var out corev1.PodSpec
		if err := json.Unmarshal(patched, &out); err != nil {
			return fmt.Errorf("podSpecPatch gives an invalid pod spec: %w", err)
		}
		*spec = out
	}
	return nil
}
