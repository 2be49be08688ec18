package server

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestProxyForwardsTheAllowedPathsWithTheirQuery(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	session := ui.login()
	for _, path := range []string{
		"/apis/weft.dev/v1alpha1/workflows?labelSelector=a%3Db",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflows?fieldSelector=metadata.name%3Dx&resourceVersion=7",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflows/build",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflows/build/log?podName=build-1&container=main&follow=true",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflowtemplates/t",
		"/apis/weft.dev/v1alpha1/clusterworkflowtemplates",
		"/apis/weft.dev/v1alpha1/clusterworkflowtemplates/c",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/cronworkflows/nightly",
		"/api/v1/namespaces",
		"/api/v1/namespaces/team-a",
		"/api/v1/namespaces/team-a/events?fieldSelector=involvedObject.name%3Dbuild-1",
		"/api/v1/namespaces/team-a/pods/build-1",
	} {
		resp := ui.do(request{path: "/api/k8s" + path, session: session})
		apiPath, query, _ := strings.Cut(path, "?")
		text := body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(text, `"path":"`+apiPath+`"`) || !strings.Contains(text, `"query":"`+query+`"`) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, text)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

func TestProxyRefusesOtherPaths(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	session := ui.login()
	for _, path := range []string{
		"/api/v1/secrets",
		"/api/v1/namespaces/team-a/secrets/repo",
		"/api/v1/namespaces/team-a/pods",
		"/api/v1/namespaces/team-a/pods/build-1/log",
		"/api/v1/namespaces/team-a/pods/build-1/exec?command=sh",
		"/api/v1/namespaces/team-a/events/e1",
		"/api/v1/nodes",
		"/apis/apps/v1/deployments",
		"/apis/weft.dev/v1alpha1",
		"/apis/weft.dev/v1alpha1/namespaces/team-a",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflows/build/status",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/cronworkflows/nightly/log",
		"/apis/weft.dev/v1alpha1/namespaces/team-a/workflows/../../../../api/v1/secrets",
		"/api/v1/namespaces/team-a/pods/..%2Fsecrets",
		"/api/v1/namespaces//pods/x",
		"/version",
		"",
	} {
		resp := ui.do(request{path: "/api/k8s" + path, session: session})
		expectStatus(t, resp, http.StatusForbidden, "it forwards GET requests of", "/api/v1/namespaces/NS/pods/NAME")
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		resp := ui.do(request{method: method, path: "/api/k8s/apis/weft.dev/v1alpha1/namespaces/team-a/workflows/build", session: session, headers: csrf})
		expectStatus(t, resp, http.StatusMethodNotAllowed, "only GET", method)
		if allow := resp.Header.Get("Allow"); allow != http.MethodGet {
			t.Errorf("%s: Allow %q, want GET", method, allow)
		}
	}
	if n := len(ui.api.received()); n != 0 {
		t.Errorf("the API server got %d refused requests", n)
	}
}

func TestProxySendsTheKubeconfigUsersCredentialsOnly(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	ui.do(request{path: "/api/k8s/api/v1/namespaces", session: ui.login(), headers: map[string]string{
		"Authorization":    "Bearer " + aliceToken,
		"Impersonate-User": "system:admin",
		"Accept":           "application/json;as=Table;v=v1;g=meta.k8s.io",
	}})
	got := ui.api.received()
	if len(got) != 1 {
		t.Fatalf("the API server got %d requests, want 1", len(got))
	}
	h := got[0].Header
	if h.Get("Authorization") != "Bearer "+kubeconfigToken {
		t.Errorf("Authorization %q, want the kubeconfig's", h.Get("Authorization"))
	}
	if h.Get("Cookie") != "" || h.Get("Impersonate-User") != "" {
		t.Errorf("the browser's Cookie %q or Impersonate-User %q reached the API server", h.Get("Cookie"), h.Get("Impersonate-User"))
	}
	if h.Get("Accept") != "application/json;as=Table;v=v1;g=meta.k8s.io" {
		t.Errorf("Accept %q, want the browser's", h.Get("Accept"))
	}
}

func TestTokenModeNeverSendsTheServersOwnCredentials(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	session := sessionCookieOf(ui.tokenLogin(aliceToken)).Value
	ui.do(request{path: "/api/k8s/api/v1/namespaces", session: session})
	ui.do(request{path: "/api/whoami", session: session})
	got := ui.api.received()
	if len(got) != 3 {
		t.Fatalf("the API server got %d requests, want the review, the proxied GET and whoami", len(got))
	}
	for _, r := range got {
		if auth := r.Header.Get("Authorization"); auth != "Bearer "+aliceToken {
			t.Errorf("%s %s carried %q, want alice's token", r.Method, r.URL.Path, auth)
		}
	}
}

func TestProxyFlushesAWatchAsItComes(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ui.url+"/api/k8s"+watchPath+"?watch=1", nil)
	req.AddCookie(&http.Cookie{Name: cookieName, Value: ui.login()})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || !strings.Contains(lines.Text(), `"first"`) {
		t.Fatalf("first event %q (%v): not received while the watch is open", lines.Text(), lines.Err())
	}
	ui.api.release()
	if !lines.Scan() || !strings.Contains(lines.Text(), `"second"`) {
		t.Fatalf("second event %q (%v)", lines.Text(), lines.Err())
	}
}
