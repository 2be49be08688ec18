package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// TestResourceTemplateAsCreator: a user with the edit role runs a workflow
// whose resource template creates a ConfigMap; the controller creates it as
// that user and reads outputs back from it.
func TestResourceTemplateAsCreator(t *testing.T) {
	ns := namespace(t, "resource")
	bind(t, ns, "carol", "edit")
	carol := userClient(t, "carol", "developers")
	wf := runWorkflowAs(t, carol, ns, exampleWorkflow(t, "k8s-resource-configmap.yaml"))
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)

	create := nodeByDisplayName(t, wf, "create")
	if create.Type != v1alpha1.NodeTypePod {
		t.Errorf("resource node type %s, want Pod as Argo records it", create.Type)
	}
	cm, err := kube.CoreV1().ConfigMaps(ns).Get(testContext(t, time.Minute), wf.Name+"-settings", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the ConfigMap the workflow created: %v", err)
	}
	outputs := map[string]string{}
	if create.Outputs != nil {
		for _, p := range create.Outputs.Parameters {
			outputs[p.Name] = string(*p.Value)
		}
	}
	if outputs["uid"] != string(cm.UID) || outputs["color"] != "blue" {
		t.Errorf("outputs %v, want uid %s and color blue", outputs, cm.UID)
	}
	if cm.Labels[podspec.LabelWorkflow] != wf.Name || cm.Labels[podspec.LabelNodeID] != create.ID {
		t.Errorf("ConfigMap labels %v, want the workflow's and node's", cm.Labels)
	}
	if !strings.Contains(podLog(t, ns, printPod(t, ns, wf)), "ConfigMap "+string(cm.UID)+" says blue") {
		t.Errorf("the print step did not receive the outputs")
	}
	if wf.Status.Outputs == nil || len(wf.Status.Outputs.Parameters) != 1 || string(*wf.Status.Outputs.Parameters[0].Value) != "blue" {
		t.Errorf("workflow outputs %+v, want the global color=blue", wf.Status.Outputs)
	}
}

// TestResourceTemplateRefusedByRBAC: a user who may create workflows but not
// Secrets cannot create a Secret through a resource template: the node fails
// with RBAC's message and no Secret exists.
func TestResourceTemplateRefusedByRBAC(t *testing.T) {
	ctx := testContext(t, time.Minute)
	ns := namespace(t, "resource-rbac")
	grantWorkflows(t, ns, "dave", "create", "get", "list", "watch")
	dave := userClient(t, "dave", "testers")
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "steal-"},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "make-secret",
			Templates: []v1alpha1.Template{{
				Name: "make-secret",
				Resource: &v1alpha1.ResourceTemplate{
					Action:   "create",
					Manifest: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen\nstringData:\n  password: hunter2\n",
				},
			}},
		},
	}
	done := runWorkflowAs(t, dave, ns, wf)
	expectPhase(t, done, v1alpha1.WorkflowFailed)
	node := nodeByDisplayName(t, done, done.Name)
	want := `secrets is forbidden: User "dave" cannot create resource "secrets" in API group "" in the namespace "` + ns + `"`
	if node.Phase != v1alpha1.NodeFailed || !strings.Contains(node.Message, want) {
		t.Errorf("node %s %q, want Failed with %q", node.Phase, node.Message, want)
	}
	if _, err := kube.CoreV1().Secrets(ns).Get(ctx, "stolen", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the Secret exists or cannot be checked: %v", err)
	}
}

// TestResourceOwnedByWorkflow: with setOwnerReference, deleting the workflow
// deletes the object its resource template created.
func TestResourceOwnedByWorkflow(t *testing.T) {
	ns := namespace(t, "resource-owner")
	wf := runExample(t, ns, "k8s-resource-configmap.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	ctx := testContext(t, 2*time.Minute)
	name := wf.Name + "-settings"
	cm, err := kube.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	refs := cm.OwnerReferences
	if len(refs) != 1 || refs[0].Kind != "Workflow" || refs[0].UID != wf.UID || refs[0].Controller != nil {
		t.Fatalf("ownerReferences %+v, want the workflow as a non-controller owner", refs)
	}
	if err := weft.WeftV1alpha1().Workflows(ns).Delete(ctx, wf.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(ctx context.Context) (bool, error) {
		_, err := kube.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Fatalf("the ConfigMap outlived its workflow: %v", err)
	}
}

// runWorkflowAs creates wf in ns as the client's user, once RBAC caches know
// the user's bindings, and waits until it finishes.
func runWorkflowAs(t *testing.T, client versioned.Interface, ns string, wf *v1alpha1.Workflow) *v1alpha1.Workflow {
	t.Helper()
	ctx := testContext(t, 4*time.Minute)
	created := eventually(t, func() (*v1alpha1.Workflow, error) {
		return client.WeftV1alpha1().Workflows(ns).Create(ctx, wf, metav1.CreateOptions{})
	})
	return waitFinished(t, ctx, ns, created.Name)
}

// printPod is the pod of the configmap example's print step.
func printPod(t *testing.T, ns string, wf *v1alpha1.Workflow) string {
	t.Helper()
	node := nodeByDisplayName(t, wf, "print")
	for _, pod := range workflowPods(t, ns, wf.Name) {
		if pod.Labels[podspec.LabelNodeID] == node.ID && pod.Status.Phase == corev1.PodSucceeded {
			return pod.Name
		}
	}
	t.Fatalf("no pod of node %s", node.Name)
	return ""
}

// TestResourceJobExample runs Argo's k8s-jobs example: a Job created with
// generateName, waited for with successCondition and failureCondition.
func TestResourceJobExample(t *testing.T) {
	ns := namespace(t, "resource-job")
	wf := runExample(t, ns, "k8s-resource-jobs.yaml")
	expectPhase(t, wf, v1alpha1.WorkflowSucceeded)
	node := nodeByDisplayName(t, wf, wf.Name)
	if node.Outputs == nil || len(node.Outputs.Parameters) != 1 || !strings.HasPrefix(string(*node.Outputs.Parameters[0].Value), "pi-job-") {
		t.Fatalf("outputs %+v, want job-name pi-job-*", node.Outputs)
	}
	job, err := kube.BatchV1().Jobs(ns).Get(testContext(t, time.Minute), string(*node.Outputs.Parameters[0].Value), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status.Succeeded < 1 {
		t.Errorf("job %s succeeded %d times, want at least once", job.Name, job.Status.Succeeded)
	}
}
