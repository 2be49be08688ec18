package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoginLinkSetsAStrictSessionCookieAndDropsTheSecret(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	resp := ui.do(request{path: "/workflows/team-a/build?login=" + ui.server.loginSecret + "&tab=yaml"})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login link answered %d, want 303", resp.StatusCode)
	}
	if got := resp.Header.Get("Location"); got != "/workflows/team-a/build?tab=yaml" {
		t.Errorf("redirected to %q, want the same page without the secret", got)
	}
	c := sessionCookieOf(resp)
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Secure {
		t.Errorf("cookie %+v, want HttpOnly, SameSite=Strict, Path=/, not Secure over HTTP", c)
	}
	if c.Value == ui.server.loginSecret {
		t.Error("the cookie holds the login secret rather than a session id")
	}
	if resp := ui.do(request{path: "/api/whoami", session: c.Value}); resp.StatusCode != http.StatusOK {
		t.Errorf("whoami with the session: %d %s", resp.StatusCode, body(t, resp))
	}
}

func TestWrongLoginSecretOpensNoSession(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	resp := ui.do(request{path: "/?login=guessed"})
	if resp.StatusCode != http.StatusUnauthorized || sessionCookieOf(resp) != nil {
		t.Fatalf("wrong secret answered %d with cookie %v, want 401 and none", resp.StatusCode, sessionCookieOf(resp))
	}
	if text := body(t, resp); !strings.Contains(text, "open the URL weft ui printed") {
		t.Errorf("answer %q does not say what to do", text)
	}
}

func TestAPIWithoutSessionIsUnauthorized(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	for _, path := range []string{"/api/whoami", "/api/k8s" + watchPath, "/api/workflows/team-a/build", "/api/artifacts/team-a/build/n/a"} {
		for _, session := range []string{"", "not-a-session"} {
			resp := ui.do(request{path: path, session: session})
			expectStatus(t, resp, http.StatusUnauthorized, "open the URL weft ui printed")
		}
	}
	if n := len(ui.api.received()); n != 0 {
		t.Errorf("the API server got %d requests without a session", n)
	}
}

func TestWhoamiIsTheKubeconfigUser(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	resp := ui.do(request{path: "/api/whoami", session: ui.login()})
	want := `{"username":"kate","groups":["weft-users"],"authMode":"kubeconfig","namespace":"team-a"}`
	if got := strings.TrimSpace(body(t, resp)); resp.StatusCode != http.StatusOK || got != want {
		t.Errorf("whoami answered %d %s, want %s", resp.StatusCode, got, want)
	}
}

func TestTokenLoginAcceptsATokenTheAPIServerKnows(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	resp := ui.tokenLogin(aliceToken)
	text := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(text, `"username":"alice"`) || !strings.Contains(text, `"authMode":"token"`) {
		t.Fatalf("login answered %d %s", resp.StatusCode, text)
	}
	c := sessionCookieOf(resp)
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.MaxAge != int((8*time.Hour).Seconds()) {
		t.Fatalf("session cookie %+v, want HttpOnly, SameSite=Strict, 8 hours", c)
	}
	if strings.Contains(c.Value, aliceToken) {
		t.Error("the cookie holds the token rather than a session id")
	}
	whoami := body(t, ui.do(request{path: "/api/whoami", session: c.Value}))
	if !strings.Contains(whoami, `"username":"alice"`) {
		t.Errorf("whoami after login: %s", whoami)
	}
	reviews := ui.api.received()
	if len(reviews) != 2 || reviews[0].Header.Get("Authorization") != "Bearer "+aliceToken {
		t.Errorf("the token was not reviewed with itself: %d requests", len(reviews))
	}
}

func TestTokenLoginRefusesATokenTheAPIServerRefuses(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	resp := ui.tokenLogin("stolen")
	if sessionCookieOf(resp) != nil {
		t.Error("a refused token got a session cookie")
	}
	expectStatus(t, resp, http.StatusUnauthorized, "does not accept this token")
	expectStatus(t, ui.tokenLogin(""), http.StatusBadRequest, "no token")
}

func TestTokenLoginNeedsTheCSRFHeader(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	resp := ui.do(request{method: http.MethodPost, path: "/api/login", body: `{"token":"` + aliceToken + `"}`})
	expectStatus(t, resp, http.StatusForbidden, "X-Weft-UI: 1")
	if len(ui.api.received()) != 0 {
		t.Error("the token was reviewed although the request lacked the CSRF header")
	}
}

func TestTokenSessionEndsAfterEightHoursAndOnLogout(t *testing.T) {
	ui := startUI(t, AuthToken, false)
	first := sessionCookieOf(ui.tokenLogin(aliceToken)).Value
	*ui.clock = ui.clock.Add(8*time.Hour - time.Second)
	if resp := ui.do(request{path: "/api/whoami", session: first}); resp.StatusCode != http.StatusOK {
		t.Fatalf("whoami before 8 hours: %d", resp.StatusCode)
	}
	*ui.clock = ui.clock.Add(time.Second)
	expectStatus(t, ui.do(request{path: "/api/whoami", session: first}), http.StatusUnauthorized, "log in again at /login")

	second := sessionCookieOf(ui.tokenLogin(aliceToken)).Value
	resp := ui.do(request{method: http.MethodPost, path: "/api/logout", session: second, headers: csrf})
	if c := sessionCookieOf(resp); resp.StatusCode != http.StatusOK || c == nil || c.MaxAge >= 0 {
		t.Fatalf("logout answered %d with cookie %v, want 200 and the cookie removed", resp.StatusCode, c)
	}
	expectStatus(t, ui.do(request{path: "/api/whoami", session: second}), http.StatusUnauthorized)
}

func TestCookiesAreSecureWithTLS(t *testing.T) {
	ui := startUI(t, AuthToken, true)
	if c := sessionCookieOf(ui.tokenLogin(aliceToken)); c == nil || !c.Secure {
		t.Errorf("session cookie %+v, want Secure when serving TLS", c)
	}
	local := startUI(t, AuthKubeconfig, true)
	if !strings.HasPrefix(local.server.URL(), "https://") {
		t.Errorf("URL %q with TLS", local.server.URL())
	}
}

func TestKubeconfigModeHasNoTokenLogin(t *testing.T) {
	ui := startUI(t, AuthKubeconfig, false)
	expectStatus(t, ui.tokenLogin(kubeconfigToken), http.StatusNotFound, "--auth kubeconfig")
}
