package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// nodesOfType are a workflow's nodes of one type, by display name.
func nodesOfType(wf *v1alpha1.Workflow, typ v1alpha1.NodeType) map[string]v1alpha1.NodeStatus {
	out := map[string]v1alpha1.NodeStatus{}
	for _, n := range wf.Status.Nodes {
		if n.Type == typ {
			out[n.DisplayName] = n
		}
	}
	return out
}

func TestContainerSetGraph(t *testing.T) {
	ns := namespace(t, "e2e-cset")
	wf := runExample(t, ns, "container-set-graph.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	containers := nodesOfType(wf, v1alpha1.NodeTypeContainer)
	for _, name := range []string{"a", "b", "c", "main"} {
		if n, ok := containers[name]; !ok || n.Phase != v1alpha1.NodeSucceeded || n.Outputs == nil || n.Outputs.ExitCode == nil || *n.Outputs.ExitCode != "0" {
			t.Errorf("container node %s: %+v\n%s", name, n, describe(wf))
		}
	}
	root := nodeByDisplayName(t, wf, wf.Name)
	if root.Type != v1alpha1.NodeTypePod || len(root.Children) != 4 || root.Outputs == nil || len(root.Outputs.Parameters) != 1 {
		t.Fatalf("pod node %+v", root)
	}
	lines := strings.Split(string(*root.Outputs.Parameters[0].Value), "\n")
	if len(lines) != 4 || lines[0] != "a" || lines[3] != "main" {
		t.Errorf("message %q: a must run first and main last", lines)
	}
	if pods := workflowPods(t, ns, wf.Name); len(pods) != 1 || len(pods[0].Spec.Containers) != 4 {
		t.Errorf("want one pod with four containers, got %d pods", len(pods))
	}
}

func TestContainerSetOutputsResultAndRetry(t *testing.T) {
	ns := namespace(t, "e2e-cset-result")
	wf := runExample(t, ns, "container-set-outputs-result.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	a := nodeByDisplayName(t, wf, "a")
	if a.Outputs == nil || a.Outputs.Result == nil || *a.Outputs.Result != "hi" {
		t.Errorf("a's outputs %+v", a.Outputs)
	}
	if n := nodeByDisplayName(t, wf, "flaky"); n.Phase != v1alpha1.NodeSucceeded {
		t.Errorf("flaky is %s %q: the set's retryStrategy should run it again", n.Phase, n.Message)
	}
}

func TestContainerSetFailureStopsDependents(t *testing.T) {
	ns := namespace(t, "e2e-cset-fail")
	wf := workflow("cset-fail-")
	wf.Spec.Templates[0] = v1alpha1.Template{Name: "main", ContainerSet: &v1alpha1.ContainerSetTemplate{Containers: []v1alpha1.ContainerNode{
		{Container: corev1.Container{Name: "a", Image: "weft.localhost/busybox:1.35", Command: []string{"sh", "-c", "exit 3"}}},
		{Container: corev1.Container{Name: "b", Image: "weft.localhost/busybox:1.35", Command: []string{"touch", "/tmp/ran"}}, Dependencies: []string{"a"}},
		{Container: corev1.Container{Name: "main", Image: "weft.localhost/busybox:1.35", Command: []string{"true"}}},
	}}}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowFailed)
	if done.Status.Message != "container a: Error (exit code 3)" {
		t.Errorf("message %q", done.Status.Message)
	}
	containers := nodesOfType(done, v1alpha1.NodeTypeContainer)
	if a := containers["a"]; a.Phase != v1alpha1.NodeFailed || a.Outputs == nil || *a.Outputs.ExitCode != "3" {
		t.Errorf("a: %+v", a)
	}
	if b := containers["b"]; b.Phase != v1alpha1.NodeFailed || !strings.HasPrefix(b.Message, `not run: container "a" it depends on failed`) {
		t.Errorf("b: %s %q", b.Phase, b.Message)
	}
	if m := containers["main"]; m.Phase != v1alpha1.NodeSucceeded {
		t.Errorf("main: %s %q", m.Phase, m.Message)
	}
}

func TestHTTPTemplate(t *testing.T) {
	ns := namespace(t, "e2e-http")
	wf := runExample(t, ns, "http-template.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	good := nodeByDisplayName(t, wf, "good")
	if good.Type != v1alpha1.NodeTypeHTTP || good.Outputs == nil || good.Outputs.Result == nil || *good.Outputs.Result != "hello world\n" {
		t.Errorf("good: %s %+v", good.Type, good.Outputs)
	}
	if bad := nodeByDisplayName(t, wf, "bad"); bad.Phase != v1alpha1.NodeFailed || bad.Message != "received response status code 404, not 2xx" {
		t.Errorf("bad: %s %q", bad.Phase, bad.Message)
	}
	for _, p := range workflowPods(t, ns, wf.Name) {
		if len(p.Spec.Containers) == 1 && strings.HasSuffix(strings.Join(p.Spec.Containers[0].Command, " "), " http") {
			if p.Spec.AutomountServiceAccountToken == nil || *p.Spec.AutomountServiceAccountToken {
				t.Errorf("agent pod %s mounts a service account token", p.Name)
			}
		}
	}
}

func TestHTTPTemplateHeaderFromSecret(t *testing.T) {
	ns := namespace(t, "e2e-http-secret")
	ctx := testContext(t, time.Minute)
	if _, err := kube.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "token"}, StringData: map[string]string{"value": "Bearer abc"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wf := workflow("http-secret-")
	wf.Spec.Templates[0] = v1alpha1.Template{Name: "main", HTTP: &v1alpha1.HTTP{
		URL:              "http://weft-fixtures.weft-system.svc/hello.txt",
		Headers:          []v1alpha1.HTTPHeader{{Name: "Authorization", ValueFrom: &v1alpha1.HTTPHeaderSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "token"}, Key: "value"}}}},
		SuccessCondition: `response.statusCode == 200 && response.headers["Content-Length"][0] == "12"`,
	}}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	pods := workflowPods(t, ns, done.Name)
	if len(pods) != 1 {
		t.Fatalf("%d pods", len(pods))
	}
	for _, e := range pods[0].Spec.Containers[0].Env {
		if strings.Contains(e.Value, "Bearer abc") {
			t.Errorf("the secret's value is in the pod spec: %s", e.Name)
		}
	}
}

