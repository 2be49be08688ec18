package executor

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Install copies the running executor's binary into dir as BinaryName, so
// that the pod's other containers can run it from the shared volume.
func Install(dir string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the executor's binary: %w", err)
	}
	return copyExecutable(self, filepath.Join(dir, BinaryName))
}

func copyExecutable(from, to string) (string, error) {
	in, err := os.Open(from)
	if err != nil {
		return "", err
	}
	defer func() { _ = in.Close() }()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return "", err
	}
	tmp := to + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return "", err
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	return to, os.Rename(tmp, to)
}
