package imageconfig

import (
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/weft-dev/weft/pkg/controller/config"
)

// testRegistry is an in-process registry that counts the requests it serves
// and, when user is set, asks for basic authentication.
type testRegistry struct {
	*httptest.Server
	user, password string

	mu       sync.Mutex
	requests map[string]int // "manifests" or "blobs"
}

func newTestRegistry(t *testing.T, user, password string) *testRegistry {
	t.Helper()
	r := &testRegistry{user: user, password: password, requests: map[string]int{}}
	inner := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r.user != "" {
			u, p, ok := req.BasicAuth()
			if !ok || u != r.user || p != r.password {
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		if req.Method == http.MethodGet {
			for _, kind := range []string{"manifests", "blobs"} {
				if strings.Contains(req.URL.Path, "/"+kind+"/") {
					r.mu.Lock()
					r.requests[kind]++
					r.mu.Unlock()
				}
			}
		}
		inner.ServeHTTP(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *testRegistry) host() string { return strings.TrimPrefix(r.URL, "http://") }

func (r *testRegistry) count(kind string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[kind]
}

// push writes an image with the given entrypoint and cmd under each tag of
// repository and returns its digest.
func (r *testRegistry) push(t *testing.T, repository string, entrypoint, cmd []string, tags ...string) string {
	t.Helper()
	base, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.Config(base, v1.Config{Entrypoint: entrypoint, Cmd: cmd})
	if err != nil {
		t.Fatal(err)
	}
	var opts []remote.Option
	if r.user != "" {
		opts = append(opts, remote.WithAuth(&basicAuth{r.user, r.password}))
	}
	for _, tag := range tags {
		ref, err := name.NewTag(r.host()+"/"+repository+":"+tag, name.Insecure)
		if err != nil {
			t.Fatal(err)
		}
		if err := remote.Write(ref, img, opts...); err != nil {
			t.Fatal(err)
		}
	}
	digest, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return digest.String()
}

type basicAuth struct{ user, password string }

func (b *basicAuth) Authorization() (*authn.AuthConfig, error) {
	return &authn.AuthConfig{Username: b.user, Password: b.password}, nil
}

// notifications collects the waiters a Resolver tells.
type notifications chan string

func (n notifications) notify(waiter string) { n <- waiter }

// lookupAndWait looks an image up, waits for the read it starts and looks
// it up again.
func lookupAndWait(t *testing.T, r *Resolver, n notifications, req Request) (Config, error) {
	t.Helper()
	if c, ok, err := r.Lookup(req, "wf"); ok || err != nil {
		t.Fatalf("first Lookup(%s) = %v, %v, %v; want a read started", req.Image, c, ok, err)
	}
	if waiter := <-n; waiter != "wf" {
		t.Fatalf("notified %q, want wf", waiter)
	}
	c, ok, err := r.Lookup(req, "wf")
	if !ok && err == nil {
		t.Fatalf("Lookup(%s) after the read: not known yet", req.Image)
	}
	return c, err
}

func newResolver(t *testing.T, settings *config.Controller, opts Options, objects ...runtime.Object) (*Resolver, notifications) {
	t.Helper()
	n := make(notifications, 16)
	r, err := New(t.Context(), fake.NewClientset(objects...), settings, n.notify, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r, n
}

func TestLookupReadsEntrypointAndCmd(t *testing.T) {
	reg := newTestRegistry(t, "", "")
	reg.push(t, "argoproj/argosay", []string{"/argosay"}, nil, "v2")
	reg.push(t, "busybox", nil, []string{"sh"}, "1.35")
	r, n := newResolver(t, &config.Controller{}, Options{})

	c, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: reg.host() + "/argoproj/argosay:v2"})
	if err != nil || !slices.Equal(c.Entrypoint, []string{"/argosay"}) || c.Cmd != nil {
		t.Errorf("argosay: %+v, %v; want entrypoint [/argosay] and no cmd", c, err)
	}
	c, err = lookupAndWait(t, r, n, Request{Namespace: "ns", Image: reg.host() + "/busybox:1.35"})
	if err != nil || c.Entrypoint != nil || !slices.Equal(c.Cmd, []string{"sh"}) {
		t.Errorf("busybox: %+v, %v; want cmd [sh] and no entrypoint", c, err)
	}
}

func TestLookupCachesByDigestAndTag(t *testing.T) {
	reg := newTestRegistry(t, "", "")
	reg.push(t, "tool", []string{"/tool"}, nil, "v1", "latest")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r, n := newResolver(t, &config.Controller{}, Options{TagTTL: time.Minute, Now: func() time.Time { return now }})

	if _, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: reg.host() + "/tool:v1"}); err != nil {
		t.Fatal(err)
	}
	blobs := reg.count("blobs")
	// Another tag of the same digest: its manifest is read, its config is not.
	if _, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: reg.host() + "/tool:latest"}); err != nil {
		t.Fatal(err)
	}
	if got := reg.count("blobs"); got != blobs {
		t.Errorf("config blobs read = %d after a second tag of the same digest, want %d", got, blobs)
	}
	// Within the TTL a tag is not read again.
	manifests := reg.count("manifests")
	if _, ok, err := r.Lookup(Request{Namespace: "ns", Image: reg.host() + "/tool:v1"}, "wf"); !ok || err != nil {
		t.Fatalf("Lookup within the TTL: ok=%v err=%v, want known", ok, err)
	}
	if got := reg.count("manifests"); got != manifests {
		t.Errorf("manifests read = %d within the TTL, want %d", got, manifests)
	}
	// After it, the tag is read again.
	now = now.Add(2 * time.Minute)
	if _, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: reg.host() + "/tool:v1"}); err != nil {
		t.Fatal(err)
	}
	if got := reg.count("manifests"); got != manifests+1 {
		t.Errorf("manifests read = %d after the TTL, want %d", got, manifests+1)
	}
}