func TestPluginTemplateSaysWhatItNeeds(t *testing.T) {
	ns := namespace(t, "e2e-plugin")
	wf := workflow("plugin-")
	wf.Spec.Templates[0] = v1alpha1.Template{Name: "main", Plugin: &v1alpha1.Plugin{Value: json.RawMessage(`{"hello":{"text":"hi"}}`)}}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowError)
	if !strings.Contains(done.Status.Message, `executor plugin "hello"`) || !strings.Contains(done.Status.Message, "executor plugins are not configured on this cluster") {
		t.Errorf("message %q", done.Status.Message)
	}
}

func TestDaemonStartsTheNextStepWhenReady(t *testing.T) {
	ns := namespace(t, "e2e-daemon-ready")
	wf := runExample(t, ns, "daemon-nginx.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	server := nodeByDisplayName(t, wf, "nginx-server")
	client := nodeByDisplayName(t, wf, "nginx-client")
	if server.Daemoned == nil || !*server.Daemoned {
		t.Errorf("server is not daemoned: %+v", server)
	}
	if client.StartedAt.Before(&server.FinishedAt) {
		t.Errorf("client started at %s, before the daemon was Ready at %s", client.StartedAt, server.FinishedAt)
	}
	waitPodsGone(t, ns, wf.Name, server.Name)
}

func TestDAGDaemonTask(t *testing.T) {
	ns := namespace(t, "e2e-dag-daemon")
	wf := runExample(t, ns, "dag-daemon-task.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	waitPodsGone(t, ns, wf.Name, nodeByDisplayName(t, wf, "server").Name)
}

// waitPodsGone waits until the pod of a daemon node no longer runs.
func waitPodsGone(t *testing.T, ns, workflow, nodeName string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		running := false
		for _, p := range workflowPods(t, ns, workflow) {
			if p.Annotations["weft.dev/node-name"] == nodeName && p.DeletionTimestamp == nil && p.Status.Phase == corev1.PodRunning {
				running = true
			}
		}
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon's pod still runs a minute after the workflow ended")
		}
		time.Sleep(time.Second)
	}
}
