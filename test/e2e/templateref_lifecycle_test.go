package e2e

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestTemplateChangesDoNotReachARunningWorkflow runs a workflow from a
// WorkflowTemplate, edits and then deletes the template while the workflow
// runs, and checks that the run kept the template as it was at the start,
// with the workflow's arguments and the template's workflowMetadata.
func TestTemplateChangesDoNotReachARunningWorkflow(t *testing.T) {
	ns := namespace(t, "tmpl-edit")
	ctx := testContext(t, 3*time.Minute)
	tmpl := &v1alpha1.WorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "slow-echo"},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint:       "main",
			WorkflowMetadata: &v1alpha1.WorkflowMetadata{Labels: map[string]string{"from-template": "yes"}},
			Arguments:        v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{{Name: "message", Value: anyString("from-template")}}},
			Templates: []v1alpha1.Template{{
				Name: "main",
				Steps: [][]v1alpha1.WorkflowStep{
					{{Name: "wait", Template: "wait"}},
					{{Name: "say", Template: "say"}},
				},
			}, {
				Name:      "wait",
				Container: busybox("sleep", "4"),
			}, {
				Name:      "say",
				Container: busybox("echo", "said {{workflow.parameters.message}}"),
			}},
		},
	}
	if _, err := weft.WeftV1alpha1().WorkflowTemplates(ns).Create(ctx, tmpl, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "from-template-"},
		Spec: v1alpha1.WorkflowSpec{
			WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "slow-echo"},
			Arguments:           v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{{Name: "message", Value: anyString("from-workflow")}}},
		},
	}
	created, err := weft.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, ns, created.Name, "the wait step to run", nodeInPhase("wait", v1alpha1.NodeRunning))

	current, err := weft.WeftV1alpha1().WorkflowTemplates(ns).Get(ctx, "slow-echo", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	current.Spec.Templates[2].Container.Command = []string{"echo", "edited"}
	if _, err := weft.WeftV1alpha1().WorkflowTemplates(ns).Update(ctx, current, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("editing the template mid-run: %v", err)
	}
	if err := weft.WeftV1alpha1().WorkflowTemplates(ns).Delete(ctx, "slow-echo", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("deleting the template mid-run: %v", err)
	}

	done := waitFinished(t, ctx, ns, created.Name)
	expectPhase(t, done, v1alpha1.WorkflowSucceeded)
	if log := podLog(t, ns, podOfNode(t, ns, done, nodeByDisplayName(t, done, "say"))); strings.TrimSpace(log) != "said from-workflow" {
		t.Errorf("say printed %q, want the workflow's argument through the template as it was at the start", log)
	}
	if done.Labels["from-template"] != "yes" {
		t.Errorf("labels %v lack the template's workflowMetadata", done.Labels)
	}
}

func anyString(s string) *v1alpha1.AnyString {
	v := v1alpha1.AnyString(s)
	return &v
}

// busybox is a container running a command in the local busybox image.
func busybox(command ...string) *corev1.Container {
	return &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: command}
}
