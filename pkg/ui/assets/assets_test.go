package assets

import (
	"io/fs"
	"strings"
	"testing"
)

func TestFSHasIndexAtItsRoot(t *testing.T) {
	page, err := fs.ReadFile(FS(), "index.html")
	if err != nil {
		t.Fatalf("reading index.html from the embedded app: %v", err)
	}
	if !strings.Contains(string(page), "<html") {
		t.Errorf("index.html is not an HTML page: %q", page)
	}
}
