package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// artifactCase is an artifact example and what must be seen once it ran:
// text in the log of nodes (by display name), and objects in the store.
type artifactCase struct {
	file string
	logs map[string][]string
	// check looks at the finished workflow, in its namespace.
	check func(t *testing.T, ns string, wf *v1alpha1.Workflow)
}

// TestArtifactExamples runs the artifact examples side by side, each in a
// namespace with the quick-start kit, and checks that the bytes moved: the
// consumers print what the producers wrote, and the recorded locations hold
// objects in the store.
func TestArtifactExamples(t *testing.T) {
	cases := []artifactCase{{
		file: "artifact-passing.yaml",
		logs: map[string][]string{"consume-artifact": {"hello world"}},
		check: func(t *testing.T, ns string, wf *v1alpha1.Workflow) {
			art := outputArtifact(t, wf, "generate-artifact", "hello-art")
			pod := engine.PodName(wf.Name, nodeByDisplayName(t, wf, "generate-artifact").Name, "hello-world-to-file")
			if want := wf.Name + "/" + pod + "/hello-art.tgz"; art.S3.Key != want {
				t.Errorf("key %q, want %q", art.S3.Key, want)
			}
			expectStoreObject(t, art)
			ref := wf.Status.ArtifactRepositoryRef
			if ref == nil || ref.ConfigMap != "artifact-repositories" || ref.Key != "default-v1" || ref.Namespace != ns {
				t.Errorf("status.artifactRepositoryRef = %+v", ref)
			}
		},
	}, {
		file: "artifact-passing-dag.yaml",
		logs: map[string][]string{"show": {"ARTIFACTS FLOW THROUGH A DAG\nARTIFACTS FLOW THROUGH A DAG"}},
		check: func(t *testing.T, _ string, wf *v1alpha1.Workflow) {
			dag := outputArtifact(t, wf, "pipeline", "result")
			expectEqualLocation(t, dag, outputArtifact(t, wf, "shout", "text"))
			expectStoreObject(t, dag)
		},
	}, {
		file: "key-only-artifact.yaml",
		check: func(t *testing.T, ns string, wf *v1alpha1.Workflow) {
			expectNodeLog(t, ns, wf, "consume", "hello from "+wf.Name)
			art := outputArtifact(t, wf, "generate", "file")
			if want := ns + "-key-only/my-file"; art.S3.Key != want || art.S3.Bucket != "my-bucket" {
				t.Errorf("key-only artifact at s3://%s/%s, want s3://my-bucket/%s", art.S3.Bucket, art.S3.Key, want)
			}
			expectStoreObject(t, art)
		},
	}, {
		file: "artifact-disable-archive.yaml",
		logs: map[string][]string{"consume-artifact": {"hello world\nhello world", "./one.txt\n./sub/two.txt", "one\ntwo"}},
		check: func(t *testing.T, _ string, wf *v1alpha1.Workflow) {
			file := outputArtifact(t, wf, "generate-artifact", "hello-txt")
			if !strings.HasSuffix(file.S3.Key, "/hello_world.txt") {
				t.Errorf("archive none key %q does not end in the file's name", file.S3.Key)
			}
			if got := string(storeObject(t, testContext(t, time.Minute), file.S3.Key)); got != "hello world\n" {
				t.Errorf("archive none object holds %q, want the file as it is", got)
			}
			dir := outputArtifact(t, wf, "generate-artifact", "dir")
			keys := storeKeys(t, testContext(t, time.Minute), dir.S3.Key+"/")
			if want := []string{dir.S3.Key + "/one.txt", dir.S3.Key + "/sub/two.txt"}; strings.Join(keys, " ") != strings.Join(want, " ") {
				t.Errorf("directory objects %v, want %v", keys, want)
			}
		},
	}, {
		file: "input-artifact-http.yaml",
		logs: map[string][]string{"": {"hello world", "A fixture archive of the Weft local cluster."}},
	}, {
		file: "input-artifact-git.yaml",
		logs: map[string][]string{"": {"# weft-example", "hello world"}},
	}, {
		file: "input-artifact-raw.yaml",
		logs: map[string][]string{"": {"this is\nthe raw file\ncontents"}},
	}, {
		file: "global-output-artifacts.yaml",
		check: func(t *testing.T, ns string, wf *v1alpha1.Workflow) {
			out := wf.Status.Outputs
			if out == nil || len(out.Artifacts) != 1 || out.Artifacts[0].Name != "my-global-art" || out.Artifacts[0].S3 == nil {
				t.Fatalf("status.outputs = %+v", out)
			}
			expectStoreObject(t, out.Artifacts[0])
			seen := 0
			for _, n := range wf.Status.Nodes {
				if n.DisplayName == "consume-global-art" {
					seen++
					expectLog(t, ns, wf, n, "hello world")
				}
			}
			if seen != 2 {
				t.Errorf("consume-global-art ran %d times, want 2 (a step and the exit handler):\n%s", seen, describe(wf))
			}
		},
	}, {
		file: "artifact-path-placeholders.yaml",
		check: func(t *testing.T, _ string, wf *v1alpha1.Workflow) {
			root := nodeByDisplayName(t, wf, wf.Name)
			if root.Outputs == nil || len(root.Outputs.Parameters) != 1 || root.Outputs.Parameters[0].Value == nil ||
				strings.TrimSpace(string(*root.Outputs.Parameters[0].Value)) != "3" {
				t.Errorf("outputs = %+v, want actual-lines-count 3", root.Outputs)
			}
			expectStoreObject(t, outputArtifact(t, wf, wf.Name, "text"))
		},
	}}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.file, ".yaml"), func(t *testing.T) {
			t.Parallel()
			ns := artifactNamespace(t, "art")
			wf := runExample(t, ns, c.file)
			expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
			for node, texts := range c.logs {
				if node == "" {
					node = wf.Name
				}
				for _, text := range texts {
					expectNodeLog(t, ns, wf, node, text)
				}
			}
			if c.check != nil {
				c.check(t, ns, wf)
			}
		})
	}
}

