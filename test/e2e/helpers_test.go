package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func testContext(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// kubectl runs kubectl against the cluster and returns its stdout and stderr.
func kubectl(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	return kubectlStdin(t, "", args...)
}

// kubectlStdin is kubectl with input on its standard input.
func kubectlStdin(t *testing.T, input string, args ...string) (string, string, error) {
	t.Helper()
	cmd := exec.Command(envOr("KUBECTL", "kubectl"), append([]string{"--kubeconfig", kubeconfigPath()}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin = strings.NewReader(input)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// mustKubectl is kubectl that fails the test when the command fails.
func mustKubectl(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, err := kubectl(t, args...)
	if err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout
}

// namespace creates a namespace named prefix plus a random suffix for one
// test, and deletes it afterwards.
func namespace(t *testing.T, prefix string) string {
	t.Helper()
	ctx := testContext(t, time.Minute)
	created, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: prefix + "-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create namespace %s-*: %v", prefix, err)
	}
	t.Cleanup(func() {
		_ = kube.CoreV1().Namespaces().Delete(context.Background(), created.Name, metav1.DeleteOptions{})
	})
	return created.Name
}

// workflow is a minimal valid workflow with a generated name.
func workflow(generateName string) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: generateName},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "main",
			Templates: []v1alpha1.Template{{
				Name:      "main",
				Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"echo", "hello"}},
			}},
		},
	}
}
