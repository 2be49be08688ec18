package expr

import (
	"encoding/json"
	"fmt"
)

// SubstituteObject substitutes every string of src, keys included, by way of
// its JSON form, and decodes the result into dst (which may be src).
func SubstituteObject(dst, src any, r Resolver, mode Mode) error {
	data, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("encoding for substitution: %w", err)
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return fmt.Errorf("decoding for substitution: %w", err)
	}
	tree, err = SubstituteTree(tree, r, mode)
	if err != nil {
		return err
	}
	data, err = json.Marshal(tree)
	if err != nil {
		return fmt.Errorf("encoding after substitution: %w", err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("decoding after substitution: %w", err)
	}
	return nil
}

// SubstituteTree substitutes every string of a decoded JSON value.
func SubstituteTree(v any, r Resolver, mode Mode) (any, error) {
	switch t := v.(type) {
	case string:
		return Substitute(t, r, mode)
	case []any:
		for i := range t {
			s, err := SubstituteTree(t[i], r, mode)
			if err != nil {
				return nil, err
			}
			t[i] = s
		}
		return t, nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			key, err := Substitute(k, r, mode)
			if err != nil {
				return nil, err
			}
			s, err := SubstituteTree(val, r, mode)
			if err != nil {
				return nil, err
			}
			out[key] = s
		}
		return out, nil
	default:
		return v, nil
	}
}
