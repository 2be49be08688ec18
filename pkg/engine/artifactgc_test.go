package engine

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// artifactGCWorkflow is Argo's artifact-gc example with a kept artifact and
// service accounts, pod metadata and a patch for the deletion pods.
const artifactGCWorkflow = `
metadata: {name: gc}
spec:
  entrypoint: main
  serviceAccountName: runner
  artifactGC:
    strategy: OnWorkflowDeletion
    podMetadata: {labels: {team: data}}
    podSpecPatch: '{"priorityClassName": "low"}'
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "true"]}
    outputs:
      artifacts:
      - name: on-completion
        path: /tmp/c.txt
        s3: {key: on-completion.txt}
        artifactGC: {strategy: OnWorkflowCompletion, serviceAccountName: cleaner}
      - name: on-deletion
        path: /tmp/d.txt
        s3: {key: on-deletion.txt}
      - name: kept
        path: /tmp/k.txt
        s3: {key: kept.txt}
        artifactGC: {strategy: Never}
`

// simulateArtifactGC runs a workflow that saves every artifact to the test repository;
// its garbage-collection pods run until finishGCPod ends them.
func simulateArtifactGC(t *testing.T, wf *v1alpha1.Workflow) *sim {
	t.Helper()
	s := newSim(t, wf)
	s.repo = testRepository()
	saves := savesEverything(t, nil, nil)
	s.outcome = func(p *corev1.Pod) outcome {
		if p.Labels[podspec.LabelArtifactGC] != "" {
			return outcome{hold: true}
		}
		return saves(p)
	}
	s.run()
	tagGCPods(s)
	return s
}

// reconcileGC reconciles like the controller, whose observations say which
// pods collect garbage.
func reconcileGC(s *sim) Decision {
	s.t.Helper()
	d := s.reconcile()
	tagGCPods(s)
	return d
}

func tagGCPods(s *sim) {
	for name, o := range s.obs {
		o.ArtifactGC = s.pods[name].Labels[podspec.LabelArtifactGC]
	}
}

// gcPodsCreated are the artifact garbage-collection pods of a decision.
func gcPodsCreated(d Decision) []*corev1.Pod {
	var out []*corev1.Pod
	for _, p := range d.CreatePods {
		if p.Labels[podspec.LabelArtifactGC] != "" {
			out = append(out, p)
		}
	}
	return out
}

