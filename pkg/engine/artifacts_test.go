package engine

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// testRepository is the quick-start kit's repository: the namespace's
// artifact-repositories ConfigMap, key default-v1.
func testRepository() *ArtifactRepository {
	insecure := true
	return &ArtifactRepository{
		Ref: &v1alpha1.ArtifactRepositoryRefStatus{
			ArtifactRepositoryRef: v1alpha1.ArtifactRepositoryRef{ConfigMap: "artifact-repositories", Key: "default-v1"},
			Namespace:             "default",
		},
		S3: &v1alpha1.S3Bucket{
			Endpoint: "minio:9000", Bucket: "my-bucket", Insecure: &insecure,
			AccessKeySecret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "my-minio-cred"}, Key: "accesskey"},
			SecretKeySecret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "my-minio-cred"}, Key: "secretkey"},
		},
	}
}

// savesEverything is an executor that saves every output artifact its pod
// asks for, except those named in notSaved (left out, as a missing optional
// artifact is) and those in failed (reported as errors).
func savesEverything(t *testing.T, notSaved []string, failed map[string]string) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		var out outcome
		for _, a := range executorSpec(t, p).OutputArtifacts {
			if reason, bad := failed[a.Name]; bad {
				if out.artifactErrors == nil {
					out.artifactErrors = map[string]string{}
				}
				out.artifactErrors[a.Name] = reason
				continue
			}
			if !contains(notSaved, a.Name) {
				out.saved = append(out.saved, a.Name)
			}
		}
		return out
	}
}

func runArtifacts(t *testing.T, text string, repo *ArtifactRepository, notSaved []string, failed map[string]string) *sim {
	t.Helper()
	s := newSim(t, decodeWorkflow(t, text))
	s.repo = repo
	s.outcome = savesEverything(t, notSaved, failed)
	s.run()
	return s
}

func s3Key(t *testing.T, l executor.ArtifactLocation) string {
	t.Helper()
	if l.S3 == nil {
		t.Fatalf("not an s3 location: %+v", l)
	}
	return l.S3.Key
}

const artifactPassing = `
metadata: {name: ap}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: generate
        template: whalesay
    - - name: consume
        template: print
        arguments:
          artifacts:
          - name: message
            from: "{{steps.generate.outputs.artifacts.hello-art}}"
  - name: whalesay
    container:
      image: busybox
      command: [sh, -c, "echo hello > /tmp/hello_world.txt"]
    outputs:
      artifacts:
      - name: hello-art
        path: /tmp/hello_world.txt
  - name: print
    inputs:
      artifacts:
      - name: message
        path: /tmp/message
        mode: 0444
    container:
      image: busybox
      command: [cat, "{{inputs.artifacts.message.path}}"]
`

func TestArtifactPassing(t *testing.T) {
	s := runArtifacts(t, artifactPassing, testRepository(), nil, nil)
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
	expectEqual(t, "recorded repository", *s.wf.Status.ArtifactRepositoryRef, *testRepository().Ref)

	gen := s.pod("ap[0].generate")
	spec := executorSpec(t, gen)
	if len(spec.OutputArtifacts) != 1 {
		t.Fatalf("output specs: %+v", spec.OutputArtifacts)
	}
	out := spec.OutputArtifacts[0]
	wantKey := "ap/" + gen.Name + "/hello-art.tgz"
	expectEqual(t, "output key", s3Key(t, out.Location), wantKey)
	expectEqual(t, "output archive", out.Archive, executor.ArchiveTarGzip)
	expectEqual(t, "output s3", *out.Location.S3, executor.S3Location{
		Endpoint: "minio:9000", Bucket: "my-bucket", Key: wantKey, Insecure: true,
		AccessKeyFile: "/var/run/weft/secrets/my-minio-cred/accesskey",
		SecretKeyFile: "/var/run/weft/secrets/my-minio-cred/secretkey",
	})
	expectSecretMounted(t, gen, "my-minio-cred", "accesskey", "secretkey")

	node := s.node("ap[0].generate")
	if node.Outputs == nil || len(node.Outputs.Artifacts) != 1 {
		t.Fatalf("generate outputs: %+v", node.Outputs)
	}
	rec := node.Outputs.Artifacts[0]
	expectEqual(t, "recorded key", rec.S3.Key, wantKey)
	expectEqual(t, "recorded bucket", rec.S3.Bucket, "my-bucket")
	expectEqual(t, "recorded credentials", rec.S3.AccessKeySecret.Name, "my-minio-cred")

	consume := s.pod("ap[1].consume")
	in := executorSpec(t, consume).InputArtifacts
	if len(in) != 1 {
		t.Fatalf("input specs: %+v", in)
	}
	expectEqual(t, "input path", in[0].Path, "/tmp/message")
	expectEqual(t, "input mode", in[0].Mode, int32(0o444))
	expectEqual(t, "input key", s3Key(t, in[0].Location), wantKey)
	expectEqual(t, "path placeholder", mainCommand(consume), []string{"cat", "/tmp/message"})
	expectSecretMounted(t, consume, "my-minio-cred", "accesskey", "secretkey")
	cn := s.node("ap[1].consume")
	if cn.Inputs == nil || len(cn.Inputs.Artifacts) != 1 || cn.Inputs.Artifacts[0].S3.Key != wantKey {
		t.Errorf("consume inputs: %+v", cn.Inputs)
	}
}

