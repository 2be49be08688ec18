package server

import (
	"net/http"
	"testing"
)

func TestAppRoutesServeIndexAndFilesServeThemselves(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	for path, want := range map[string]string{
		"/":                          "<!doctype html><title>Weft</title>",
		"/workflows/team-a/build":    "<!doctype html><title>Weft</title>",
		"/cron/team-a/nightly":       "<!doctype html><title>Weft</title>",
		"/app.js":                    "console.log('weft')",
		"/assets/app.js":             "console.log('weft')",
		"/../app.js":                 "console.log('weft')",
		"/templates?namespace=other": "<!doctype html><title>Weft</title>",
	} {
		resp := ui.do(request{path: path})
		if got := body(t, resp); resp.StatusCode != http.StatusOK || got != want {
			t.Errorf("GET %s = %d %q, want %q", path, resp.StatusCode, got, want)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache (file names carry no hash)", path, cc)
		}
	}
	for path, want := range map[string]string{"/": "text/html; charset=utf-8", "/app.js": "text/javascript; charset=utf-8"} {
		if got := ui.do(request{path: path}).Header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
		}
	}
}

func TestAppFilesRevalidateWithTheirETag(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	etag := ui.do(request{path: "/app.js"}).Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if resp := ui.do(request{path: "/app.js", headers: map[string]string{"If-None-Match": etag}}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation answered %d, want 304", resp.StatusCode)
	}
}

func TestAppAnswersOnlyReads(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	resp := ui.do(request{method: http.MethodPost, path: "/workflows", headers: csrf})
	expectStatus(t, resp, http.StatusMethodNotAllowed, "GET")
	if allow := resp.Header.Get("Allow"); allow != http.MethodGet {
		t.Errorf("Allow %q", allow)
	}
}
