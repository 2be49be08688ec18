package e2e

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// createExampleFile creates every object of an examples/ file in ns, in
// order, waits until its workflow finished and returns the workflow.
func createExampleFile(t *testing.T, ns, file string) *v1alpha1.Workflow {
	t.Helper()
	created := mustKubectl(t, "-n", ns, "create", "-f", "../../examples/"+file, "-o", "name")
	for _, line := range strings.Fields(created) {
		if name, ok := strings.CutPrefix(line, "workflow.weft.dev/"); ok {
			return waitFinished(t, testContext(t, 4*time.Minute), ns, name)
		}
	}
	t.Fatalf("kubectl create -f %s created no workflow: %s", file, created)
	return nil
}

// logsOf is the main containers' logs of a workflow's pods, joined.
func logsOf(t *testing.T, wf *v1alpha1.Workflow) string {
	t.Helper()
	var logs []string
	for _, p := range workflowPods(t, wf.Namespace, wf.Name) {
		logs = append(logs, podLog(t, wf.Namespace, p.Name))
	}
	return strings.Join(logs, "\n")
}

func TestExpressionFunctions(t *testing.T) {
	ns := namespace(t, "expr-functions")
	cases := []struct{ file, log string }{
		{"expression-reusing-verbose-snippets.yaml", "The week's average temperature was 35.8 with a minimum of 15 and a maximum of 57."},
		{"expression-destructure-json-complex.yaml", `[43][43][{"age":43,"name":"Baris"}]["Baris","Mo","Jai"]`},
	}
	for _, c := range cases {
		wf := createExampleFile(t, ns, c.file)
		expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
		if log := logsOf(t, wf); !strings.Contains(log, c.log) {
			t.Errorf("%s: log %q, want it to contain %q", c.file, log, c.log)
		}
	}
	wf := createExampleFile(t, ns, "expression-tag-template.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	node := nodeByDisplayName(t, wf, "task-0(0:3)")
	year := wf.CreationTimestamp.UTC().Format("2006")
	if node.Outputs == nil || len(node.Outputs.Parameters) != 1 || !strings.HasPrefix(string(*node.Outputs.Parameters[0].Value), "hello 30 @ "+year) {
		t.Errorf("task-0(0:3) outputs %+v, want the parameter output to be hello 30 @ %s", node.Outputs, year)
	}
}

func TestConditionalParameters(t *testing.T) {
	ns := namespace(t, "expr-conditional")
	for _, file := range []string{"conditional-parameters.yaml", "dag-conditional-parameters.yaml"} {
		wf := createExampleFile(t, ns, file)
		expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
		root := wf.Status.Nodes[wf.Name]
		flip := nodeByDisplayName(t, wf, "flip-coin")
		if root.Outputs == nil || len(root.Outputs.Parameters) != 1 || flip.Outputs == nil || flip.Outputs.Result == nil ||
			string(*root.Outputs.Parameters[0].Value) != *flip.Outputs.Result {
			t.Errorf("%s: stepresult %+v, want the coin's side:\n%s", file, root.Outputs, describe(wf))
		}
	}
	wf := createExampleFile(t, ns, "conditional-parameters-fallback.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	root := wf.Status.Nodes[wf.Name]
	if root.Outputs == nil || len(root.Outputs.Parameters) != 1 || string(*root.Outputs.Parameters[0].Value) != "default" {
		t.Errorf("chosen %+v, want default:\n%s", root.Outputs, describe(wf))
	}
	if log := logsOf(t, wf); strings.TrimSpace(log) != "default" {
		t.Errorf("print's log %q, want default", log)
	}
}

func TestParametersFromConfigMap(t *testing.T) {
	ns := namespace(t, "expr-configmap")
	for _, file := range []string{"arguments-parameters-from-configmap.yaml", "global-parameters-from-configmap.yaml"} {
		if file == "global-parameters-from-configmap.yaml" {
			mustKubectl(t, "-n", ns, "delete", "configmap", "simple-parameters")
		}
		wf := createExampleFile(t, ns, file)
		expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
		if log := logsOf(t, wf); strings.TrimSpace(log) != "hello world" {
			t.Errorf("%s: log %q, want hello world", file, log)
		}
	}

	missing := workflow("configmap-missing-")
	missing.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "message", ValueFrom: &v1alpha1.ValueFrom{
		ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "absent"}, Key: "msg"}}}}
	wf := runWorkflow(t, ns, missing)
	expectPhase(t, wf, v1alpha1.WorkflowError)
	if want := "ConfigMap " + ns + "/absent does not exist: create it"; !strings.Contains(wf.Status.Message, want) {
		t.Errorf("message %q, want it to contain %q", wf.Status.Message, want)
	}

	unlabelled := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "plain"}, Data: map[string]string{"msg": "hi"}}
	if _, err := kube.CoreV1().ConfigMaps(ns).Create(testContext(t, time.Minute), unlabelled, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	fallback := v1alpha1.AnyString("fallback")
	withDefault := workflow("configmap-default-")
	withDefault.Spec.Templates[0].Inputs.Parameters = []v1alpha1.Parameter{{Name: "message", ValueFrom: &v1alpha1.ValueFrom{
		ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "simple-parameters"}, Key: "nope"},
		Default:         &fallback}}}
	withDefault.Spec.Templates[0].Container.Command = []string{"echo", "{{inputs.parameters.message}}"}
	wf = runWorkflow(t, ns, withDefault)
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	if log := logsOf(t, wf); strings.TrimSpace(log) != "fallback" {
		t.Errorf("log %q, want fallback", log)
	}

	notParameters := workflow("configmap-unlabelled-")
	notParameters.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "message", ValueFrom: &v1alpha1.ValueFrom{
		ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "plain"}, Key: "msg"}}}}
	wf = runWorkflow(t, ns, notParameters)
	expectPhase(t, wf, v1alpha1.WorkflowError)
	if want := "label it weft.dev/configmap-type=Parameter"; !strings.Contains(wf.Status.Message, want) {
		t.Errorf("message %q, want it to contain %q", wf.Status.Message, want)
	}
}

