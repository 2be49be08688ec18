package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// indexPage is the app's page, served for every route of the app.
const indexPage = "index.html"

// assetsPrefix is an optional prefix of the app's files in URLs.
const assetsPrefix = "/assets/"

// asset is one file of the app, read once at start.
type asset struct {
	name    string
	content []byte
	// etag is a digest of content: the file names carry no hash, so
	// browsers revalidate every file and get 304 while it is unchanged.
	etag string
}

// app is the built web app, by path.
type app struct {
	files map[string]*asset
}

// newApp reads the files of the built app.
func newApp(dist fs.FS) (*app, error) {
	a := &app{files: map[string]*asset{}}
	err := fs.WalkDir(dist, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := fs.ReadFile(dist, name)
		if err != nil {
			return err
		}
		digest := sha256.Sum256(content)
		a.files[name] = &asset{name: name, content: content, etag: `"` + hex.EncodeToString(digest[:16]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the web app: %w", err)
	}
	if a.files[indexPage] == nil {
		return nil, fmt.Errorf("the web app has no %s: build it with npm run build in web/", indexPage)
	}
	return a, nil
}

// file is the app's file at the URL path p, or index.html for the app's
// own routes (/workflows/NS/NAME and the like), which only it knows.
func (a *app) file(p string) *asset {
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if f := a.files[name]; f != nil {
		return f
	}
	if rest, ok := strings.CutPrefix("/"+name, assetsPrefix); ok {
		if f := a.files[rest]; f != nil {
			return f
		}
	}
	return a.files[indexPage]
}

// serveApp answers a request outside /api/: the app's files, the login
// link in kubeconfig mode.
func (s *Server) serveApp(w http.ResponseWriter, r *http.Request) {
	if !safeMethod(r.Method) {
		refuseMethod(w, r, http.MethodGet)
		return
	}
	if s.mode == AuthKubeconfig && r.URL.Query().Has(loginParameter) {
		s.localLogin(w, r)
		return
	}
	f := s.app.file(r.URL.Path)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.content))
}
