package server

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestHostHeaderMustNameTheServer(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	session := ui.login()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ui.url, "http://"))
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.2:" + port, "localhost:1"} {
		for _, path := range []string{"/api/whoami", "/", "/?login=" + ui.server.loginSecret} {
			expectStatus(t, ui.do(request{path: path, session: session, host: host}), http.StatusForbidden, host)
		}
	}
	for _, host := range []string{"localhost:" + port, "LOCALHOST:" + port, "127.0.0.1:" + port, "[::1]:" + port} {
		if resp := ui.do(request{path: "/api/whoami", session: session, host: host}); resp.StatusCode != http.StatusOK {
			t.Errorf("Host %s answered %d, want 200", host, resp.StatusCode)
		}
	}
}

func TestTokenModeAnswersAnyHost(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	if resp := ui.do(request{path: "/login", host: "weft-ui.weft-system.svc:2746"}); resp.StatusCode != http.StatusOK {
		t.Errorf("the login page through a Service's name answered %d", resp.StatusCode)
	}
}

func TestRequestsThatChangeNeedTheCSRFHeader(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	session := ui.login()
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		resp := ui.do(request{method: method, path: "/api/workflows/team-a/build/suspend", session: session})
		expectStatus(t, resp, http.StatusForbidden, "X-Weft-UI: 1")
		resp = ui.do(request{method: method, path: "/api/workflows/team-a/build/suspend", session: session, headers: map[string]string{"X-Weft-UI": "yes"}})
		expectStatus(t, resp, http.StatusForbidden, "X-Weft-UI: 1")
	}
	resp := ui.do(request{method: http.MethodPost, path: "/api/workflows/team-a/build/suspend", session: session, headers: csrf})
	if text := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(text, "/api/workflows/team-a/build/suspend") {
		t.Errorf("with the header: %d %s, want Weft's endpoints to answer", resp.StatusCode, text)
	}
}

func TestEndpointsGetTheClientsOfTheSessionsUser(t *testing.T) {
	local := startUI(t, AuthKubeconfig, false)
	for _, path := range []string{"/api/workflows/team-a/build", "/api/submit/team-a", "/api/cronworkflows/team-a/nightly/next", "/api/artifacts/team-a/build/n/out"} {
		text := body(t, local.do(request{path: path, session: local.login()}))
		if !strings.Contains(text, `"token":"`+kubeconfigToken+`"`) {
			t.Errorf("%s: endpoints got %s, want the kubeconfig's credentials", path, text)
		}
	}
	ui := startUI(t, AuthToken, false)
	session := sessionCookieOf(ui.tokenLogin(aliceToken)).Value
	if text := body(t, ui.do(request{path: "/api/workflows/team-a/build", session: session})); !strings.Contains(text, `"token":"`+aliceToken+`"`) {
		t.Errorf("endpoints got %s, want alice's token", text)
	}
	expectStatus(t, ui.do(request{path: "/api/nothing", session: session}), http.StatusNotFound, "/api/whoami")
}

func TestEveryAnswerForbidsRemoteOrigins(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	session := ui.login()
	for _, req := range []request{{path: "/"}, {path: "/app.js"}, {path: "/api/whoami"}, {path: "/api/whoami", session: session}, {path: "/api/k8s/api/v1/secrets", session: session}} {
		csp := ui.do(req).Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", req.path, csp, want)
			}
		}
		if strings.Contains(csp, "http") || strings.Contains(csp, "*") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: Content-Security-Policy %q allows more than the server's own origin", req.path, csp)
		}
	}
}

func TestURLIsWhereABrowserStarts(t *testing.T) {
	for _, c := range []struct {
		auth    AuthMode
		address string
		tls     bool
		want    string
	}{
		{AuthKubeconfig, "127.0.0.1:2746", false, "http://127.0.0.1:2746/?login="},
		{AuthKubeconfig, "0.0.0.0:2746", false, "http://127.0.0.1:2746/?login="},
		{AuthKubeconfig, "[::]:2746", true, "https://127.0.0.1:2746/?login="},
		{AuthToken, "0.0.0.0:2746", false, "http://127.0.0.1:2746/login"},
	} {
		s := &Server{mode: c.auth, address: c.address, tls: c.tls, loginSecret: "s3cret"}
		got := s.URL()
		if !strings.HasPrefix(got, c.want) || (c.auth == AuthKubeconfig) != strings.HasSuffix(got, "s3cret") {
			t.Errorf("URL of %s on %s = %q, want %s...", c.auth, c.address, got, c.want)
		}
	}
}
