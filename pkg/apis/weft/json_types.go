package weft

import "encoding/json"

// Item is one element of withItems: any JSON value, kept exactly as written.
type Item struct {
	// Value is the item's JSON encoding.
	Value json.RawMessage `json:"-"`
}

// Plugin is the configuration of an executor plugin: a JSON object whose one
// key names the plugin.
type Plugin struct {
	// Value is the object's JSON encoding.
	Value json.RawMessage `json:"-"`
}

// AnyString is a string that users may write as a number or a boolean.
type AnyString string

// Amount is a number kept as its text.
type Amount struct {
	// Value is the number's text.
	Value json.Number `json:"-"`
}
