package artifact

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"

	"github.com/weft-dev/weft/pkg/executor"
)

// unpack unpacks the downloaded file as archive says (see the package
// documentation) into the empty directory dir, and returns what is to be
// placed: the file itself when it is not unpacked, the single top-level
// entry of the archive, or dir.
func unpack(file, archive, dir string) (string, error) {
	switch archive {
	case executor.ArchiveNone:
		return file, nil
	case executor.ArchiveTarGzip:
		if err := untarGz(file, dir); err != nil {
			return "", err
		}
	case executor.ArchiveZip:
		if err := unzip(file, dir); err != nil {
			return "", err
		}
	case "":
		isTar, err := isTarGz(file)
		if err != nil || !isTar {
			return file, err
		}
		if err := untarGz(file, dir); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("unknown archive %q: use %q, %q or %q", archive, executor.ArchiveTarGzip, executor.ArchiveZip, executor.ArchiveNone)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	if len(entries) == 1 {
		return filepath.Join(dir, entries[0].Name()), nil
	}
	return dir, nil
}

// isTarGz tells whether the file is gzip-compressed data that starts with a
// tar header.
func isTarGz(file string) (bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer func() { _ = f.Close() }()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return false, nil
	}
	_, err = tar.NewReader(gz).Next()
	return err == nil, nil
}

// untarGz unpacks a gzip-compressed tar into dir.
func untarGz(file, dir string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("the artifact is not gzip-compressed: %w", err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the tar: %w", err)
		}
		if err := writeTarEntry(dir, h, tr); err != nil {
			return err
		}
	}
}

func writeTarEntry(dir string, h *tar.Header, r io.Reader) error {
	target, err := prepare(dir, h.Name)
	if err != nil {
		return err
	}
	mode := fs.FileMode(h.Mode).Perm()
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(target, 0o755)
	case tar.TypeReg:
		return writeFile(target, mode, r)
	case tar.TypeSymlink:
		if err := checkLinkTarget(h.Name, h.Linkname); err != nil {
			return err
		}
		return symlink(h.Linkname, target)
	case tar.TypeLink:
		source, err := prepare(dir, h.Linkname)
		if err != nil {
			return fmt.Errorf("hard link %q: %w", h.Name, err)
		}
		return os.Link(source, target)
	default:
		return nil
	}
}

// unzip unpacks a zip into dir.
func unzip(file, dir string) error {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return fmt.Errorf("the artifact is not a zip: %w", err)
	}
	defer func() { _ = zr.Close() }()
	for _, f := range zr.File {
		if err := writeZipEntry(dir, f); err != nil {
			return err
		}
	}
	return nil
}

func writeZipEntry(dir string, f *zip.File) error {
	target, err := prepare(dir, f.Name)
	if err != nil {
		return err
	}
	mode := f.Mode()
	if mode.IsDir() {
		return os.MkdirAll(target, 0o755)
	}
	r, err := f.Open()
	if err != nil {
		return fmt.Errorf("zip entry %q: %w", f.Name, err)
	}
	defer func() { _ = r.Close() }()
	if mode&fs.ModeSymlink != 0 {
		link, err := io.ReadAll(io.LimitReader(r, 4096))
		if err != nil {
			return err
		}
		if err := checkLinkTarget(f.Name, string(link)); err != nil {
			return err
		}
		return symlink(string(link), target)
	}
	if !mode.IsRegular() {
		return nil
	}
	return writeFile(target, mode.Perm(), r)
}

// writeFile creates the file at target with the content of r.
func writeFile(target string, mode fs.FileMode, r io.Reader) error {
	if mode == 0 {
		mode = 0o644
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Chmod(target, mode)
}

func symlink(oldname, target string) error {
	return os.Symlink(oldname, target)
}
