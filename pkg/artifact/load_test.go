package artifact

import (
	"archive/tar"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/executor"
)

// serve answers every GET with the data.
func serve(t *testing.T, data []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(data) }))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestLoadPlacesSubPathAndMode(t *testing.T) {
	archive := tarGz(t,
		tar.Header{Name: "out/", Typeflag: tar.TypeDir, Mode: 0o755},
		tar.Header{Name: "out/a/b.txt", Typeflag: tar.TypeReg},
		tar.Header{Name: "out/c.txt", Typeflag: tar.TypeReg})
	url := serve(t, archive)
	tests := []struct {
		name    string
		subPath string
		mode    int32
		want    map[string]string
		wantErr string
	}{
		{name: "whole artifact", want: map[string]string{"a/": "", "a/b.txt": "out/a/b.txt", "c.txt": "out/c.txt"}},
		{name: "a directory within", subPath: "a", want: map[string]string{"b.txt": "out/a/b.txt"}},
		{name: "a file within, with a mode", subPath: "a/b.txt", mode: 0o700, want: map[string]string{".": "out/a/b.txt"}},
		{name: "missing subPath", subPath: "nope", wantErr: `subPath "nope" does not exist in the artifact`},
		{name: "escaping subPath", subPath: "../x", wantErr: "outside the destination"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inputs", "art")
			err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{
				Name: "art", Path: path, SubPath: tt.subPath, Mode: tt.mode,
				Location: executor.ArtifactLocation{HTTP: &executor.HTTPLocation{URL: url}},
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				assertNoStaging(t, filepath.Dir(path))
				return
			}
			must(t, err)
			sameTree(t, readTree(t, path), tt.want)
			if tt.mode != 0 {
				info, err := os.Stat(path)
				must(t, err)
				if info.Mode().Perm() != os.FileMode(tt.mode) {
					t.Fatalf("mode %v, want %o", info.Mode(), tt.mode)
				}
			}
			assertNoStaging(t, filepath.Dir(path))
		})
	}
}

// assertNoStaging checks that Load left nothing but the artifact in dir.
func assertNoStaging(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "art" {
			t.Fatalf("left %s in %s", e.Name(), dir)
		}
	}
}

func TestLoadFillsAnEmptyDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "art")
	must(t, os.Mkdir(path, 0o755))
	url := serve(t, zipOf(t, "x", "y"))
	a := executor.ArtifactSpec{Name: "art", Path: path, Archive: executor.ArchiveZip, Location: executor.ArtifactLocation{HTTP: &executor.HTTPLocation{URL: url}}}
	must(t, Drivers{}.Load(context.Background(), a))
	sameTree(t, readTree(t, path), map[string]string{"x": "x", "y": "y"})
	err := Drivers{}.Load(context.Background(), a)
	if err == nil || !strings.Contains(err.Error(), "is a directory that is not empty") {
		t.Fatalf("second load: %v", err)
	}
}

func TestLoadRaw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir", "raw.txt")
	err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{
		Name: "r", Path: path, Mode: 0o600,
		Location: executor.ArtifactLocation{Raw: &executor.RawLocation{Data: "raw data\n"}},
	})
	must(t, err)
	sameTree(t, readTree(t, path), map[string]string{".": "raw data\n"})
	info, err := os.Stat(path)
	must(t, err)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode())
	}
}

func TestLoadWithoutLocation(t *testing.T) {
	err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "x", Path: filepath.Join(t.TempDir(), "x")})
	if err == nil || !strings.Contains(err.Error(), "no location") {
		t.Fatalf("error %v", err)
	}
}

func TestLoadHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, password, ok := r.BasicAuth()
		switch {
		case r.URL.Path == "/missing":
			http.NotFound(w, r)
		case r.URL.Path == "/broken":
			http.Error(w, "oops", http.StatusInternalServerError)
		case r.Header.Get("X-Token") != "t0k" || !ok || user != "me" || password != "pw":
			http.Error(w, "who are you", http.StatusUnauthorized)
		default:
			_, _ = w.Write([]byte("secret file"))
		}
	}))
	defer srv.Close()
	creds := t.TempDir()
	writeTree(t, creds, map[string]string{"user": "me\n", "password": "pw"})
	loc := func(path string, headers ...executor.HTTPHeader) *executor.HTTPLocation {
		return &executor.HTTPLocation{URL: srv.URL + path, Headers: headers,
			UsernameFile: filepath.Join(creds, "user"), PasswordFile: filepath.Join(creds, "password")}
	}
	tests := []struct {
		name     string
		loc      *executor.HTTPLocation
		wantErr  string
		notFound bool
	}{
		{name: "headers and basic auth", loc: loc("/file", executor.HTTPHeader{Name: "X-Token", Value: "t0k"})},
		{name: "a header missing", loc: loc("/file"), wantErr: "GET " + srv.URL + "/file: 401 Unauthorized"},
		{name: "not found", loc: loc("/missing"), wantErr: "GET " + srv.URL + "/missing: 404 Not Found", notFound: true},
		{name: "server error", loc: loc("/broken"), wantErr: "GET " + srv.URL + "/broken: 500 Internal Server Error"},
		{name: "unreadable credentials", loc: &executor.HTTPLocation{URL: srv.URL, UsernameFile: filepath.Join(creds, "nope")}, wantErr: "reading the HTTP username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f")
			err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "f", Path: path, Location: executor.ArtifactLocation{HTTP: tt.loc}})
			if tt.wantErr == "" {
				must(t, err)
				sameTree(t, readTree(t, path), map[string]string{".": "secret file"})
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if errors.Is(err, executor.ErrArtifactNotFound) != tt.notFound {
				t.Fatalf("error %v: not found is %v, want %v", err, !tt.notFound, tt.notFound)
			}
		})
	}
}

func TestHTTPErrorsHidePasswordsInURLs(t *testing.T) {
	err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "f", Path: filepath.Join(t.TempDir(), "f"),
		Location: executor.ArtifactLocation{HTTP: &executor.HTTPLocation{URL: "http://me:hunter2@127.0.0.1:1/x"}}})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %v", err)
	}
}
