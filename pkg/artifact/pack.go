package artifact

import (
	"archive/tar"
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/klauspost/compress/gzip"
)

// entry is one file, directory or link of a packed path.
type entry struct {
	// name is the slash-separated name in the archive.
	name string
	// full is the file's path on disk.
	full string
	info fs.FileInfo
	// link is a symbolic link's target.
	link string
}

// walkEntries calls fn for root and everything under it, named after root's
// base name, skipping sockets, pipes and devices.
// A root that is a symbolic link is followed.
func walkEntries(root string, fn func(e entry) error) error {
	base := filepath.Base(root)
	root, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	return filepath.WalkDir(root, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, full)
		if err != nil {
			return err
		}
		e := entry{name: path.Join(base, filepath.ToSlash(rel)), full: full, info: info}
		switch {
		case info.Mode().IsRegular(), info.IsDir():
		case info.Mode()&fs.ModeSymlink != 0:
			if e.link, err = os.Readlink(full); err != nil {
				return err
			}
		default:
			return nil
		}
		return fn(e)
	})
}

// packTarGz writes root, a file or a directory, to w as a gzip-compressed tar.
func packTarGz(w io.Writer, root string, level *int) error {
	l := gzip.DefaultCompression
	if level != nil {
		l = *level
	}
	gz, err := gzip.NewWriterLevel(w, l)
	if err != nil {
		return fmt.Errorf("compressionLevel %d: %w", l, err)
	}
	tw := tar.NewWriter(gz)
	err = walkEntries(root, func(e entry) error {
		h, err := tar.FileInfoHeader(e.info, e.link)
		if err != nil {
			return err
		}
		h.Name = e.name
		if e.info.IsDir() {
			h.Name += "/"
		}
		h.Uname, h.Gname = "", ""
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if !e.info.Mode().IsRegular() {
			return nil
		}
		return copyFile(tw, e.full)
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// packZip writes root, a file or a directory, to w as a zip.
func packZip(w io.Writer, root string) error {
	zw := zip.NewWriter(w)
	err := walkEntries(root, func(e entry) error {
		h, err := zip.FileInfoHeader(e.info)
		if err != nil {
			return err
		}
		h.Name = e.name
		if e.info.IsDir() {
			h.Name += "/"
			h.Method = zip.Store
		} else {
			h.Method = zip.Deflate
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		switch {
		case e.link != "":
			_, err = io.WriteString(fw, e.link)
			return err
		case e.info.Mode().IsRegular():
			return copyFile(fw, e.full)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

// copyFile copies the file at name to w.
func copyFile(w io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	_, err = io.Copy(w, f)
	return err
}
