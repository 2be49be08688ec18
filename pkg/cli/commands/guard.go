package commands

import "encoding/json"

// guarded adds metadata.resourceVersion to a JSON merge patch, so that the
// server rejects it with a conflict if the object changed since it was read.
func guarded(patch []byte, resourceVersion string) ([]byte, error) {
	var obj map[string]any
	if err := json.Unmarshal(patch, &obj); err != nil {
		return nil, err
	}
	obj["metadata"] = map[string]any{"resourceVersion": resourceVersion}
	return json.Marshal(obj)
}