// TestArtifactRepositoryRef: a workflow names a repository of its namespace
// with spec.artifactRepositoryRef and records it; one naming a key that does
// not exist ends in Error saying which, and `weft get` shows where a node's
// artifacts went.
func TestArtifactRepositoryRef(t *testing.T) {
	t.Parallel()
	ns := artifactNamespace(t, "art-ref")
	wf := exampleWorkflow(t, "artifact-passing.yaml")
	wf.Spec.ArtifactRepositoryRef = &v1alpha1.ArtifactRepositoryRef{Key: "my-key"}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	if ref := done.Status.ArtifactRepositoryRef; ref == nil || ref.Key != "my-key" || ref.ConfigMap != "artifact-repositories" {
		t.Errorf("status.artifactRepositoryRef = %+v, want artifact-repositories my-key", ref)
	}
	art := outputArtifact(t, done, "generate-artifact", "hello-art")
	bin := buildCLI(t)
	expectCLI(t, bin, 0, "s3://my-bucket/"+art.S3.Key, "", "get", done.Name, "-n", ns)

	missing := exampleWorkflow(t, "artifact-passing.yaml")
	missing.Spec.ArtifactRepositoryRef = &v1alpha1.ArtifactRepositoryRef{ConfigMap: "artifact-repositories", Key: "nope"}
	failed := runWorkflow(t, ns, missing)
	expectPhase(t, failed, v1alpha1.WorkflowError)
	if want := `ConfigMap ` + ns + `/artifact-repositories has no key "nope"`; !strings.Contains(failed.Status.Message, want) {
		t.Errorf("message %q does not say %q", failed.Status.Message, want)
	}
}

// outputArtifact is the recorded output artifact of the node with a display name.
func outputArtifact(t *testing.T, wf *v1alpha1.Workflow, node, name string) v1alpha1.Artifact {
	t.Helper()
	n := nodeByDisplayName(t, wf, node)
	if n.Outputs != nil {
		for _, a := range n.Outputs.Artifacts {
			if a.Name == name {
				if a.S3 == nil {
					t.Fatalf("node %s: output artifact %s is not in s3: %+v", node, name, a)
				}
				return a
			}
		}
	}
	t.Fatalf("node %s has no output artifact %s: %+v", node, name, n.Outputs)
	return v1alpha1.Artifact{}
}

// expectStoreObject checks that a recorded artifact's object is in the store.
func expectStoreObject(t *testing.T, a v1alpha1.Artifact) {
	t.Helper()
	if a.S3.Bucket != artifactStoreBucket {
		t.Fatalf("artifact %s is in bucket %q, want %q", a.Name, a.S3.Bucket, artifactStoreBucket)
	}
	if len(storeObject(t, testContext(t, time.Minute), a.S3.Key)) == 0 {
		t.Errorf("object s3://%s/%s of artifact %s is empty", a.S3.Bucket, a.S3.Key, a.Name)
	}
}

func expectEqualLocation(t *testing.T, a, b v1alpha1.Artifact) {
	t.Helper()
	if a.S3.Bucket != b.S3.Bucket || a.S3.Key != b.S3.Key {
		t.Errorf("artifact %s at s3://%s/%s, want s3://%s/%s", a.Name, a.S3.Bucket, a.S3.Key, b.S3.Bucket, b.S3.Key)
	}
}

// expectNodeLog checks that the log of the pod of the node with a display
// name holds text.
func expectNodeLog(t *testing.T, ns string, wf *v1alpha1.Workflow, node, text string) {
	t.Helper()
	expectLog(t, ns, wf, nodeByDisplayName(t, wf, node), text)
}

func expectLog(t *testing.T, ns string, wf *v1alpha1.Workflow, n v1alpha1.NodeStatus, text string) {
	t.Helper()
	pod := engine.PodName(wf.Name, n.Name, n.TemplateName)
	if log := podLog(t, ns, pod); !strings.Contains(log, text) {
		t.Errorf("log of %s (%s) does not hold %q:\n%s", n.DisplayName, pod, text, log)
	}
}
