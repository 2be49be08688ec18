package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// TestTemplatesWithoutCommand runs hello-world-no-command.yaml: the
// controller reads each image's ENTRYPOINT and CMD from the local registry
// (Docker Hub names through its docker.io mirror) and runs them through the
// executor with Kubernetes' rules.
func TestTemplatesWithoutCommand(t *testing.T) {
	ns := namespace(t, "entrypoint")
	done := runExample(t, ns, "hello-world-no-command.yaml")
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)

	for step, want := range map[string]string{"argosay": "hello world", "args-as-command": "hello from busybox"} {
		if log := podLog(t, ns, podOfNode(t, ns, done, nodeByDisplayName(t, done, step))); !strings.Contains(log, want) {
			t.Errorf("%s's log %q, want %q", step, log, want)
		}
	}
	for step, want := range map[string][]string{
		"argosay":         {"/argosay", "echo", "hello world"},
		"args-as-command": {"echo", "hello from busybox"},
		"image-cmd":       {"sh"},
	} {
		pod, err := kube.CoreV1().Pods(ns).Get(testContext(t, time.Minute), podOfNode(t, ns, done, nodeByDisplayName(t, done, step)), metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := commandAfterExecutor(pod); !slices.Equal(got, want) {
			t.Errorf("%s runs %q, want %q", step, got, want)
		}
	}
}

// TestTemplateWithUnknownImage: a template without a command whose image
// the registry does not have fails, naming the image and what to do.
func TestTemplateWithUnknownImage(t *testing.T) {
	ns := namespace(t, "entrypoint-missing")
	wf := workflow("no-such-image-")
	wf.Spec.Templates[0].Container = &corev1.Container{Image: "weft.localhost/no-such-image:1"}
	done := runWorkflow(t, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowError)
	for _, want := range []string{`image "weft.localhost/no-such-image:1"`, "not found", "give container.command", "images:"} {
		if !strings.Contains(done.Status.Message, want) {
			t.Errorf("message %q does not say %q", done.Status.Message, want)
		}
	}
	if pods := workflowPods(t, ns, done.Name); len(pods) != 0 {
		t.Errorf("%d pods made for an image whose entrypoint is unknown", len(pods))
	}
}

// commandAfterExecutor is what main runs: its command after the
// executor's "--".
func commandAfterExecutor(pod *corev1.Pod) []string {
	for _, c := range pod.Spec.Containers {
		if c.Name != podspec.MainContainer {
			continue
		}
		if i := slices.Index(c.Command, "--"); i >= 0 {
			return c.Command[i+1:]
		}
	}
	return nil
}
