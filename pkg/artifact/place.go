package artifact

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// pickSubPath returns the path of subPath within content, which must exist.
func pickSubPath(content, subPath string) (string, error) {
	picked, err := within(content, subPath)
	if err != nil {
		return "", fmt.Errorf("subPath %q: %w", subPath, err)
	}
	if _, err := os.Lstat(picked); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("subPath %q does not exist in the artifact", subPath)
		}
		return "", err
	}
	return picked, nil
}

// move puts src, a file or directory, at dst. An empty directory at dst is
// filled rather than replaced (it may be a volume's mount point), and a move
// across filesystems copies.
func move(src, dst string) error {
	srcInfo, err := os.Lstat(src)
	if err != nil {
		return err
	}
	dstInfo, err := os.Lstat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case dstInfo.IsDir():
		entries, err := os.ReadDir(dst)
		if err != nil {
			return err
		}
		if len(entries) > 0 {
			return fmt.Errorf("%s is a directory that is not empty", dst)
		}
		if srcInfo.IsDir() {
			return moveChildren(src, dst)
		}
		if err := os.Remove(dst); err != nil {
			return fmt.Errorf("%s is an empty directory that cannot be replaced by the artifact's file: %w", dst, err)
		}
	}
	err = os.Rename(src, dst)
	if errors.Is(err, syscall.EXDEV) {
		return copyTree(src, dst)
	}
	return err
}

// moveChildren moves everything in the directory src into the directory dst.
func moveChildren(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := move(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies src, a file, directory or link, to dst, keeping modes.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case info.IsDir():
			return os.MkdirAll(target, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case info.Mode().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer func() { _ = f.Close() }()
			return writeFile(target, info.Mode().Perm(), f)
		default:
			return nil
		}
	})
}
