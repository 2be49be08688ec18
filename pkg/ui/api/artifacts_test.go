package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// The object the tests' artifact is stored in, and its keys.
const (
	testBucket    = "my-bucket"
	testKey       = "artifacts/loops-x7k2p/loops-print-1/main.tgz"
	testAccessKey = "admin"
	testSecretKey = "password"
	testContent   = "the artifact's bytes"
)

// withArtifact is a finished workflow whose node "loops-print" saved the
// output artifact "main" at endpoint, with the keys of Secret my-minio-cred.
func withArtifact(endpoint string) *v1alpha1.Workflow {
	wf := workflow("loops", v1alpha1.WorkflowSucceeded)
	insecure := true
	selector := func(key string) *corev1.SecretKeySelector {
		return &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "my-minio-cred"}, Key: key}
	}
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"loops-print": {ID: "loops-print", Name: "loops[0].print", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeSucceeded, Outputs: &v1alpha1.Outputs{
			Artifacts: []v1alpha1.Artifact{{Name: "main", Path: "/tmp/out", ArtifactLocation: v1alpha1.ArtifactLocation{S3: &v1alpha1.S3Artifact{
				S3Bucket: v1alpha1.S3Bucket{Endpoint: endpoint, Bucket: testBucket, Insecure: &insecure,
					AccessKeySecret: selector("accesskey"), SecretKeySecret: selector("secretkey")},
				Key: testKey,
			}}}},
		}},
	}
	return wf
}

// minioSecret holds the keys, with the line end kubectl create secret
// --from-file leaves.
func minioSecret() *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "my-minio-cred", Namespace: testNS},
		Data:       map[string][]byte{"accesskey": []byte(testAccessKey + "\n"), "secretkey": []byte(testSecretKey + "\n")},
	}
}

// s3StandIn answers S3's GET object for the tests' object when the request
// is signed with the tests' access key, and NoSuchKey for other keys.
func s3StandIn(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Authorization"), "Credential="+testAccessKey+"/") {
			http.Error(w, "<Error><Code>AccessDenied</Code></Error>", http.StatusForbidden)
			return
		}
		if r.URL.Query().Has("location") {
			_, _ = w.Write([]byte(`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>`))
			return
		}
		if r.URL.Path != "/"+testBucket+"/"+testKey {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`))
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Last-Modified", "Wed, 25 Nov 2026 11:00:00 GMT")
		w.Header().Set("ETag", `"abc"`)
		_, _ = w.Write([]byte(testContent))
	}))
}

func TestArtifactDownloadFromTheStore(t *testing.T) {
	store := s3StandIn(t)
	defer store.Close()
	endpoint := strings.TrimPrefix(store.URL, "http://")
	f := newFixture(t, []runtime.Object{withArtifact(endpoint)}, minioSecret())
	rec := f.do(http.MethodGet, "/api/artifacts/team-a/loops/loops-print/main", "")
	if rec.Code != http.StatusOK || rec.Body.String() != testContent {
		t.Fatalf("download: %d %q", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Disposition"); got != "attachment; filename=main.tgz" {
		t.Errorf("Content-Disposition %q", got)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/gzip" {
		t.Errorf("Content-Type %q", got)
	}
	if calls := strings.Join(f.calls(), ", "); calls != "get workflows, get secrets" {
		t.Errorf("download made %s", calls)
	}
}

func TestArtifactDownloadRefusals(t *testing.T) {
	store := s3StandIn(t)
	defer store.Close()
	endpoint := strings.TrimPrefix(store.URL, "http://")
	missingKey := withArtifact(endpoint)
	missingKey.Name = "gone"
	missingKey.Status.Nodes["loops-print"].Outputs.Artifacts[0].S3.Key = "artifacts/elsewhere.tgz"
	f := newFixture(t, []runtime.Object{withArtifact(endpoint), missingKey}, minioSecret())
	cases := []struct {
		path    string
		code    int
		message string
	}{
		{"/api/artifacts/team-a/loops/loops-print/logs", http.StatusNotFound, "node loops-print of workflow team-a/loops has no output artifact logs: it has main"},
		{"/api/artifacts/team-a/loops/loops-other/main", http.StatusNotFound, "workflow team-a/loops has no node loops-other"},
		{"/api/artifacts/team-a/gone/loops-print/main", http.StatusNotFound, "has no object s3://my-bucket/artifacts/elsewhere.tgz"},
	}
	for _, c := range cases {
		rec := f.do(http.MethodGet, c.path, "")
		if s := statusIn(t, rec); rec.Code != c.code || !strings.Contains(s.Message, c.message) {
			t.Errorf("GET %s: %d %q, want %d %q", c.path, rec.Code, s.Message, c.code, c.message)
		}
	}
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "secrets"}, "my-minio-cred", nil)
	forbidden.ErrStatus.Message = `secrets "my-minio-cred" is forbidden: User "viewer" cannot get resource "secrets" in API group "" in the namespace "team-a"`
	f.kube.PrependReactor("get", "secrets", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, forbidden })
	rec := f.do(http.MethodGet, "/api/artifacts/team-a/loops/loops-print/main", "")
	if s := statusIn(t, rec); rec.Code != http.StatusForbidden || s.Message != forbidden.ErrStatus.Message {
		t.Errorf("download without the right to read the secret: %d %q", rec.Code, s.Message)
	}
}

// apiServerProxy stands in for the API server's service proxy to the
// service minio:9000 of team-a: it wants the user's token, and answers the
// object when the query carries its signature version 2 by the tests' keys.
func apiServerProxy(t *testing.T, refuse *metav1.Status) *httptest.Server {
	prefix := "/api/v1/namespaces/team-a/services/minio:9000/proxy"
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(int(refuse.Code))
			_ = json.NewEncoder(w).Encode(refuse)
			return
		}
		if r.Header.Get("Authorization") != "Bearer user-token" || !strings.HasPrefix(r.URL.Path, prefix+"/") {
			t.Errorf("the proxy got %s %s with Authorization %q", r.Method, r.URL, r.Header.Get("Authorization"))
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		resource := strings.TrimPrefix(r.URL.EscapedPath(), prefix)
		q := r.URL.Query()
		mac := hmac.New(sha1.New, []byte(testSecretKey))
		mac.Write([]byte("GET\n\n\n" + q.Get("Expires") + "\n" + resource))
		if q.Get("AWSAccessKeyId") != testAccessKey || q.Get("Signature") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			t.Errorf("the object's address %s is not signed for %s by the tests' keys", r.URL, resource)
			http.Error(w, "<Error><Code>SignatureDoesNotMatch</Code></Error>", http.StatusForbidden)
			return
		}
		if resource != "/"+testBucket+"/"+testKey {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`))
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		_, _ = w.Write([]byte(testContent))
	}))
}

