package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseReadsArgoKeys(t *testing.T) {
	c, err := Parse([]byte(`
artifactRepository:
  s3:
    bucket: my-bucket
    endpoint: minio:9000
    insecure: true
    accessKeySecret: {name: my-minio-cred, key: accesskey}
    secretKeySecret: {name: my-minio-cred, key: secretkey}
    keyFormat: "{{workflow.name}}/{{pod.name}}"
images:
  argoproj/argosay:v2:
    cmd: [/argosay]
`))
	if err != nil {
		t.Fatal(err)
	}
	s3 := c.ArtifactRepository.S3
	if s3.Bucket != "my-bucket" || s3.Endpoint != "minio:9000" || s3.Insecure == nil || !*s3.Insecure || s3.AccessKeySecret.Name != "my-minio-cred" || s3.KeyFormat != "{{workflow.name}}/{{pod.name}}" {
		t.Errorf("artifactRepository.s3 = %+v", s3)
	}
	if got := c.Images["argoproj/argosay:v2"].Cmd; len(got) != 1 || got[0] != "/argosay" {
		t.Errorf("images[argoproj/argosay:v2].cmd = %v", got)
	}
}

func TestParseRefusesUnknownKeys(t *testing.T) {
	_, err := Parse([]byte("artifactRepo: {}\n"))
	if err == nil || !strings.Contains(err.Error(), "artifactRepo") {
		t.Fatalf("err = %v, want one naming the unknown key", err)
	}
}

func TestLoad(t *testing.T) {
	empty, err := Load("")
	if err != nil || empty.ArtifactRepository != nil || empty.Images != nil {
		t.Fatalf("Load(\"\") = %+v, %v; want the empty configuration", empty, err)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("images:\n  busybox:\n    cmd: [sh]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil || c.Images["busybox"].Cmd[0] != "sh" {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
}

func TestParseReadsRegistryMirrors(t *testing.T) {
	c, err := Parse([]byte("registryMirrors:\n  docker.io: http://10.88.0.1:5000\n"))
	if err != nil || c.RegistryMirrors["docker.io"] != "http://10.88.0.1:5000" {
		t.Fatalf("registryMirrors = %v, %v", c.RegistryMirrors, err)
	}
}

func TestParseRefusesStoresOtherThanS3(t *testing.T) {
	_, err := Parse([]byte("artifactRepository:\n  gcs:\n    bucket: b\n"))
	if err == nil || !strings.Contains(err.Error(), "only s3 repositories are supported") {
		t.Fatalf("err = %v, want one saying only s3 is supported", err)
	}
}