// expectSecretMounted checks that a pod mounts exactly these keys of a
// Secret, read-only, into main under the secrets directory.
func expectSecretMounted(t *testing.T, p *corev1.Pod, secret string, keys ...string) {
	t.Helper()
	var volume string
	for _, v := range p.Spec.Volumes {
		if v.Secret != nil && v.Secret.SecretName == secret {
			volume = v.Name
			var got []string
			for _, it := range v.Secret.Items {
				got = append(got, it.Key)
			}
			expectEqual(t, "secret keys", got, keys)
			expectEqual(t, "secret mode", *v.Secret.DefaultMode, int32(0o400))
		}
	}
	if volume == "" {
		t.Fatalf("pod %s has no volume of Secret %s", p.Name, secret)
	}
	for _, m := range p.Spec.Containers[0].VolumeMounts {
		if m.Name == volume {
			expectEqual(t, "mount", m.MountPath+" "+boolText(m.ReadOnly), podspec.SecretsDir+"/"+secret+" read-only")
			return
		}
	}
	t.Errorf("main does not mount Secret %s", secret)
}

func boolText(readOnly bool) string {
	if readOnly {
		return "read-only"
	}
	return "writable"
}

const dagArtifacts = `
metadata: {name: dag}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: produce
        template: produce
    - - name: use-global
        template: print
        arguments:
          artifacts:
          - {name: in, from: "{{workflow.outputs.artifacts.everything}}"}
      - name: use-step
        template: print
        arguments:
          artifacts:
          - {name: in, from: "{{steps.produce.outputs.artifacts.picked}}"}
  - name: produce
    dag:
      tasks:
      - {name: a, template: gen}
      - name: b
        template: gen
        depends: a
        when: "false"
    outputs:
      artifacts:
      - name: picked
        fromExpression: "tasks.b.status == 'Skipped' ? tasks.a.outputs.artifacts.out : tasks.b.outputs.artifacts.out"
        globalName: everything
      - name: maybe
        from: "{{tasks.b.outputs.artifacts.out}}"
        optional: true
  - name: gen
    container: {image: busybox, command: [sh, -c, "echo x > /tmp/x"]}
    outputs:
      artifacts:
      - name: out
        path: /tmp/x
        archive: {none: {}}
  - name: print
    inputs:
      artifacts:
      - {name: in, path: /in}
    container: {image: busybox, command: [cat, /in]}
`

func TestDAGOutputArtifactsAndGlobals(t *testing.T) {
	s := runArtifacts(t, dagArtifacts, testRepository(), nil, nil)
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "3/3", "")
	a := s.pod("dag[0].produce.a")
	want := "dag/" + a.Name + "/x"
	expectEqual(t, "archive none key", s3Key(t, executorSpec(t, a).OutputArtifacts[0].Location), want)
	expectEqual(t, "archive none", executorSpec(t, a).OutputArtifacts[0].Archive, executor.ArchiveNone)
	produce := s.node("dag[0].produce")
	if produce.Outputs == nil || len(produce.Outputs.Artifacts) != 1 || produce.Outputs.Artifacts[0].S3.Key != want {
		t.Fatalf("produce outputs: %+v", produce.Outputs)
	}
	g := s.wf.Status.Outputs
	if g == nil || len(g.Artifacts) != 1 || g.Artifacts[0].Name != "everything" || g.Artifacts[0].S3.Key != want {
		t.Fatalf("global outputs: %+v", g)
	}
	for _, n := range []string{"dag[1].use-global", "dag[1].use-step"} {
		expectEqual(t, n+" input", s3Key(t, executorSpec(t, s.pod(n)).InputArtifacts[0].Location), want)
	}
}

const keyOnly = `
metadata: {name: ko}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: generate, template: generate}
      - {name: consume, template: consume, depends: generate}
  - name: generate
    container: {image: busybox, command: [sh, -c, "echo hello > /mnt/file"]}
    outputs:
      artifacts:
      - {name: file, path: /mnt/file, s3: {key: my-file}}
  - name: consume
    container: {image: busybox, command: [cat, /tmp/file]}
    inputs:
      artifacts:
      - {name: file, path: /tmp/file, s3: {key: my-file}}
`