func TestArtifactDownloadThroughTheServiceProxy(t *testing.T) {
	proxy := apiServerProxy(t, nil)
	defer proxy.Close()
	f := newFixture(t, []runtime.Object{withArtifact("minio:9000")}, minioSecret())
	f.config.Host, f.config.BearerToken = proxy.URL, "user-token"
	rec := f.do(http.MethodGet, "/api/artifacts/team-a/loops/loops-print/main", "")
	if rec.Code != http.StatusOK || rec.Body.String() != testContent || rec.Header().Get("Content-Disposition") != "attachment; filename=main.tgz" {
		t.Fatalf("download through the proxy: %d %q %v", rec.Code, rec.Body, rec.Header())
	}
}

func TestArtifactDownloadPassesTheProxysRefusal(t *testing.T) {
	refusal := apierrors.NewForbidden(schema.GroupResource{Resource: "services"}, "minio:9000", nil).ErrStatus
	refusal.TypeMeta = metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}
	refusal.Message = `services "minio:9000" is forbidden: User "viewer" cannot get resource "services/proxy" in API group "" in the namespace "team-a"`
	proxy := apiServerProxy(t, &refusal)
	defer proxy.Close()
	f := newFixture(t, []runtime.Object{withArtifact("minio:9000")}, minioSecret())
	f.config.Host, f.config.BearerToken = proxy.URL, "user-token"
	rec := f.do(http.MethodGet, "/api/artifacts/team-a/loops/loops-print/main", "")
	if s := statusIn(t, rec); rec.Code != http.StatusForbidden || s.Message != refusal.Message {
		t.Errorf("a refused proxy: %d %q", rec.Code, s.Message)
	}
}

// In the cluster, a store named by a service of the workflow's namespace is
// dialled by its name in that namespace, never the bare name, which would
// resolve in weft ui's own namespace; the service proxy is not used.
func TestArtifactDownloadDialsAServiceByItsNameInTheWorkflowsNamespace(t *testing.T) {
	f := newFixture(t, []runtime.Object{withArtifact("minio:9000")}, minioSecret())
	var asked []string
	f.handler.resolves = func(_ context.Context, host string) bool {
		asked = append(asked, host)
		return host == "minio.team-a.svc"
	}
	f.handler.dial = func(_ context.Context, _, address string) (net.Conn, error) {
		return nil, fmt.Errorf("dialled %s", address)
	}
	rec := f.do(http.MethodGet, "/api/artifacts/team-a/loops/loops-print/main", "")
	if s := statusIn(t, rec); rec.Code != http.StatusBadGateway || !strings.Contains(s.Message, "dialled minio.team-a.svc:9000") {
		t.Errorf("download from minio:9000 in the cluster: %d %q, want it dialled as minio.team-a.svc:9000", rec.Code, s.Message)
	}
	if strings.Join(asked, ",") != "minio.team-a.svc" {
		t.Errorf("asked whether %v resolve, want minio.team-a.svc", asked)
	}
}
