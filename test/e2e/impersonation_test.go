package e2e

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// TestWorkflowPodsAreCreatedWithTheCreatorsRights checks that the
// controller creates a workflow's pods as the workflow's creator: a user who
// may create Workflows but not Pods gets a failed node that says so, and no
// pod; a user of the built-in edit role gets the workflow run.
func TestWorkflowPodsAreCreatedWithTheCreatorsRights(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	ns := namespace(t, "impersonation")
	grantWorkflows(t, ns, "carol", "create", "get", "list", "watch")
	bind(t, ns, "dave", "edit")
	carol := userClient(t, "carol", "workflow-submitters")
	dave := userClient(t, "dave", "developers")

	refused := eventually(t, func() (*v1alpha1.Workflow, error) {
		return carol.WeftV1alpha1().Workflows(ns).Create(ctx, workflow("no-pod-rights-"), metav1.CreateOptions{})
	})
	ran := eventually(t, func() (*v1alpha1.Workflow, error) {
		return dave.WeftV1alpha1().Workflows(ns).Create(ctx, workflow("edit-rights-"), metav1.CreateOptions{})
	})

	failed := waitFor(t, ctx, ns, refused.Name, "the workflow to fail", func(wf *v1alpha1.Workflow) bool {
		return wf.Status.Phase == v1alpha1.WorkflowFailed || wf.Status.Phase == v1alpha1.WorkflowError
	})
	const refusal = `User "carol" cannot create resource "pods"`
	var said []string
	for _, node := range failed.Status.Nodes {
		said = append(said, node.Message)
	}
	if !strings.Contains(strings.Join(said, "\n"), refusal) {
		t.Errorf("no node of %s says %q; its messages: %q", failed.Name, refusal, said)
	}
	pods, err := kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: podspec.LabelWorkflow + "=" + refused.Name})
	if err != nil {
		t.Fatal(err)
	}
	if len(pods.Items) != 0 {
		t.Errorf("carol, who may not create pods, got %d pods through her workflow", len(pods.Items))
	}

	waitFor(t, ctx, ns, ran.Name, "the edit user's workflow to succeed", func(wf *v1alpha1.Workflow) bool {
		return wf.Status.Phase == v1alpha1.WorkflowSucceeded
	})
}