func TestKeyOnlyArtifacts(t *testing.T) {
	s := runArtifacts(t, keyOnly, testRepository(), nil, nil)
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
	out := executorSpec(t, s.pod("ko.generate")).OutputArtifacts[0].Location.S3
	in := executorSpec(t, s.pod("ko.consume")).InputArtifacts[0].Location.S3
	for what, l := range map[string]*executor.S3Location{"output": out, "input": in} {
		if l == nil || l.Key != "my-file" || l.Bucket != "my-bucket" || l.Endpoint != "minio:9000" || l.AccessKeyFile == "" {
			t.Errorf("%s location: %+v", what, l)
		}
	}
}

const hardwired = `
metadata: {name: hw}
spec:
  entrypoint: main
  arguments:
    parameters: [{name: rev, value: main}]
    artifacts:
    - {name: text, raw: {data: "1\n2\n"}}
  templates:
  - name: main
    inputs:
      artifacts:
      - {name: text, path: /inputs/text}
      - name: page
        path: /page
        http:
          url: http://fixtures/page.txt
          headers: [{name: X-Test, value: "1"}]
          auth: {basicAuth: {usernameSecret: {name: web, key: user}, passwordSecret: {name: web, key: pass}}}
      - name: src
        path: /src
        git:
          repo: git://fixtures/repo.git
          revision: "{{workflow.parameters.rev}}"
          depth: 1
          usernameSecret: {name: git-cred, key: username}
          sshPrivateKeySecret: {name: git-cred, key: ssh}
      - {name: absent, path: /absent, optional: true}
    outputs:
      parameters:
      - {name: count, valueFrom: {path: /tmp/count}}
      artifacts:
      - {name: text, path: /outputs/text}
    container:
      image: busybox
      command: [sh, -c, "head {{inputs.artifacts.text.path}} > {{outputs.artifacts.text.path}}; wc -l > {{outputs.parameters.count.path}}"]
`

func TestHardwiredInputsAndPlaceholders(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, hardwired))
	s.repo = testRepository()
	s.outcome = func(p *corev1.Pod) outcome {
		o := savesEverything(t, nil, nil)(p)
		o.params = map[string]string{"count": "2"}
		return o
	}
	s.run()
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/1", "")
	p := s.pod("hw")
	expectEqual(t, "command", mainCommand(p)[2], "head /inputs/text > /outputs/text; wc -l > /tmp/count")
	in := executorSpec(t, p).InputArtifacts
	if len(in) != 3 {
		t.Fatalf("inputs (the optional one without a source left out): %+v", in)
	}
	expectEqual(t, "raw", *in[0].Location.Raw, executor.RawLocation{Data: "1\n2\n"})
	expectEqual(t, "http", *in[1].Location.HTTP, executor.HTTPLocation{URL: "http://fixtures/page.txt",
		Headers:      []executor.HTTPHeader{{Name: "X-Test", Value: "1"}},
		UsernameFile: "/var/run/weft/secrets/web/user", PasswordFile: "/var/run/weft/secrets/web/pass"})
	expectEqual(t, "git", *in[2].Location.Git, executor.GitLocation{Repo: "git://fixtures/repo.git", Revision: "main", Depth: 1,
		UsernameFile: "/var/run/weft/secrets/git-cred/username", SSHPrivateKeyFile: "/var/run/weft/secrets/git-cred/ssh"})
	expectSecretMounted(t, p, "web", "pass", "user")
	expectSecretMounted(t, p, "git-cred", "ssh", "username")
	expectSecretMounted(t, p, "my-minio-cred", "accesskey", "secretkey")
}