func TestLabelValueFrom(t *testing.T) {
	ns := namespace(t, "expr-labels")
	wf := createExampleFile(t, ns, "label-value-from-workflow.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	if wf.Labels["foo"] != "bar" {
		t.Errorf("labels %v, want foo=bar", wf.Labels)
	}
	listed := mustKubectl(t, "-n", ns, "get", "workflows.weft.dev", "-l", "foo=bar", "-o", "name")
	if strings.TrimSpace(listed) != "workflow.weft.dev/"+wf.Name {
		t.Errorf("workflows labelled foo=bar: %q", listed)
	}
}

func TestPodSpecPatchFromParameters(t *testing.T) {
	ns := namespace(t, "expr-podspecpatch")
	wf := createExampleFile(t, ns, "pod-spec-patch-wf-tmpl.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	pods := workflowPods(t, ns, wf.Name)
	if len(pods) != 1 {
		t.Fatalf("%d pods", len(pods))
	}
	for _, c := range pods[0].Spec.Containers {
		if c.Name != "main" {
			continue
		}
		if got := c.Resources.Limits.Cpu().String() + " " + c.Resources.Limits.Memory().String(); got != "100m 100Mi" {
			t.Errorf("main's limits %s, want 100m 100Mi", got)
		}
	}
}

func TestSecretsExample(t *testing.T) {
	ns := namespace(t, "expr-secrets")
	wf := createExampleFile(t, ns, "secrets.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	log := logsOf(t, wf)
	for _, want := range []string{"secret from env: S00perS3cretPa55word", "secret from file: S00perS3cretPa55word"} {
		if !strings.Contains(log, want) {
			t.Errorf("log %q, want it to contain %q", log, want)
		}
	}
}
