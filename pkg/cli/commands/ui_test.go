package commands

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
)

func TestUIRefusesUnknownAuthAndHalfTLS(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"ui", "--auth", "ldap", "--no-open"},
		{"ui", "--tls-cert-file", "tls.crt", "--no-open"},
		{"ui", "--tls-key-file", "tls.key", "--no-open"},
	} {
		if r := h.run(args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d (%v), want %d", args, r.code, r.err, ExitUsage)
		}
	}
}

// TestUIServesTheKubeconfigUserUntilInterrupted runs weft ui on a free
// port before a fake API server, logs in with the URL it prints, asks who
// the user is, and stops it as Ctrl-C does.
func TestUIServesTheKubeconfigUserUntilInterrupted(t *testing.T) {
	api := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer kate-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprint(w, `{"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1","status":{"userInfo":{"username":"kate"}}}`)
	}))
	defer api.Close()
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	config := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: %q, insecure-skip-tls-verify: true}
users:
- name: kate
  user: {token: kate-token}
contexts:
- name: test
  context: {cluster: test, user: kate, namespace: team-a}
current-context: test
`, api.URL)
	if err := os.WriteFile(kubeconfig, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &kubeconfig
	stdout, printed := io.Pipe()
	var stderr bytes.Buffer
	env := &Env{Name: "weft", Version: "v9.9.9", Config: flags, IO: genericiooptions.IOStreams{In: strings.NewReader(""), Out: printed, ErrOut: &stderr}}
	root := NewRoot(env)
	root.SetArgs([]string{"ui", "--no-open", "--address", "127.0.0.1:0"})
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()

	url := ""
	lines := bufio.NewScanner(stdout)
	for url == "" && lines.Scan() {
		if line := strings.TrimSpace(lines.Text()); strings.HasPrefix(line, "http://127.0.0.1:") {
			url = line
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if !strings.Contains(url, "/?login=") {
		t.Fatalf("weft ui printed no login URL (%v); stderr %q", lines.Err(), stderr.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
		t.Fatalf("login URL answered %d with cookies %v", resp.StatusCode, resp.Cookies())
	}
	whoami, _ := http.NewRequest(http.MethodGet, strings.Split(url, "?")[0]+"api/whoami", nil)
	whoami.AddCookie(resp.Cookies()[0])
	resp, err = client.Do(whoami)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"username":"kate","groups":[],"authMode":"kubeconfig","namespace":"team-a"}`; strings.TrimSpace(string(answer)) != want {
		t.Errorf("whoami answered %d %s, want %s", resp.StatusCode, answer, want)
	}

	interrupt()
	if err := <-done; err != nil {
		t.Errorf("weft ui ended with %v after the interrupt, want a clean stop", err)
	}
	if !strings.Contains(stderr.String(), "weft ui stopped") {
		t.Errorf("stderr %q does not say weft ui stopped", stderr.String())
	}
}