func TestArtifactFailures(t *testing.T) {
	optionalOutput := strings.Replace(artifactPassing, "        path: /tmp/hello_world.txt\n", "        path: /tmp/hello_world.txt\n        optional: true\n", 1)
	optionalInput := strings.Replace(optionalOutput, "            from: \"{{steps.generate.outputs.artifacts.hello-art}}\"\n",
		"            from: \"{{steps.generate.outputs.artifacts.hello-art}}\"\n            optional: true\n", 1)
	cases := []struct {
		name     string
		text     string
		repo     *ArtifactRepository
		notSaved []string
		failed   map[string]string
		phase    v1alpha1.WorkflowPhase
		node     string
		message  string
	}{{
		name: "an output that could not be saved fails its node, naming it",
		text: artifactPassing, repo: testRepository(), failed: map[string]string{"hello-art": "access denied"},
		phase: v1alpha1.WorkflowFailed, node: "ap[0].generate", message: `output artifact "hello-art": access denied`,
	}, {
		name: "a required output not saved fails its node",
		text: artifactPassing, repo: testRepository(), notSaved: []string{"hello-art"},
		phase: v1alpha1.WorkflowFailed, node: "ap[0].generate", message: `output artifact "hello-art" was not saved: the executor did not report it`,
	}, {
		name: "a missing optional output is skipped, and an argument naming it fails the consumer",
		text: optionalOutput, repo: testRepository(), notSaved: []string{"hello-art"},
		phase: v1alpha1.WorkflowFailed, node: "ap[1].consume",
		message: `arguments.artifacts "message": from {{steps.generate.outputs.artifacts.hello-art}}: step generate has no output artifact hello-art`,
	}, {
		name: "an optional argument naming a missing artifact leaves a required input unsupplied",
		text: optionalInput, repo: testRepository(), notSaved: []string{"hello-art"},
		phase: v1alpha1.WorkflowFailed, node: "ap[1].consume", message: "inputs.artifacts.message: was not supplied",
	}, {
		name: "without a repository an output artifact cannot be placed",
		text: artifactPassing, repo: &ArtifactRepository{Ref: &v1alpha1.ArtifactRepositoryRefStatus{Default: true}},
		phase: v1alpha1.WorkflowFailed, node: "ap[0].generate", message: `output artifact "hello-art": no artifact repository is configured`,
	}, {
		name: "a repository that cannot be resolved ends the workflow",
		text: artifactPassing, repo: &ArtifactRepository{Problem: "spec.artifactRepositoryRef: ConfigMap default/nope does not exist"},
		phase: v1alpha1.WorkflowError, message: "spec.artifactRepositoryRef: ConfigMap default/nope does not exist",
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := runArtifacts(t, c.text, c.repo, c.notSaved, c.failed)
			if s.wf.Status.Phase != c.phase {
				t.Fatalf("phase %s, want %s: %s", s.wf.Status.Phase, c.phase, s.dump())
			}
			message := s.wf.Status.Message
			if c.node != "" {
				message = s.node(c.node).Message
			}
			if !strings.Contains(message, c.message) {
				t.Errorf("message %q does not say %q", message, c.message)
			}
		})
	}
}

const passDown = `
metadata: {name: pd}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - name: outer
        template: outer
        arguments:
          artifacts: [{name: art, from: "{{steps.gen.outputs.artifacts.out}}"}]
  - name: outer
    inputs:
      artifacts: [{name: art}]
    steps:
    - - name: inner
        template: print
        arguments:
          artifacts: [{name: art, from: "{{inputs.artifacts.art}}"}]
  - name: gen
    container: {image: busybox, command: ["true"]}
    outputs:
      artifacts: [{name: out, path: /out}]
  - name: print
    retryStrategy: {limit: 1}
    inputs:
      artifacts: [{name: art, path: /art}]
    container: {image: busybox, command: [cat, /art]}
`

func TestArtifactsPassDownAndRetry(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, passDown))
	s.repo = testRepository()
	tries := 0
	s.outcome = func(p *corev1.Pod) outcome {
		if nodeNameOf(p) == "pd[1].outer[0].inner(0)" {
			tries++
			return outcome{phase: corev1.PodFailed, exitCode: 1}
		}
		return savesEverything(t, nil, nil)(p)
	}
	s.run()
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/3", "")
	want := "pd/" + s.pod("pd[0].gen").Name + "/out.tgz"
	for _, n := range []string{"pd[1].outer[0].inner(0)", "pd[1].outer[0].inner(1)"} {
		expectEqual(t, n, s3Key(t, executorSpec(t, s.pod(n)).InputArtifacts[0].Location), want)
	}
}

func TestArgumentSubPathPicksWithinThePassedArtifact(t *testing.T) {
	s := runArtifacts(t, `
metadata: {name: sub}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: generate
        template: generate
    - - name: consume
        template: consume
        arguments:
          artifacts:
          - {name: message, from: "{{steps.generate.outputs.artifacts.dir}}", subPath: hello_world.txt}
  - name: generate
    container: {image: busybox, command: [sh, -c, "echo hi > /tmp/out/hello_world.txt"]}
    outputs:
      artifacts:
      - {name: dir, path: /tmp/out, archive: {none: {}}}
  - name: consume
    inputs:
      artifacts:
      - {name: message, path: /tmp/message}
    container: {image: busybox, command: [cat, /tmp/message]}
`, testRepository(), nil, nil)
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
	in := executorSpec(t, s.pod("sub[1].consume")).InputArtifacts
	if len(in) != 1 || in[0].SubPath != "hello_world.txt" {
		t.Fatalf("consume's input spec: %+v", in)
	}
}
