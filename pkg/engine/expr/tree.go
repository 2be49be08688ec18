package expr

import (
	"bytes"
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
	if data, err = SubstituteJSON(data, r, mode); err != nil {
		return err
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("decoding after substitution: %w", err)
	}
	return nil
}

// SubstituteJSON substitutes every string of a valid JSON text, keys
// included, and returns the text with those strings replaced; the text
// itself when no string holds a reference. Numbers, literals and the order
// of keys are kept as written.
func SubstituteJSON(data []byte, r Resolver, mode Mode) ([]byte, error) {
	if !bytes.Contains(data, []byte("{{")) && !bytes.Contains(data, []byte(`\u`)) {
		return data, nil
	}
	var out []byte
	copied := 0
	for i := 0; i < len(data); i++ {
		if data[i] != '"' {
			continue
		}
		end := stringEnd(data, i)
		token := data[i : end+1]
		replaced, changed, err := substituteToken(token, r, mode)
		if err != nil {
			return nil, err
		}
		if changed {
			if out == nil {
				out = make([]byte, 0, len(data)+len(data)/4)
			}
			out = append(out, data[copied:i]...)
			out = append(out, replaced...)
			copied = end + 1
		}
		i = end
	}
	if out == nil {
		return data, nil
	}
	return append(out, data[copied:]...), nil
}

// stringEnd is the index of the quote that closes the JSON string opened at
// data[start].
func stringEnd(data []byte, start int) int {
	for i := start + 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(data) - 1
}

// substituteToken substitutes a JSON string token; false when it holds no
// reference. A token is decoded only when it may hold one: "{{" written out,
// or escapes that could spell it.
func substituteToken(token []byte, r Resolver, mode Mode) ([]byte, bool, error) {
	if !bytes.Contains(token, []byte("{{")) && !bytes.Contains(token, []byte(`\u`)) {
		return nil, false, nil
	}
	var text string
	if err := json.Unmarshal(token, &text); err != nil {
		return nil, false, fmt.Errorf("decoding for substitution: %w", err)
	}
	value, err := Substitute(text, r, mode)
	if err != nil {
		return nil, false, err
	}
	if value == text {
		return nil, false, nil
	}
	encoded, err := json.Marshal(value)
	if err != nil {
		return nil, false, fmt.Errorf("encoding after substitution: %w", err)
	}
	return encoded, true, nil
}
