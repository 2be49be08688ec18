package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// Tokens the fake API server knows.
const (
	kubeconfigToken = "kubeconfig-user-token"
	serverToken     = "server-own-token"
	aliceToken      = "alice-token"
)

// testAssets is a built app of two files.
var testAssets = fstest.MapFS{
	"index.html": {Data: []byte("<!doctype html><title>Weft</title>")},
	"app.js":     {Data: []byte("console.log('weft')")},
}

// testUI is a weft ui server on a loopback port before a fake API server.
type testUI struct {
	t      *testing.T
	server *Server
	url    string
	api    *fakeAPIServer
	clock  *time.Time
}

// startUI starts a weft ui in mode. In kubeconfig mode the kubeconfig's
// user is "kate" (kubeconfigToken); in token mode the server's own token
// (serverToken) is known to the API server too, so that using it would
// succeed and show.
func startUI(t *testing.T, mode AuthMode, tls bool) *testUI {
	t.Helper()
	api := newFakeAPIServer(t, map[string]string{kubeconfigToken: "kate", serverToken: "weft-ui-sa", aliceToken: "alice"})
	token := kubeconfigToken
	if mode == AuthToken {
		token = serverToken
	}
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ui := &testUI{t: t, api: api, clock: &clock}
	var handler http.Handler
	listener := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	server, err := New(Options{
		Auth:      mode,
		Config:    &rest.Config{Host: api.URL, BearerToken: token},
		Namespace: "team-a",
		Address:   listener.Listener.Addr().String(),
		TLS:       tls,
		Assets:    testAssets,
		Endpoints: endpointsEcho,
		Now:       func() time.Time { return *ui.clock },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	handler = server
	listener.Start()
	t.Cleanup(listener.Close)
	ui.server, ui.url = server, listener.URL
	return ui
}

// endpointsEcho stands for Weft's endpoints: it answers with the bearer
// token of the clients it is given for the request.
func endpointsEcho(forRequest uiclient.ForRequest) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clients, err := forRequest(r)
		if err != nil {
			respond.Error(w, err)
			return
		}
		respond.JSON(w, http.StatusOK, map[string]string{"path": r.URL.Path, "token": clients.Config.BearerToken})
	})
}

// request is a request to the UI, with the session cookie when not empty.
type request struct {
	method, path, body, session, host string
	headers                           map[string]string
}

// do sends req without following redirects.
func (u *testUI) do(req request) *http.Response {
	u.t.Helper()
	method := req.method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequest(method, u.url+req.path, strings.NewReader(req.body))
	if err != nil {
		u.t.Fatal(err)
	}
	if req.host != "" {
		r.Host = req.host
	}
	if req.session != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: req.session})
	}
	for k, v := range req.headers {
		r.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(r)
	if err != nil {
		u.t.Fatalf("%s %s: %v", method, req.path, err)
	}
	u.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// login opens the login link of kubeconfig mode and returns the session.
func (u *testUI) login() string {
	u.t.Helper()
	resp := u.do(request{path: "/?login=" + u.server.loginSecret})
	c := sessionCookieOf(resp)
	if resp.StatusCode != http.StatusSeeOther || c == nil {
		u.t.Fatalf("login link: %d, cookie %v", resp.StatusCode, c)
	}
	return c.Value
}

// tokenLogin logs in with token in token mode.
func (u *testUI) tokenLogin(token string) *http.Response {
	u.t.Helper()
	return u.do(request{method: http.MethodPost, path: "/api/login", body: `{"token":"` + token + `"}`, headers: csrf})
}

// csrf is the header the app sends with every request that is not a GET.
var csrf = map[string]string{"X-Weft-UI": "1"}

// sessionCookieOf is the session cookie resp sets, if it sets one.
func sessionCookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			return c
		}
	}
	return nil
}

// body is resp's body.
func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// expectStatus checks that resp is a Kubernetes Status with code and a
// message that contains each of words, and returns the message.
func expectStatus(t *testing.T, resp *http.Response, code int, words ...string) string {
	t.Helper()
	text := body(t, resp)
	var status metav1.Status
	if err := json.Unmarshal([]byte(text), &status); err != nil {
		t.Fatalf("answer %q is not JSON: %v", text, err)
	}
	if resp.StatusCode != code || status.Kind != "Status" || status.APIVersion != "v1" || int(status.Code) != code || status.Status != metav1.StatusFailure {
		t.Fatalf("answer %d %q, want a Status with code %d", resp.StatusCode, text, code)
	}
	for _, w := range words {
		if !strings.Contains(status.Message, w) {
			t.Errorf("message %q does not say %q", status.Message, w)
		}
	}
	return status.Message
}