// gcSpecOf reads the GCSpec of a garbage-collection pod.
func gcSpecOf(t *testing.T, p *corev1.Pod) executor.GCSpec {
	t.Helper()
	for _, e := range p.Spec.Containers[0].Env {
		if e.Name == executor.GCSpecEnv {
			var s executor.GCSpec
			if err := json.Unmarshal([]byte(e.Value), &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	t.Fatalf("pod %s has no %s", p.Name, executor.GCSpecEnv)
	return executor.GCSpec{}
}

// gcKeys are the S3 keys a garbage-collection pod deletes, sorted.
func gcKeys(t *testing.T, p *corev1.Pod) []string {
	var keys []string
	for _, a := range gcSpecOf(t, p).Artifacts {
		keys = append(keys, s3Key(t, a.Location))
	}
	sort.Strings(keys)
	return keys
}

// finishGCPod ends a simulated garbage-collection pod with a report; a nil
// report is a pod that ended without one.
func finishGCPod(s *sim, name string, phase corev1.PodPhase, report *executor.GCReport) {
	o := s.obs[name]
	if o == nil {
		s.t.Fatalf("no pod %s: %s", name, s.dump())
	}
	o.Phase, o.GCReport = phase, report
	if report == nil {
		o.Reason = "Error"
	}
}

// artifactDeleted says whether the main node's artifact is marked deleted.
func artifactDeleted(s *sim, name string) bool {
	for _, a := range s.node("gc").Outputs.Artifacts {
		if a.Name == name {
			return a.Deleted
		}
	}
	s.t.Fatalf("no artifact %s", name)
	return false
}

func TestArtifactGCOnWorkflowCompletion(t *testing.T) {
	s := simulateArtifactGC(t, decodeWorkflow(t, artifactGCWorkflow))
	expectEqual(t, "finalizer asked on the first decision", s.decisions[0].Finalizer, FinalizerAdd)
	pods := gcPodsCreated(s.last)
	if len(pods) != 1 {
		t.Fatalf("want one garbage-collection pod on completion, got %d: %+v", len(pods), s.last.CreatePods)
	}
	p := pods[0]
	expectEqual(t, "keys", gcKeys(t, p), []string{"on-completion.txt"})
	expectEqual(t, "name", gcSpecOf(t, p).Artifacts[0].Name, "gc/on-completion")
	expectEqual(t, "service account", p.Spec.ServiceAccountName, "cleaner")
	expectEqual(t, "command", p.Spec.Containers[0].Command, []string{"weft-executor", "gc"})
	expectEqual(t, "image", p.Spec.Containers[0].Image, testConfig.ExecutorImage)
	expectEqual(t, "restart", p.Spec.RestartPolicy, corev1.RestartPolicyNever)
	expectEqual(t, "termination message", p.Spec.Containers[0].TerminationMessagePath, executor.DefaultReportPath)
	expectEqual(t, "labels", []string{p.Labels[podspec.LabelWorkflow], p.Labels[podspec.LabelWorkflowUID], p.Labels[podspec.LabelArtifactGC], p.Labels["team"]},
		[]string{"gc", "1f6c5c1e-uid", "OnWorkflowCompletion", "data"})
	expectEqual(t, "patched", p.Spec.PriorityClassName, "low")
	if len(p.OwnerReferences) != 1 || p.OwnerReferences[0].UID != s.wf.UID {
		t.Errorf("the completion pod must be owned by the workflow: %+v", p.OwnerReferences)
	}
	expectGCSecretMounted(t, p, "my-minio-cred", "accesskey", "secretkey")
	loc := gcSpecOf(t, p).Artifacts[0].Location.S3
	expectEqual(t, "credential file", loc.AccessKeyFile, podspec.SecretPath("my-minio-cred", "accesskey"))
	expectEqual(t, "processed", s.wf.Status.ArtifactGCStatus.StrategiesProcessed, map[string]bool{"OnWorkflowCompletion": true})

	// Running, then the pod reports; the artifact is marked and the pod deleted.
	s.step()
	if d := reconcileGC(s); len(d.CreatePods) != 0 {
		t.Fatalf("a running garbage-collection pod is not created again: %+v", d.CreatePods)
	}
	finishGCPod(s, p.Name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
	d := reconcileGC(s)
	if !artifactDeleted(s, "on-completion") || artifactDeleted(s, "on-deletion") || artifactDeleted(s, "kept") {
		t.Errorf("only on-completion is deleted: %+v", s.node("gc").Outputs.Artifacts)
	}
	expectEqual(t, "recouped", s.wf.Status.ArtifactGCStatus.PodsRecouped, map[string]bool{p.Name: true})
	expectEqual(t, "pod deleted", d.DeletePods, []string{p.Name})
	if d := reconcileGC(s); len(d.CreatePods) != 0 || len(d.Events) != 0 || len(d.DeletePods) != 0 {
		t.Errorf("nothing more to do once deleted: %+v", d)
	}
}

func TestArtifactGCFailureKeepsThePod(t *testing.T) {
	for _, tc := range []struct {
		name   string
		report *executor.GCReport
		want   string
	}{
		{"reported", &executor.GCReport{Failed: map[string]string{"gc/on-completion": "Access Denied"}}, "on-completion (node gc): Access Denied"},
		{"no report", nil, "on-completion (node gc): the pod ended without a report: Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := simulateArtifactGC(t, decodeWorkflow(t, artifactGCWorkflow))
			name := gcPodsCreated(s.last)[0].Name
			finishGCPod(s, name, corev1.PodFailed, tc.report)
			d := reconcileGC(s)
			if artifactDeleted(s, "on-completion") {
				t.Error("a failed artifact is not marked deleted")
			}
			if len(d.DeletePods) != 0 {
				t.Errorf("a failed pod is kept for its logs, got deleted: %v", d.DeletePods)
			}
			if len(d.Events) != 1 || d.Events[0].Reason != "ArtifactGCFailed" || !strings.Contains(d.Events[0].Message, tc.want) {
				t.Errorf("want one ArtifactGCFailed event naming %q, got %+v", tc.want, d.Events)
			}
			conds := s.wf.Status.Conditions
			if len(conds) != 1 || conds[0].Type != "ArtifactGCError" || !strings.Contains(conds[0].Message, tc.want) {
				t.Errorf("want an ArtifactGCError condition, got %+v", conds)
			}
			if d := reconcileGC(s); len(d.CreatePods) != 0 || len(d.Events) != 0 {
				t.Errorf("a failure is not retried nor told twice: %+v", d)
			}
		})
	}
}

// deleteWorkflow marks the simulated workflow deleted, holding the finalizer.
func deleteWorkflow(s *sim) {
	now := metav1.NewTime(s.now)
	s.wf.DeletionTimestamp = &now
	s.wf.Finalizers = []string{"other", ArtifactGCFinalizer}
}

func TestArtifactGCOnWorkflowDeletion(t *testing.T) {
	s := simulateArtifactGC(t, decodeWorkflow(t, artifactGCWorkflow))
	finishGCPod(s, gcPodsCreated(s.last)[0].Name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
	reconcileGC(s)
	if d := reconcileGC(s); d.Finalizer != FinalizerAdd {
		t.Errorf("a workflow with OnWorkflowDeletion artifacts asks for the finalizer until it has it, got %q", d.Finalizer)
	}
	deleteWorkflow(s)
	d := reconcileGC(s)
	pods := gcPodsCreated(d)
	if len(pods) != 1 {
		t.Fatalf("want one deletion pod, got %+v", d.CreatePods)
	}
	p := pods[0]
	expectEqual(t, "keys", gcKeys(t, p), []string{"on-deletion.txt"})
	expectEqual(t, "service account", p.Spec.ServiceAccountName, "runner")
	expectEqual(t, "strategy", p.Labels[podspec.LabelArtifactGC], "OnWorkflowDeletion")
	if len(p.OwnerReferences) != 0 {
		t.Errorf("a deletion pod must outlive the workflow, so it has no owner: %+v", p.OwnerReferences)
	}
	expectEqual(t, "finalizer kept while the pod runs", d.Finalizer, FinalizerChange(""))
	s.step()
	finishGCPod(s, p.Name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
	d = reconcileGC(s)
	expectEqual(t, "finalizer", d.Finalizer, FinalizerRemove)
	expectEqual(t, "deleted", artifactDeleted(s, "on-deletion"), true)
	expectEqual(t, "kept", artifactDeleted(s, "kept"), false)
	if !contains(d.DeletePods, p.Name) {
		t.Errorf("the deletion pod goes with the finalizer: %v", d.DeletePods)
	}
}

func TestArtifactGCDeletionFailure(t *testing.T) {
	for _, force := range []bool{false, true} {
		wf := decodeWorkflow(t, artifactGCWorkflow)
		wf.Spec.ArtifactGC.ForceFinalizerRemoval = force
		s := simulateArtifactGC(t, wf)
		finishGCPod(s, gcPodsCreated(s.last)[0].Name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
		deleteWorkflow(s)
		d := reconcileGC(s)
		var name string
		for _, p := range gcPodsCreated(d) {
			if p.Labels[podspec.LabelArtifactGC] == "OnWorkflowDeletion" {
				name = p.Name
			}
		}
		s.step()
		finishGCPod(s, name, corev1.PodFailed, &executor.GCReport{Failed: map[string]string{"gc/on-deletion": "no such bucket"}})
		d = reconcileGC(s)
		want := FinalizerChange("")
		if force {
			want = FinalizerRemove
		}
		expectEqual(t, "finalizer with forceFinalizerRemoval="+boolWord(force), d.Finalizer, want)
		if len(d.Events) == 0 || !strings.Contains(d.Events[len(d.Events)-1].Message, "on-deletion (node gc): no such bucket") {
			t.Errorf("the failure names the artifact: %+v", d.Events)
		}
	}
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestArtifactGCNever(t *testing.T) {
	for _, tc := range []struct {
		name, gc     string
		notSpecified bool
	}{
		{"no artifactGC", "", false},
		{"Never", "  artifactGC: {strategy: Never}\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := `
metadata: {name: gc}
spec:
  entrypoint: main
` + tc.gc + `  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "true"]}
    outputs:
      artifacts:
      - {name: out, path: /tmp/o.txt, s3: {key: out.txt}}
`
			s := simulateArtifactGC(t, decodeWorkflow(t, text))
			for _, d := range s.decisions {
				if len(gcPodsCreated(d)) != 0 || d.Finalizer != "" {
					t.Fatalf("no garbage collection: %+v", d)
				}
			}
			st := s.wf.Status.ArtifactGCStatus
			if tc.notSpecified != (st != nil && st.NotSpecified) {
				t.Errorf("notSpecified: got %+v, want %v", st, tc.notSpecified)
			}
			deleteWorkflow(s)
			if d := reconcileGC(s); len(d.CreatePods) != 0 || d.Finalizer != FinalizerRemove {
				t.Errorf("a deleted workflow with nothing to delete lets go at once: %+v", d)
			}
		})
	}
}

func TestArtifactGCGroupsByServiceAccount(t *testing.T) {
	text := `
metadata: {name: gc}
spec:
  entrypoint: main
  artifactGC: {strategy: OnWorkflowCompletion}
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "true"]}
    outputs:
      artifacts:
      - {name: a, path: /tmp/a, s3: {key: a}}
      - {name: b, path: /tmp/b, s3: {key: b}, artifactGC: {serviceAccountName: other}}
      - {name: c, path: /tmp/c, s3: {key: c}}
`
	s := simulateArtifactGC(t, decodeWorkflow(t, text))
	got := map[string][]string{}
	for _, p := range gcPodsCreated(s.last) {
		got[p.Spec.ServiceAccountName] = gcKeys(t, p)
	}
	expectEqual(t, "pods by service account", got, map[string][]string{"": {"a", "c"}, "other": {"b"}})
	for _, d := range s.decisions {
		if d.Finalizer != "" {
			t.Errorf("no finalizer without OnWorkflowDeletion artifacts: %+v", d.Finalizer)
		}
	}
}

// expectGCSecretMounted checks that a garbage-collection pod mounts exactly
// these keys of a Secret, read-only and readable by the executor's user.
func expectGCSecretMounted(t *testing.T, p *corev1.Pod, secret string, keys ...string) {
	t.Helper()
	for _, v := range p.Spec.Volumes {
		if v.Secret == nil || v.Secret.SecretName != secret {
			continue
		}
		var got []string
		for _, it := range v.Secret.Items {
			got = append(got, it.Key)
		}
		expectEqual(t, "secret keys", got, keys)
		expectEqual(t, "secret mode", *v.Secret.DefaultMode, int32(0o444))
		for _, m := range p.Spec.Containers[0].VolumeMounts {
			if m.Name == v.Name {
				expectEqual(t, "mount", m.MountPath+" "+boolText(m.ReadOnly), podspec.SecretsDir+"/"+secret+" read-only")
				return
			}
		}
		t.Fatalf("main does not mount Secret %s", secret)
	}
	t.Fatalf("pod %s has no volume of Secret %s", p.Name, secret)
}

// A pod made again from a stale view of the workflow, after its artifacts
// were deleted, is deleted once it succeeded, and nothing is made again.
func TestArtifactGCDeletesAPodMadeAgain(t *testing.T) {
	s := simulateArtifactGC(t, decodeWorkflow(t, artifactGCWorkflow))
	name := gcPodsCreated(s.last)[0].Name
	finishGCPod(s, name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
	reconcileGC(s)
	again := s.pods[name]
	s.obs[name] = &PodObservation{Name: name, Phase: corev1.PodSucceeded, Labels: again.Labels,
		ArtifactGC: again.Labels[podspec.LabelArtifactGC], GCReport: &executor.GCReport{Deleted: 1}}
	d := reconcileGC(s)
	expectEqual(t, "deleted", d.DeletePods, []string{name})
	if len(d.CreatePods) != 0 || len(d.Events) != 0 {
		t.Errorf("nothing made again nor told: %+v", d)
	}
}

func TestArtifactGCInATerminatingNamespaceLetsTheWorkflowGo(t *testing.T) {
	s := simulateArtifactGC(t, decodeWorkflow(t, artifactGCWorkflow))
	finishGCPod(s, gcPodsCreated(s.last)[0].Name, corev1.PodSucceeded, &executor.GCReport{Deleted: 1})
	deleteWorkflow(s)
	d := reconcileGC(s)
	var name string
	for _, p := range gcPodsCreated(d) {
		if p.Labels[podspec.LabelArtifactGC] == "OnWorkflowDeletion" {
			name = p.Name
		}
	}
	s.step()
	finishGCPod(s, name, corev1.PodFailed, nil)
	s.obs[name].Reason = ReasonNamespaceTerminating
	d = reconcileGC(s)
	expectEqual(t, "finalizer once the namespace refuses pods", d.Finalizer, FinalizerRemove)
	if len(d.Events) == 0 || !strings.Contains(d.Events[len(d.Events)-1].Message, "on-deletion") {
		t.Errorf("the artifacts left behind are named: %+v", d.Events)
	}
}
