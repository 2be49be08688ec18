package artifact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// within joins name, a slash-separated entry name from an archive or an
// object key, to root, refusing a name that would leave root.
func within(root, name string) (string, error) {
	local := filepath.FromSlash(name)
	if !filepath.IsLocal(local) {
		return "", fmt.Errorf("entry %q would be written outside the destination", name)
	}
	return filepath.Join(root, local), nil
}

// checkLinkTarget refuses a symbolic link, at the slash-separated entry name,
// whose target would leave the destination.
func checkLinkTarget(name, target string) error {
	t := filepath.FromSlash(target)
	if filepath.IsAbs(t) || !filepath.IsLocal(filepath.Join(filepath.Dir(filepath.FromSlash(name)), t)) {
		return fmt.Errorf("link %q points outside the destination, to %q", name, target)
	}
	return nil
}

// prepare makes ready to write the entry name under root: it refuses a name
// that would leave root or that lies below a symbolic link (an archive could
// otherwise write through a link it made), creates the missing parent
// directories and removes a symbolic link already at the target, so that
// writing never follows a link. It returns the target's path.
func prepare(root, name string) (string, error) {
	target, err := within(root, name)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(root, filepath.Dir(target))
	if err != nil {
		return "", err
	}
	parent := ""
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if part == "." {
			continue
		}
		parent = filepath.Join(parent, part)
		info, err := os.Lstat(filepath.Join(root, parent))
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("entry %q lies below the symbolic link %q", name, filepath.ToSlash(parent))
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", err
	}
	if info, err := os.Lstat(target); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if err := os.Remove(target); err != nil {
			return "", err
		}
	}
	return target, nil
}
