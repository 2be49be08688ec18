package artifact

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"golang.org/x/crypto/ssh"

	"github.com/weft-dev/weft/pkg/executor"
)

// gitRepo makes a repository with three commits: v1 (tagged v1), v2 on
// master and v3 on the branch feature. It returns its path and v1's hash.
func gitRepo(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	must(t, err)
	wt, err := repo.Worktree()
	must(t, err)
	commit := func(content string) plumbing.Hash {
		must(t, os.WriteFile(filepath.Join(dir, "version"), []byte(content), 0o644))
		_, err := wt.Add("version")
		must(t, err)
		h, err := wt.Commit(content, &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
		must(t, err)
		return h
	}
	v1 := commit("v1")
	_, err = repo.CreateTag("v1", v1, nil)
	must(t, err)
	commit("v2")
	must(t, wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("feature"), Create: true}))
	commit("v3")
	must(t, wt.Checkout(&git.CheckoutOptions{Branch: plumbing.Master}))
	return dir, v1.String()
}

func TestLoadGit(t *testing.T) {
	repo, v1 := gitRepo(t)
	tests := []struct {
		name    string
		loc     executor.GitLocation
		want    string
		wantErr string
	}{
		{name: "default branch", loc: executor.GitLocation{}, want: "v2"},
		{name: "tag", loc: executor.GitLocation{Revision: "v1"}, want: "v1"},
		{name: "commit", loc: executor.GitLocation{Revision: v1}, want: "v1"},
		{name: "branch", loc: executor.GitLocation{Revision: "feature"}, want: "v3"},
		{name: "single branch", loc: executor.GitLocation{Branch: "feature", SingleBranch: true}, want: "v3"},
		{name: "shallow at a tag", loc: executor.GitLocation{Depth: 1, Revision: "v1"}, want: "v1"},
		{name: "extra refspec", loc: executor.GitLocation{SingleBranch: true, Fetch: []string{"+refs/heads/feature:refs/remotes/origin/feature"}, Revision: "origin/feature"}, want: "v3"},
		{name: "unknown revision", loc: executor.GitLocation{Revision: "nope"}, wantErr: `revision "nope" is not a commit, tag or branch of`},
		{name: "bad refspec", loc: executor.GitLocation{Fetch: []string{"a:b:c"}}, wantErr: `refspec "a:b:c"`},
		{name: "no repository", loc: executor.GitLocation{Repo: filepath.Join(repo, "nope")}, wantErr: "cloning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.loc
			if loc.Repo == "" {
				loc.Repo = repo
			}
			path := filepath.Join(t.TempDir(), "src")
			err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "src", Path: path, Location: executor.ArtifactLocation{Git: &loc}})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			must(t, err)
			data, err := os.ReadFile(filepath.Join(path, "version"))
			must(t, err)
			if string(data) != tt.want {
				t.Fatalf("checked out %q, want %q", data, tt.want)
			}
			if _, err := os.Stat(filepath.Join(path, ".git")); err != nil {
				t.Fatalf("the clone has no .git: %v", err)
			}
		})
	}
}

func TestLoadGitSubPath(t *testing.T) {
	repo, _ := gitRepo(t)
	path := filepath.Join(t.TempDir(), "version.txt")
	err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "v", Path: path, SubPath: "version",
		Location: executor.ArtifactLocation{Git: &executor.GitLocation{Repo: repo, Revision: "v1", DisableSubmodules: true}}})
	must(t, err)
	sameTree(t, readTree(t, path), map[string]string{".": "v1"})
}

func TestGitAuthFromFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"user": "me\n", "password": "pw\n", "key": "not a key"})
	auth, err := gitAuth(&executor.GitLocation{UsernameFile: filepath.Join(dir, "user"), PasswordFile: filepath.Join(dir, "password")})
	must(t, err)
	if auth.String() != "http-basic-auth - me:*******" {
		t.Fatalf("auth %s", auth)
	}
	_, err = gitAuth(&executor.GitLocation{SSHPrivateKeyFile: filepath.Join(dir, "key")})
	if err == nil || !strings.Contains(err.Error(), "the git SSH private key in") {
		t.Fatalf("error %v", err)
	}
	if auth, err := gitAuth(&executor.GitLocation{}); err != nil || auth != nil {
		t.Fatalf("anonymous: %v %v", auth, err)
	}
}

