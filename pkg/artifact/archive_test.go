package artifact

import (
	"archive/tar"
	"bytes"
	stdgzip "compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/executor"
)

func TestPackUnpackRoundTrips(t *testing.T) {
	tree := map[string]string{"a.txt": "A", "sub/": "", "sub/b.txt": "B", "empty/": "", "link": "->a.txt"}
	level := 1
	tests := []struct {
		name    string
		archive string
		root    string
		pack    func(io.Writer, string) error
		want    map[string]string
	}{
		{"tar of a directory", executor.ArchiveTarGzip, "dir", func(w io.Writer, p string) error { return packTarGz(w, p, nil) }, tree},
		{"tar with a compression level", "", "dir", func(w io.Writer, p string) error { return packTarGz(w, p, &level) }, tree},
		{"tar of a file", "", "dir/a.txt", func(w io.Writer, p string) error { return packTarGz(w, p, nil) }, map[string]string{".": "A"}},
		{"zip of a directory", executor.ArchiveZip, "dir", packZip, tree},
		{"zip of a file", executor.ArchiveZip, "dir/sub/b.txt", packZip, map[string]string{".": "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			writeTree(t, filepath.Join(src, "dir"), tree)
			var buf bytes.Buffer
			must(t, tt.pack(&buf, filepath.Join(src, tt.root)))
			file := filepath.Join(t.TempDir(), "download")
			must(t, os.WriteFile(file, buf.Bytes(), 0o644))
			out := filepath.Join(t.TempDir(), "out")
			must(t, os.Mkdir(out, 0o755))
			placed, err := unpack(file, tt.archive, out)
			must(t, err)
			if filepath.Base(placed) != filepath.Base(tt.root) {
				t.Fatalf("placed %s, want the archive's single entry %s", placed, filepath.Base(tt.root))
			}
			sameTree(t, readTree(t, placed), tt.want)
		})
	}
}

func TestPackKeepsModes(t *testing.T) {
	src := t.TempDir()
	must(t, os.WriteFile(filepath.Join(src, "run.sh"), []byte("#!/bin/sh\n"), 0o751))
	var buf bytes.Buffer
	must(t, packTarGz(&buf, filepath.Join(src, "run.sh"), nil))
	file := filepath.Join(t.TempDir(), "download")
	must(t, os.WriteFile(file, buf.Bytes(), 0o644))
	placed, err := unpack(file, "", t.TempDir())
	must(t, err)
	info, err := os.Stat(placed)
	must(t, err)
	if info.Mode().Perm() != 0o751 {
		t.Fatalf("mode %v, want 0751", info.Mode())
	}
}

func TestPackRefusesABadCompressionLevel(t *testing.T) {
	level := 12
	err := packTarGz(&bytes.Buffer{}, t.TempDir(), &level)
	if err == nil || !strings.Contains(err.Error(), "compressionLevel 12") {
		t.Fatalf("error %v", err)
	}
}

func TestUnpackDetectsWhatItGot(t *testing.T) {
	var gzipNotTar bytes.Buffer
	gz := newGzip(&gzipNotTar)
	_, _ = gz.Write([]byte("just text"))
	_ = gz.Close()
	tests := []struct {
		name    string
		data    []byte
		archive string
		single  bool
	}{
		{"plain text stays a file", []byte("hello"), "", false},
		{"gzip that is not a tar stays a file", gzipNotTar.Bytes(), "", false},
		{"a zip stays a file unless archive says zip", zipOf(t, "a"), "", false},
		{"a tar.gz is unpacked", tarGz(t, tar.Header{Name: "a", Typeflag: tar.TypeReg}), "", true},
		{"archive none keeps a tar.gz as it is", tarGz(t, tar.Header{Name: "a", Typeflag: tar.TypeReg}), executor.ArchiveNone, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "download")
			must(t, os.WriteFile(file, tt.data, 0o644))
			placed, err := unpack(file, tt.archive, t.TempDir())
			must(t, err)
			if unpacked := placed != file; unpacked != tt.single {
				t.Fatalf("placed %s (the download is %s)", placed, file)
			}
		})
	}
}

func TestUnpackManyEntriesMakesADirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "download")
	must(t, os.WriteFile(file, zipOf(t, "a", "b/c"), 0o644))
	dir := t.TempDir()
	placed, err := unpack(file, executor.ArchiveZip, dir)
	must(t, err)
	if placed != dir {
		t.Fatalf("placed %s, want %s", placed, dir)
	}
	sameTree(t, readTree(t, placed), map[string]string{"a": "a", "b/": "", "b/c": "b/c"})
}

func TestUnpackRefusesEscapingEntries(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		archive string
		want    string
	}{
		{"dot-dot", tarGz(t, tar.Header{Name: "../evil", Typeflag: tar.TypeReg}), "", "outside the destination"},
		{"nested dot-dot", tarGz(t, tar.Header{Name: "a/../../evil", Typeflag: tar.TypeReg}), "", "outside the destination"},
		{"absolute", tarGz(t, tar.Header{Name: "/etc/evil", Typeflag: tar.TypeReg}), "", "outside the destination"},
		{"link out", tarGz(t, tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: "../../etc"}), "", "points outside"},
		{"absolute link", tarGz(t, tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: "/etc"}), "", "points outside"},
		{"write through a link", tarGz(t,
			tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: "."},
			tar.Header{Name: "l/x", Typeflag: tar.TypeReg}), "", "below the symbolic link"},
		{"link chain", tarGz(t,
			tar.Header{Name: "d", Typeflag: tar.TypeSymlink, Linkname: "."},
			tar.Header{Name: "d/d/e", Typeflag: tar.TypeSymlink, Linkname: "../.."}), "", "below the symbolic link"},
		{"hard link out", tarGz(t, tar.Header{Name: "h", Typeflag: tar.TypeLink, Linkname: "../secret"}), "", "outside the destination"},
		{"zip dot-dot", zipOf(t, "ok", "../evil"), executor.ArchiveZip, "outside the destination"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			file := filepath.Join(base, "download")
			must(t, os.WriteFile(file, tt.data, 0o644))
			dest := filepath.Join(base, "deep", "dest")
			must(t, os.MkdirAll(dest, 0o755))
			_, err := unpack(file, tt.archive, dest)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			for _, escaped := range []string{filepath.Join(base, "evil"), filepath.Join(base, "deep", "evil"), "/etc/evil"} {
				if _, err := os.Lstat(escaped); err == nil {
					t.Fatalf("%s was written", escaped)
				}
			}
		})
	}
}

func TestTarGzipIsStandard(t *testing.T) {
	src := t.TempDir()
	writeTree(t, filepath.Join(src, "dir"), map[string]string{"a": "A", "b/c": "C"})
	var buf bytes.Buffer
	must(t, packTarGz(&buf, filepath.Join(src, "dir"), nil))
	gz, err := stdgzip.NewReader(&buf)
	must(t, err)
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		names = append(names, h.Name)
	}
	if got := strings.Join(names, " "); got != "dir/ dir/a dir/b/ dir/b/c" {
		t.Fatalf("entries %s", got)
	}
}
