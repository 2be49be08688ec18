package manifest

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// manifestExtensions are the file extensions a directory's manifests have.
var manifestExtensions = map[string]bool{".yaml": true, ".yml": true, ".json": true}

// Expand replaces each directory among paths by the YAML and JSON files
// below it, in lexical order; other paths, Stdin among them, stay as given.
func Expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == Stdin {
			out = append(out, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && manifestExtensions[strings.ToLower(filepath.Ext(path))] {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