func TestGitSSHKeyFromFile(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	must(t, err)
	block, err := ssh.MarshalPrivateKey(priv, "")
	must(t, err)
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"key": string(pem.EncodeToMemory(block)), "user": "deploy\n"})
	hostKey, err := ssh.NewPublicKey(pub)
	must(t, err)
	for _, tt := range []struct {
		name     string
		loc      executor.GitLocation
		user     string
		insecure bool
	}{
		{name: "default user", loc: executor.GitLocation{SSHPrivateKeyFile: filepath.Join(dir, "key")}, user: "git"},
		{name: "user from file, any host key", loc: executor.GitLocation{SSHPrivateKeyFile: filepath.Join(dir, "key"), UsernameFile: filepath.Join(dir, "user"), InsecureIgnoreHostKey: true}, user: "deploy", insecure: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			auth, err := gitAuth(&tt.loc)
			must(t, err)
			keys, ok := auth.(*gitssh.PublicKeys)
			if !ok || keys.User != tt.user {
				t.Fatalf("auth %#v", auth)
			}
			if tt.insecure != (keys.HostKeyCallback != nil) {
				t.Fatalf("host key callback set: %v", keys.HostKeyCallback != nil)
			}
			if tt.insecure {
				must(t, keys.HostKeyCallback("example.com:22", &net.TCPAddr{}, hostKey))
			}
		})
	}
}

func TestLoadGitOverHTTPWithBasicAuth(t *testing.T) {
	repo, v1 := gitRepo(t)
	gitBinary, err := exec.LookPath("git")
	must(t, err)
	backend := &cgi.Handler{Path: gitBinary, Args: []string{"http-backend"},
		Env: []string{"GIT_PROJECT_ROOT=" + filepath.Dir(repo), "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if user, password, ok := r.BasicAuth(); !ok || user != "me" || password != "pw" {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	defer srv.Close()
	creds := t.TempDir()
	writeTree(t, creds, map[string]string{"user": "me", "password": "pw\n", "wrong": "nope"})
	url := srv.URL + "/" + filepath.Base(repo) + "/.git"
	for _, tt := range []struct {
		name, passwordFile, wantErr string
	}{
		{name: "right password", passwordFile: "password"},
		{name: "wrong password", passwordFile: "wrong", wantErr: "authentication required"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "src")
			loc := &executor.GitLocation{Repo: url, Revision: v1, UsernameFile: filepath.Join(creds, "user"), PasswordFile: filepath.Join(creds, tt.passwordFile)}
			err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "src", Path: path, Location: executor.ArtifactLocation{Git: loc}})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			must(t, err)
			data, err := os.ReadFile(filepath.Join(path, "version"))
			must(t, err)
			if string(data) != "v1" {
				t.Fatalf("checked out %q", data)
			}
		})
	}
}

func TestLoadGitSubmodules(t *testing.T) {
	repo, _ := gitRepo(t)
	sub := t.TempDir()
	gitCmd := func(dir string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "protocol.file.allow=always"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitCmd(sub, "init", "-q")
	writeTree(t, sub, map[string]string{"lib": "library"})
	gitCmd(sub, "add", "lib")
	gitCmd(sub, "commit", "-q", "-m", "lib")
	gitCmd(repo, "submodule", "add", "-q", sub, "vendor/sub")
	gitCmd(repo, "commit", "-q", "-m", "submodule")
	for _, tt := range []struct {
		name    string
		disable bool
		want    string
	}{
		{name: "checked out", want: "library"},
		{name: "disabled", disable: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "src")
			err := Drivers{}.Load(context.Background(), executor.ArtifactSpec{Name: "src", Path: path,
				Location: executor.ArtifactLocation{Git: &executor.GitLocation{Repo: repo, DisableSubmodules: tt.disable}}})
			must(t, err)
			data, err := os.ReadFile(filepath.Join(path, "vendor", "sub", "lib"))
			if tt.want == "" {
				if err == nil {
					t.Fatal("the submodule was checked out")
				}
				return
			}
			must(t, err)
			if string(data) != tt.want {
				t.Fatalf("lib is %q", data)
			}
		})
	}
}
