package workflow

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const kitRepository = `
archiveLogs: true
s3:
  bucket: my-bucket
  endpoint: minio:9000
  insecure: true
  accessKeySecret: {name: my-minio-cred, key: accesskey}
  secretKeySecret: {name: my-minio-cred, key: secretkey}
`

func TestResolveArtifactRepository(t *testing.T) {
	kit := configMap(ArtifactRepositoriesConfigMap, nil, map[string]string{
		"default-v1": kitRepository,
		"other":      "s3: {bucket: other, endpoint: 'store:9000', keyPrefix: runs}",
		"empty":      "",
		"gcs":        "gcs: {bucket: b}",
		"broken":     "s3: [",
	})
	kit.Annotations = map[string]string{DefaultArtifactRepositoryAnnotation: "default-v1"}
	unannotated := configMap("plain", nil, map[string]string{"k": kitRepository})
	fallback := &v1alpha1.ArtifactRepository{S3: &v1alpha1.S3ArtifactRepository{S3Bucket: v1alpha1.S3Bucket{Bucket: "controller", Endpoint: "c:9000"}, KeyFormat: "{{workflow.name}}"}}
	ref := func(cm, key string) *v1alpha1.ArtifactRepositoryRef {
		return &v1alpha1.ArtifactRepositoryRef{ConfigMap: cm, Key: key}
	}
	cases := []struct {
		name      string
		spec      *v1alpha1.ArtifactRepositoryRef
		recorded  *v1alpha1.ArtifactRepositoryRefStatus
		noKit     bool
		wantRef   string // ConfigMap/Key, or "default"
		wantBkt   string
		wantFmt   string
		wantIssue string
	}{
		{name: "the namespace's default key", wantRef: "artifact-repositories/default-v1", wantBkt: "my-bucket"},
		{name: "no ConfigMap: the controller's default", noKit: true, wantRef: "default", wantBkt: "controller", wantFmt: "{{workflow.name}}"},
		{name: "a named key of the default ConfigMap", spec: ref("", "other"), wantRef: "artifact-repositories/other", wantBkt: "other", wantFmt: "runs/{{workflow.name}}/{{pod.name}}"},
		{name: "a ConfigMap's default key", spec: ref(ArtifactRepositoriesConfigMap, ""), wantRef: "artifact-repositories/default-v1", wantBkt: "my-bucket"},
		{name: "an empty repository has no bucket", spec: ref("", "empty"), wantRef: "artifact-repositories/empty"},
		{name: "the recorded one wins", spec: ref("", "other"), recorded: &v1alpha1.ArtifactRepositoryRefStatus{ArtifactRepositoryRef: *ref("plain", "k")}, wantRef: "plain/k", wantBkt: "my-bucket"},
		{name: "a recorded default", recorded: &v1alpha1.ArtifactRepositoryRefStatus{Default: true}, wantRef: "default", wantBkt: "controller", wantFmt: "{{workflow.name}}"},
		{name: "a missing key", spec: ref("", "nope"), wantIssue: `spec.artifactRepositoryRef: ConfigMap default/artifact-repositories has no key "nope": add it, or name one of its keys (broken, default-v1, empty, gcs, other)`},
		{name: "a missing ConfigMap", spec: ref("missing", "k"), wantIssue: "spec.artifactRepositoryRef: ConfigMap default/missing does not exist: create it"},
		{name: "no default annotation", spec: ref("plain", ""), wantIssue: "ConfigMap default/plain has no annotation workflows.argoproj.io/default-artifact-repository"},
		{name: "an unsupported store", spec: ref("", "gcs"), wantIssue: `key "gcs": gcs repositories are not supported: use s3`},
		{name: "not YAML", spec: ref("", "broken"), wantIssue: `key "broken": not an artifact repository`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lister := configMapLister(t, kit, unannotated)
			if c.noKit {
				lister = configMapLister(t, unannotated)
			}
			wf := &v1alpha1.Workflow{}
			wf.Namespace = "default"
			wf.Spec.ArtifactRepositoryRef = c.spec
			wf.Status.ArtifactRepositoryRef = c.recorded
			got := artifactRepositories{configMaps: lister, fallback: fallback}.resolve(wf)
			if c.wantIssue != "" {
				if !strings.Contains(got.Problem, c.wantIssue) {
					t.Fatalf("problem %q does not say %q", got.Problem, c.wantIssue)
				}
				return
			}
			if got.Problem != "" {
				t.Fatalf("problem: %s", got.Problem)
			}
			refText := "default"
			if !got.Ref.Default {
				refText = got.Ref.ConfigMap + "/" + got.Ref.Key
				if got.Ref.Namespace != "default" {
					t.Errorf("namespace %q", got.Ref.Namespace)
				}
			}
			bucket := ""
			if got.S3 != nil {
				bucket = got.S3.Bucket
			}
			if refText != c.wantRef || bucket != c.wantBkt || got.KeyFormat != c.wantFmt {
				t.Errorf("got %s bucket %q format %q, want %s bucket %q format %q", refText, bucket, got.KeyFormat, c.wantRef, c.wantBkt, c.wantFmt)
			}
		})
	}
}
