package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// pluginUnavailable says why a plugin template's node errs: Weft runs no
// executor plugins, and what running one would take.
func pluginUnavailable(t resolvedTemplate) string {
	names := "an executor plugin"
	var config map[string]json.RawMessage
	if t.Plugin != nil && json.Unmarshal(t.Plugin.Value, &config) == nil && len(config) > 0 {
		keys := make([]string, 0, len(config))
		for k := range config {
			keys = append(keys, fmt.Sprintf("%q", k))
		}
		sort.Strings(keys)
		names = "executor plugin " + strings.Join(keys, ", ")
	}
	return fmt.Sprintf("template %q calls %s, but executor plugins are not configured on this cluster: "+
		"a plugin template needs the plugin's server installed as an executor plugin (a ConfigMap describing its sidecar) "+
		"and a controller that runs plugins, which Weft does not; use a container, script or http template instead",
		templateLabel(t), names)
}
