package commands

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

func TestLogsRequest(t *testing.T) {
	var got *url.URL
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL
		fmt.Fprint(w, "pod-a: hello\npod-b: world\n")
	}))
	defer srv.Close()
	client, err := versioned.NewForConfig(&rest.Config{Host: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	h.real = client
	r := h.run("logs", "wf", "wf-main-123", "-n", "ns", "-f", "-c", "init", "--since", "90s", "--tail", "5",
		"--grep", "err|warn", "--timestamps", "--node-id", "wf-123", "--limit-bytes", "1024")
	if r.code != 0 {
		t.Fatal(r.err)
	}
	if r.stdout != "pod-a: hello\npod-b: world\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if got.Path != "/apis/weft.dev/v1alpha1/namespaces/ns/workflows/wf/log" {
		t.Errorf("path %s", got.Path)
	}
	want := url.Values{
		"podName": {"wf-main-123"}, "container": {"init"}, "follow": {"true"}, "sinceSeconds": {"90"}, "tailLines": {"5"},
		"grep": {"err|warn"}, "timestamps": {"true"}, "nodeId": {"wf-123"}, "limitBytes": {"1024"},
	}
	for k, v := range want {
		if got.Query().Get(k) != v[0] {
			t.Errorf("query %s = %q, want %q (query %s)", k, got.Query().Get(k), v[0], got.RawQuery)
		}
	}

	r = h.run("logs", "wf", "--since-time", "2026-11-25T12:00:00Z")
	if r.code != 0 || got.Query().Get("sinceTime") != "2026-11-25T12:00:00Z" || got.Query().Has("tailLines") {
		t.Errorf("--since-time: %v, query %s", r.err, got.RawQuery)
	}
}

func TestLogsWithoutSubresource(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","code":404}`)
	}))
	defer srv.Close()
	client, err := versioned.NewForConfig(&rest.Config{Host: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	h.real = client
	r := h.run("logs", "wf")
	if r.code != ExitFailure || r.err == nil || !strings.Contains(r.err.Error(), "does not serve workflows/log") {
		t.Errorf("logs from a server without workflows/log: %d %v", r.code, r.err)
	}
}
