package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	corev1 "k8s.io/api/core/v1"
)

// The store of make up answers the quick-start kit's credentials, and only
// them: anonymous requests and a wrong secret are refused.
func TestArtifactStoreAnswersOnlyItsCredentials(t *testing.T) {
	ctx := testContext(t, time.Minute)
	key := fmt.Sprintf("e2e/artifact-store-%d/hello.txt", time.Now().UnixNano())
	putStoreObject(t, ctx, key, []byte("hello store\n"))

	if got := string(storeObject(t, ctx, key)); got != "hello store\n" {
		t.Errorf("s3://%s/%s reads %q, want %q", artifactStoreBucket, key, got, "hello store\n")
	}
	prefix := key[:strings.LastIndex(key, "/")+1]
	if keys := storeKeys(t, ctx, prefix); len(keys) != 1 || keys[0] != key {
		t.Errorf("keys under %s: %v, want [%s]", prefix, keys, key)
	}

	for _, url := range []string{
		"http://" + artifactStoreEndpoint + "/",
		"http://" + artifactStoreEndpoint + "/" + artifactStoreBucket + "/" + key,
	} {
		status, body := anonymousGet(t, ctx, url)
		if status != http.StatusForbidden || !strings.Contains(body, "AccessDenied") {
			t.Errorf("anonymous GET %s: %d %s, want 403 AccessDenied", url, status, body)
		}
	}

	wrong, err := minio.New(artifactStoreEndpoint, &minio.Options{
		Creds: credentials.NewStaticV4(artifactStoreAccess, "not-the-secret", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.StatObject(ctx, artifactStoreBucket, key, minio.StatObjectOptions{})
	var refused minio.ErrorResponse
	if !errors.As(err, &refused) || refused.StatusCode != http.StatusForbidden {
		t.Errorf("stat with a wrong secret: %v, want 403", err)
	}
}

func anonymousGet(t *testing.T, ctx context.Context, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// gitAdvertisement is a git protocol v0 request for the refs of
// weft-example.git, in pkt-lines, followed by a flush so the daemon ends
// the conversation after answering.
const gitAdvertisement = `printf '0039git-upload-pack /weft-example.git\0host=weft-fixtures\0' > /tmp/request
printf '0000' >> /tmp/request`

// From a pod in a namespace with the quick-start kit, Argo's name minio:9000
// reaches the store, and the fixtures Service serves its files over http and
// the example repository over git.
func TestArtifactStoreAndFixturesReachableFromPods(t *testing.T) {
	ns := artifactNamespace(t, "artifact-store")
	script := `set -e
echo "== minio"
printf 'GET / HTTP/1.0\r\nHost: minio:9000\r\n\r\n' | nc minio 9000
echo
echo "== http"
wget -q -O- http://weft-fixtures.weft-system.svc/hello.txt
wget -q -O- http://weft-fixtures.weft-system.svc/hello.tar.gz | tar -tzf -
echo "== git"
` + gitAdvertisement + `
nc weft-fixtures.weft-system.svc 9418 < /tmp/request
`
	phase, log := runPodScript(t, ns, script)
	if phase != corev1.PodSucceeded {
		t.Fatalf("pod ended %s:\n%s", phase, log)
	}
	for _, want := range []string{
		" 403 Forbidden", "<Code>AccessDenied</Code>",
		"hello world", "hello/hello.txt", "hello/README.md",
		"refs/heads/main", "refs/tags/v1",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("pod log lacks %q:\n%s", want, log)
		}
	}
}
