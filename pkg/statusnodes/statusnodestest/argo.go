// Package statusnodestest helps tests of readers of packed node maps.
package statusnodestest

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"testing"
)

// PackedLikeArgo is nodes, a node map of any API version, as Argo packs it
// into status.compressedNodes: base64 of its gzipped JSON.
func PackedLikeArgo(t testing.TB, nodes any) string {
	t.Helper()
	raw, err := json.Marshal(nodes)
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	w := gzip.NewWriter(&zipped)
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(zipped.Bytes())
}
