package e2e

import (
	"bytes"
	"context"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The artifact store of make up (hack/lib/artifact-store.sh) as the test
// process reaches it: SeaweedFS's S3 gateway on the host's loopback, with
// the quick-start kit's fixed development credentials.
var (
	artifactStoreEndpoint = envOr("WEFT_ARTIFACT_STORE", "127.0.0.1:9000")
	artifactStoreBucket   = "my-bucket"
	artifactStoreAccess   = "admin"
	artifactStoreSecret   = "password"
)

// quickStartKit is the kustomization giving a namespace Argo's quick-start
// names: Service minio, Secret my-minio-cred, ConfigMap artifact-repositories.
const quickStartKit = "../../artifacts/quick-start"

// artifactNamespace is namespace() with the quick-start kit applied, so
// workflows in it find the artifact store as Argo's examples expect.
func artifactNamespace(t *testing.T, prefix string) string {
	t.Helper()
	ns := namespace(t, prefix)
	mustKubectl(t, "apply", "-n", ns, "-k", quickStartKit)
	return ns
}

// artifactStore is an S3 client of the store, signed as the kit's identity.
func artifactStore(t *testing.T) *minio.Client {
	t.Helper()
	client, err := minio.New(artifactStoreEndpoint, &minio.Options{
		Creds: credentials.NewStaticV4(artifactStoreAccess, artifactStoreSecret, ""),
	})
	if err != nil {
		t.Fatalf("S3 client for %s: %v", artifactStoreEndpoint, err)
	}
	return client
}

// storeObject reads the object key of the bucket my-bucket.
func storeObject(t *testing.T, ctx context.Context, key string) []byte {
	t.Helper()
	object, err := artifactStore(t).GetObject(ctx, artifactStoreBucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatalf("get s3://%s/%s: %v", artifactStoreBucket, key, err)
	}
	defer object.Close()
	data, err := io.ReadAll(object)
	if err != nil {
		t.Fatalf("read s3://%s/%s: %v", artifactStoreBucket, key, err)
	}
	return data
}

// putStoreObject writes data as the object key of the bucket my-bucket, for
// workflows that read input artifacts; the object is removed after the test.
func putStoreObject(t *testing.T, ctx context.Context, key string, data []byte) {
	t.Helper()
	client := artifactStore(t)
	if _, err := client.PutObject(ctx, artifactStoreBucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
		t.Fatalf("put s3://%s/%s: %v", artifactStoreBucket, key, err)
	}
	t.Cleanup(func() {
		_ = client.RemoveObject(context.Background(), artifactStoreBucket, key, minio.RemoveObjectOptions{})
	})
}

// storeKeys lists, sorted, the keys of the bucket my-bucket under prefix.
func storeKeys(t *testing.T, ctx context.Context, prefix string) []string {
	t.Helper()
	var keys []string
	for object := range artifactStore(t).ListObjects(ctx, artifactStoreBucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if object.Err != nil {
			t.Fatalf("list s3://%s/%s: %v", artifactStoreBucket, prefix, object.Err)
		}
		keys = append(keys, object.Key)
	}
	sort.Strings(keys)
	return keys
}

// runPodScript runs script with sh in a busybox pod in ns, waits until the
// pod ends, and returns its phase and log.
func runPodScript(t *testing.T, ns, script string) (corev1.PodPhase, string) {
	t.Helper()
	ctx := testContext(t, 3*time.Minute)
	pod, err := kube.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "script-"},
		Spec: corev1.PodSpec{
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: new(int64),
			Containers: []corev1.Container{{
				Name:    "main",
				Image:   "weft.localhost/busybox:1.35",
				Command: []string{"sh", "-c", script},
			}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create pod in %s: %v", ns, err)
	}
	for {
		current, err := kube.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("pod %s/%s: %v", ns, pod.Name, err)
		}
		if phase := current.Status.Phase; phase == corev1.PodSucceeded || phase == corev1.PodFailed {
			raw, err := kube.CoreV1().Pods(ns).GetLogs(pod.Name, &corev1.PodLogOptions{}).DoRaw(ctx)
			if err != nil {
				t.Fatalf("log of pod %s/%s: %v", ns, pod.Name, err)
			}
			return phase, strings.TrimSpace(string(raw))
		}
		select {
		case <-ctx.Done():
			t.Fatalf("pod %s/%s did not end: %v", ns, pod.Name, ctx.Err())
		case <-time.After(time.Second):
		}
	}
}