func TestLookupOverridesComeFirst(t *testing.T) {
	settings := &config.Controller{Images: map[string]config.Image{
		"argoproj/argosay:v2": {Cmd: []string{"/argosay"}},
	}}
	r, _ := newResolver(t, settings, Options{})
	for _, image := range []string{"argoproj/argosay:v2", "docker.io/argoproj/argosay:v2", "index.docker.io/argoproj/argosay:v2"} {
		c, ok, err := r.Lookup(Request{Namespace: "ns", Image: image}, "wf")
		if !ok || err != nil || !slices.Equal(c.Cmd, []string{"/argosay"}) {
			t.Errorf("Lookup(%s) = %+v, %v, %v; want the configured cmd at once", image, c, ok, err)
		}
	}
}

func TestLookupReadsThroughMirror(t *testing.T) {
	reg := newTestRegistry(t, "", "")
	reg.push(t, "library/busybox", nil, []string{"sh"}, "latest")
	settings := &config.Controller{RegistryMirrors: map[string]string{"docker.io": "http://" + reg.host()}}
	r, n := newResolver(t, settings, Options{})
	c, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: "busybox"})
	if err != nil || !slices.Equal(c.Cmd, []string{"sh"}) {
		t.Errorf("busybox through the docker.io mirror: %+v, %v", c, err)
	}
}

func TestLookupNotFound(t *testing.T) {
	reg := newTestRegistry(t, "", "")
	r, n := newResolver(t, &config.Controller{}, Options{})
	image := reg.host() + "/no/such-image:1"
	_, err := lookupAndWait(t, r, n, Request{Namespace: "ns", Image: image})
	if err == nil || !strings.Contains(err.Error(), image) || !strings.Contains(err.Error(), "not found") {
		t.Errorf("err = %v; want one saying %s was not found", err, image)
	}
	// The failure is remembered: no second read starts.
	if _, ok, again := r.Lookup(Request{Namespace: "ns", Image: image}, "wf"); ok || again == nil {
		t.Errorf("second Lookup: ok=%v err=%v; want the remembered failure", ok, again)
	}
}

func TestLookupRegistryDown(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	listener.Close()
	r, n := newResolver(t, &config.Controller{}, Options{RetryDelays: []time.Duration{time.Millisecond}})
	_, err = lookupAndWait(t, r, n, Request{Namespace: "ns", Image: address + "/tool:v1"})
	if err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Errorf("err = %v; want one saying the registry did not answer", err)
	}
}

func dockerConfigSecret(namespace, name, registryHost, user, password string) *corev1.Secret {
	auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name},
		Type:       corev1.SecretTypeDockerConfigJson,
		Data: map[string][]byte{corev1.DockerConfigJsonKey: fmt.Appendf(nil,
			`{"auths":{"http://%s":{"auth":%q}}}`, registryHost, auth)},
	}
}

func TestLookupAuthenticatesWithPullSecrets(t *testing.T) {
	reg := newTestRegistry(t, "robot", "s3cret")
	reg.push(t, "private/tool", []string{"/tool"}, nil, "v1")
	image := reg.host() + "/private/tool:v1"
	secret := dockerConfigSecret("team", "regcred", reg.host(), "robot", "s3cret")
	withAccount := dockerConfigSecret("other", "sa-cred", reg.host(), "robot", "s3cret")
	account := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: "other", Name: "builder"},
		ImagePullSecrets: []corev1.LocalObjectReference{{Name: "sa-cred"}}}
	r, n := newResolver(t, &config.Controller{}, Options{}, secret, withAccount, account)

	if _, err := lookupAndWait(t, r, n, Request{Namespace: "anonymous", Image: image}); err == nil || !strings.Contains(err.Error(), "refused access") {
		t.Errorf("without credentials: err = %v, want refused access", err)
	}
	c, err := lookupAndWait(t, r, n, Request{Namespace: "team", Image: image, PullSecrets: []string{"missing", "regcred"}})
	if err != nil || !slices.Equal(c.Entrypoint, []string{"/tool"}) {
		t.Errorf("with the pod's imagePullSecrets: %+v, %v", c, err)
	}
	c, err = lookupAndWait(t, r, n, Request{Namespace: "other", Image: image, ServiceAccountName: "builder"})
	if err != nil || !slices.Equal(c.Entrypoint, []string{"/tool"}) {
		t.Errorf("with the service account's imagePullSecrets: %+v, %v", c, err)
	}
}

func TestNewRefusesBadSettings(t *testing.T) {
	for _, settings := range []*config.Controller{
		{RegistryMirrors: map[string]string{"docker.io": "10.88.0.1:5000"}},
		{RegistryMirrors: map[string]string{"docker.io": "ftp://mirror"}},
		{Images: map[string]config.Image{"UPPER/Case": {Cmd: []string{"x"}}}},
	} {
		if _, err := New(t.Context(), fake.NewClientset(), settings, func(string) {}, Options{}); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", settings)
		}
	}
}
