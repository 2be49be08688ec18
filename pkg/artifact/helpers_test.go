package artifact

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/weft-dev/weft/pkg/executor"
)

// writeTree creates files under root: a name ending in "/" is a directory,
// a value starting with "->" a symbolic link, anything else a file's content.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			must(t, os.MkdirAll(p, 0o755))
			continue
		}
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		if target, ok := strings.CutPrefix(content, "->"); ok {
			must(t, os.Symlink(target, p))
			continue
		}
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// readTree describes what is under root as writeTree takes it; a file
// root is described under the name ".".
func readTree(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			got[rel] = "->" + link
			return err
		case d.IsDir():
			if rel != "." {
				got[rel+"/"] = ""
			}
		default:
			data, err := os.ReadFile(p)
			got[rel] = string(data)
			return err
		}
		return nil
	})
	must(t, err)
	return got
}

func sameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("tree %v, want %v", keys(got), keys(want))
	}
	for name, content := range want {
		if got[name] != content {
			t.Fatalf("%s is %q, want %q (tree %v)", name, got[name], content, keys(got))
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// tarGz builds a gzip-compressed tar of the headers, each regular file's
// content being its name.
func tarGz(t *testing.T, headers ...tar.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, h := range headers {
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(h.Name))
		}
		if h.Mode == 0 {
			h.Mode = 0o644
		}
		must(t, tw.WriteHeader(&h))
		if h.Typeflag == tar.TypeReg {
			_, err := tw.Write([]byte(h.Name))
			must(t, err)
		}
	}
	must(t, tw.Close())
	must(t, gz.Close())
	return buf.Bytes()
}

// zipOf builds a zip of files whose content is their name.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		must(t, err)
		_, err = w.Write([]byte(name))
		must(t, err)
	}
	must(t, zw.Close())
	return buf.Bytes()
}

// fakeS3 serves an in-memory S3 with the bucket "bucket" over TLS and
// returns a location in it with credentials in files, and drivers that
// trust the server. (Over plain HTTP minio-go signs every chunk of an
// upload, which the fake decodes only for single-part uploads.)
func fakeS3(t *testing.T) (executor.S3Location, Drivers) {
	t.Helper()
	backend := s3mem.New()
	must(t, backend.CreateBucket("bucket"))
	srv := httptest.NewTLSServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return s3Location(t, srv), Drivers{S3Transport: srv.Client().Transport, S3PartSize: 5 << 20}
}

// fakeS3Plain is fakeS3 over plain HTTP (Insecure), for single-part uploads.
func fakeS3Plain(t *testing.T) (executor.S3Location, Drivers) {
	t.Helper()
	backend := s3mem.New()
	must(t, backend.CreateBucket("bucket"))
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	loc := s3Location(t, srv)
	loc.Insecure = true
	return loc, Drivers{}
}

func s3Location(t *testing.T, srv *httptest.Server) executor.S3Location {
	t.Helper()
	u, err := url.Parse(srv.URL)
	must(t, err)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"accesskey": "AKIAEXAMPLE\n", "secretkey": "secret\n"})
	return executor.S3Location{
		Endpoint: u.Host, Bucket: "bucket", Region: "us-east-1",
		AccessKeyFile: filepath.Join(dir, "accesskey"), SecretKeyFile: filepath.Join(dir, "secretkey"),
	}
}

func newGzip(b *bytes.Buffer) *gzip.Writer { return gzip.NewWriter(b) }
