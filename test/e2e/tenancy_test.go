package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// tenancyRoles are the built-in roles the matrix binds, each to its own
// user in the tenant's namespace, and "none" for a user with no binding.
var tenancyRoles = []string{"view", "edit", "admin", "none"}

// tenancyCell is one verb on one resource, as a real request.
type tenancyCell struct {
	resource, verb string
	// write says the built-in view role must not be allowed it.
	write bool
	call  func(ctx context.Context, c versioned.Interface, ns string) error
}

// TestTenancyMatrix makes every request of the matrix tenant × role ×
// resource × verb as a real user and checks that RBAC's built-in view,
// edit and admin roles, with Weft's aggregated rules, decide it: each role
// works in its own namespace, nothing works in the other tenant's, and no
// namespace role reaches ClusterWorkflowTemplates.
func TestTenancyMatrix(t *testing.T) {
	ctx := testContext(t, 5*time.Minute)
	tenants := []string{namespace(t, "tenant-a"), namespace(t, "tenant-b")}
	home := tenants[0]
	users := map[string]versioned.Interface{}
	for _, role := range tenancyRoles {
		name := "tenancy-" + role
		if role != "none" {
			bind(t, home, name, role)
		}
		users[role] = userClient(t, name, "tenants")
	}
	for _, ns := range tenants {
		seedTenancyObjects(t, ctx, ns)
	}
	for _, role := range []string{"view", "edit", "admin"} {
		eventually(t, func() (*v1alpha1.WorkflowList, error) {
			return users[role].WeftV1alpha1().Workflows(home).List(ctx, metav1.ListOptions{})
		})
	}

	cells := append(namespacedCells("workflows", workflowCalls()), namespacedCells("workflowtemplates", templateCalls())...)
	cells = append(cells, namespacedCells("cronworkflows", cronCalls())...)
	cells = append(cells, statusAndLogCells()...)
	checked := 0
	for _, role := range tenancyRoles {
		for _, ns := range tenants {
			for _, cell := range cells {
				want := ns == home && role != "none" && (!cell.write || role != "view")
				err := cell.call(ctx, users[role], ns)
				checkCell(t, fmt.Sprintf("%s in %s: %s %s", role, tenantName(ns, home), cell.verb, cell.resource), want, err)
				checked++
			}
		}
		for _, cell := range clusterTemplateCells() {
			checkCell(t, fmt.Sprintf("%s: %s %s", role, cell.verb, cell.resource), false, cell.call(ctx, users[role], ""))
			checked++
		}
	}
	t.Logf("%d cells checked", checked)
}

func tenantName(ns, home string) string {
	if ns == home {
		return "its own namespace"
	}
	return "another tenant's namespace"
}

// checkCell fails the test when RBAC's answer, Forbidden or not, is not
// what the cell wants. Other errors (NotFound, Conflict) mean RBAC let the
// request through.
func checkCell(t *testing.T, what string, allowed bool, err error) {
	t.Helper()
	switch forbidden := apierrors.IsForbidden(err); {
	case allowed && forbidden:
		t.Errorf("%s: refused, want allowed: %v", what, err)
	case !allowed && !forbidden:
		t.Errorf("%s: %v, want 403 Forbidden", what, errOrAllowed(err))
	}
}

func errOrAllowed(err error) string {
	if err == nil {
		return "allowed"
	}
	return err.Error()
}

// The objects every tenant namespace holds for the matrix to act on.
const (
	tenancyWorkflow = "matrix-workflow"
	tenancyTemplate = "matrix-template"
	tenancyCron     = "matrix-cron"
)

// suspendedSpec runs no pod: its one step waits to be resumed.
func suspendedSpec() v1alpha1.WorkflowSpec {
	return v1alpha1.WorkflowSpec{Entrypoint: "wait", Templates: []v1alpha1.Template{{Name: "wait", Suspend: &v1alpha1.SuspendTemplate{}}}}
}

func seedTenancyObjects(t *testing.T, ctx context.Context, ns string) {
	t.Helper()
	client := weft.WeftV1alpha1()
	if _, err := client.Workflows(ns).Create(ctx, &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: tenancyWorkflow}, Spec: suspendedSpec()}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.WorkflowTemplates(ns).Create(ctx, &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: tenancyTemplate}, Spec: suspendedSpec()}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	suspended := true
	cron := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: tenancyCron},
		Spec: v1alpha1.CronWorkflowSpec{Schedules: []string{"@yearly"}, Suspend: suspended, WorkflowSpec: suspendedSpec()}}
	if _, err := client.CronWorkflows(ns).Create(ctx, cron, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// objectCalls are the calls of the matrix on one kind of object, by verb.
type objectCalls struct {
	get, list, watch, create, update, patch, remove, removeAll func(ctx context.Context, c versioned.Interface, ns string) error
}

// namespacedCells are the matrix cells of a namespaced resource.
func namespacedCells(resource string, calls objectCalls) []tenancyCell {
	return []tenancyCell{
		{resource: resource, verb: "get", call: calls.get},
		{resource: resource, verb: "list", call: calls.list},
		{resource: resource, verb: "watch", call: calls.watch},
		{resource: resource, verb: "create", write: true, call: calls.create},
		{resource: resource, verb: "update", write: true, call: calls.update},
		{resource: resource, verb: "patch", write: true, call: calls.patch},
		{resource: resource, verb: "delete", write: true, call: calls.remove},
		{resource: resource, verb: "deletecollection", write: true, call: calls.removeAll},
	}
}

// labelPatch adds a label: a change every update and patch may make.
var labelPatch = []byte(`{"metadata":{"labels":{"tenancy":"checked"}}}`)

// nothingSelected selects no object, so that an allowed deletecollection
// deletes nothing.
var nothingSelected = metav1.ListOptions{LabelSelector: "tenancy-never-set=true"}

func watchOnce(ctx context.Context, watch func(context.Context, metav1.ListOptions) (interface{ Stop() }, error)) error {
	w, err := watch(ctx, metav1.ListOptions{})
	if err == nil {
		w.Stop()
	}
	return err
}

func workflowCalls() objectCalls {
	return objectCalls{
		get: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().Workflows(ns).Get(ctx, tenancyWorkflow, metav1.GetOptions{})
			return err
		},
		list: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{})
			return err
		},
		watch: func(ctx context.Context, c versioned.Interface, ns string) error {
			return watchOnce(ctx, func(ctx context.Context, o metav1.ListOptions) (interface{ Stop() }, error) {
				return c.WeftV1alpha1().Workflows(ns).Watch(ctx, o)
			})
		},
		create: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().Workflows(ns).Create(ctx, &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: "matrix-"}, Spec: suspendedSpec()}, metav1.CreateOptions{})
			return err
		},
		update: func(ctx context.Context, c versioned.Interface, ns string) error {
			wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, tenancyWorkflow, metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("reading it as admin: %w", err)
			}
			wf.Labels = map[string]string{"tenancy": "updated"}
			_, err = c.WeftV1alpha1().Workflows(ns).Update(ctx, wf, metav1.UpdateOptions{})
			return err
		},
		patch: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().Workflows(ns).Patch(ctx, tenancyWorkflow, types.MergePatchType, labelPatch, metav1.PatchOptions{})
			return err
		},
		remove: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().Workflows(ns).Delete(ctx, "matrix-absent", metav1.DeleteOptions{})
		},
		removeAll: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().Workflows(ns).DeleteCollection(ctx, metav1.DeleteOptions{}, nothingSelected)
		},
	}
}

func templateCalls() objectCalls {
	return objectCalls{
		get: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().WorkflowTemplates(ns).Get(ctx, tenancyTemplate, metav1.GetOptions{})
			return err
		},
		list: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().WorkflowTemplates(ns).List(ctx, metav1.ListOptions{})
			return err
		},
		watch: func(ctx context.Context, c versioned.Interface, ns string) error {
			return watchOnce(ctx, func(ctx context.Context, o metav1.ListOptions) (interface{ Stop() }, error) {
				return c.WeftV1alpha1().WorkflowTemplates(ns).Watch(ctx, o)
			})
		},
		create: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().WorkflowTemplates(ns).Create(ctx, &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{GenerateName: "matrix-"}, Spec: suspendedSpec()}, metav1.CreateOptions{})
			return err
		},
		update: func(ctx context.Context, c versioned.Interface, ns string) error {
			tmpl, err := weft.WeftV1alpha1().WorkflowTemplates(ns).Get(ctx, tenancyTemplate, metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("reading it as admin: %w", err)
			}
			tmpl.Labels = map[string]string{"tenancy": "updated"}
			_, err = c.WeftV1alpha1().WorkflowTemplates(ns).Update(ctx, tmpl, metav1.UpdateOptions{})
			return err
		},
		patch: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().WorkflowTemplates(ns).Patch(ctx, tenancyTemplate, types.MergePatchType, labelPatch, metav1.PatchOptions{})
			return err
		},
		remove: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().WorkflowTemplates(ns).Delete(ctx, "matrix-absent", metav1.DeleteOptions{})
		},
		removeAll: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().WorkflowTemplates(ns).DeleteCollection(ctx, metav1.DeleteOptions{}, nothingSelected)
		},
	}
}

func cronCalls() objectCalls {
	return objectCalls{
		get: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().CronWorkflows(ns).Get(ctx, tenancyCron, metav1.GetOptions{})
			return err
		},
		list: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().CronWorkflows(ns).List(ctx, metav1.ListOptions{})
			return err
		},
		watch: func(ctx context.Context, c versioned.Interface, ns string) error {
			return watchOnce(ctx, func(ctx context.Context, o metav1.ListOptions) (interface{ Stop() }, error) {
				return c.WeftV1alpha1().CronWorkflows(ns).Watch(ctx, o)
			})
		},
		create: func(ctx context.Context, c versioned.Interface, ns string) error {
			cron := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{GenerateName: "matrix-"},
				Spec: v1alpha1.CronWorkflowSpec{Schedules: []string{"@yearly"}, Suspend: true, WorkflowSpec: suspendedSpec()}}
			_, err := c.WeftV1alpha1().CronWorkflows(ns).Create(ctx, cron, metav1.CreateOptions{})
			return err
		},
		update: func(ctx context.Context, c versioned.Interface, ns string) error {
			cron, err := weft.WeftV1alpha1().CronWorkflows(ns).Get(ctx, tenancyCron, metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("reading it as admin: %w", err)
			}
			cron.Labels = map[string]string{"tenancy": "updated"}
			_, err = c.WeftV1alpha1().CronWorkflows(ns).Update(ctx, cron, metav1.UpdateOptions{})
			return err
		},
		patch: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().CronWorkflows(ns).Patch(ctx, tenancyCron, types.MergePatchType, labelPatch, metav1.PatchOptions{})
			return err
		},
		remove: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().CronWorkflows(ns).Delete(ctx, "matrix-absent", metav1.DeleteOptions{})
		},
		removeAll: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().CronWorkflows(ns).DeleteCollection(ctx, metav1.DeleteOptions{}, nothingSelected)
		},
	}
}

// statusAndLogCells are the subresources: the status that weft resume and
// retry write, and the logs.
func statusAndLogCells() []tenancyCell {
	return []tenancyCell{
		{resource: "workflows/status", verb: "get", call: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().RESTClient().Get().Namespace(ns).Resource("workflows").Name(tenancyWorkflow).SubResource("status").Do(ctx).Error()
		}},
		{resource: "workflows/status", verb: "update", write: true, call: func(ctx context.Context, c versioned.Interface, ns string) error {
			wf, err := weft.WeftV1alpha1().Workflows(ns).Get(ctx, tenancyWorkflow, metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("reading it as admin: %w", err)
			}
			_, err = c.WeftV1alpha1().Workflows(ns).UpdateStatus(ctx, wf, metav1.UpdateOptions{})
			return err
		}},
		{resource: "workflows/status", verb: "patch", write: true, call: func(ctx context.Context, c versioned.Interface, ns string) error {
			_, err := c.WeftV1alpha1().Workflows(ns).Patch(ctx, tenancyWorkflow, types.MergePatchType, []byte(`{}`), metav1.PatchOptions{}, "status")
			return err
		}},
		{resource: "workflows/log", verb: "get", call: func(ctx context.Context, c versioned.Interface, ns string) error {
			return c.WeftV1alpha1().RESTClient().Get().Namespace(ns).Resource("workflows").Name(tenancyWorkflow).SubResource("log").Do(ctx).Error()
		}},
	}
}

// clusterTemplateCells are requests for ClusterWorkflowTemplates, which no
// namespace role grants.
func clusterTemplateCells() []tenancyCell {
	const resource = "clusterworkflowtemplates"
	return []tenancyCell{
		{resource: resource, verb: "get", call: func(ctx context.Context, c versioned.Interface, _ string) error {
			_, err := c.WeftV1alpha1().ClusterWorkflowTemplates().Get(ctx, "matrix-absent", metav1.GetOptions{})
			return err
		}},
		{resource: resource, verb: "list", call: func(ctx context.Context, c versioned.Interface, _ string) error {
			_, err := c.WeftV1alpha1().ClusterWorkflowTemplates().List(ctx, metav1.ListOptions{})
			return err
		}},
		{resource: resource, verb: "create", write: true, call: func(ctx context.Context, c versioned.Interface, _ string) error {
			cwt := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{GenerateName: "matrix-"}, Spec: suspendedSpec()}
			_, err := c.WeftV1alpha1().ClusterWorkflowTemplates().Create(ctx, cwt, metav1.CreateOptions{})
			return err
		}},
		{resource: resource, verb: "delete", write: true, call: func(ctx context.Context, c versioned.Interface, _ string) error {
			return c.WeftV1alpha1().ClusterWorkflowTemplates().Delete(ctx, "matrix-absent", metav1.DeleteOptions{})
		}},
	}
}

// TestTemplateReferencesNeedReadRights checks that a reference to a
// template is as good as its creator's right to read the template: a user
// who may create Workflows but not read WorkflowTemplates, or who holds no
// right on ClusterWorkflowTemplates, is refused with a 403 naming the field.
func TestTemplateReferencesNeedReadRights(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	ns := namespace(t, "template-rights")
	seedTenancyObjects(t, ctx, ns)
	cwt := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{GenerateName: "template-rights-"}, Spec: suspendedSpec()}
	createdCWT, err := weft.WeftV1alpha1().ClusterWorkflowTemplates().Create(ctx, cwt, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = weft.WeftV1alpha1().ClusterWorkflowTemplates().Delete(context.Background(), createdCWT.Name, metav1.DeleteOptions{})
	})
	grantWorkflows(t, ns, "template-submitter", "create", "get", "list")
	bind(t, ns, "template-editor", "edit")
	submitter := userClient(t, "template-submitter", "tenants")
	editor := userClient(t, "template-editor", "tenants")
	eventually(t, func() (*v1alpha1.WorkflowList, error) {
		return submitter.WeftV1alpha1().Workflows(ns).List(ctx, metav1.ListOptions{})
	})

	byTemplate := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{GenerateName: "by-template-"},
		Spec: v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: tenancyTemplate}}}
	_, err = submitter.WeftV1alpha1().Workflows(ns).Create(ctx, byTemplate, metav1.CreateOptions{})
	wantRefused(t, "a submitter who may not read WorkflowTemplates", err, "spec.workflowTemplateRef.name", `may not get WorkflowTemplate "`+tenancyTemplate+`"`)
	if _, err := editor.WeftV1alpha1().Workflows(ns).Create(ctx, byTemplate, metav1.CreateOptions{}); err != nil {
		t.Errorf("an edit user refers to a WorkflowTemplate of the namespace: %v", err)
	}

	byCluster := byTemplate.DeepCopy()
	byCluster.Spec.WorkflowTemplateRef = &v1alpha1.WorkflowTemplateRef{Name: createdCWT.Name, ClusterScope: true}
	_, err = editor.WeftV1alpha1().Workflows(ns).Create(ctx, byCluster, metav1.CreateOptions{})
	wantRefused(t, "an edit user without rights on ClusterWorkflowTemplates", err, "spec.workflowTemplateRef.name", `may not get ClusterWorkflowTemplate "`+createdCWT.Name+`"`)
	viewer := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "template-editor-cwt-viewer-"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "weft-clusterworkflowtemplate-viewer"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: "template-editor"}},
	}
	createdViewer, err := kube.RbacV1().ClusterRoleBindings().Create(ctx, viewer, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kube.RbacV1().ClusterRoleBindings().Delete(context.Background(), createdViewer.Name, metav1.DeleteOptions{})
	})
	eventually(t, func() (*v1alpha1.Workflow, error) {
		return editor.WeftV1alpha1().Workflows(ns).Create(ctx, byCluster, metav1.CreateOptions{})
	})
}

func wantRefused(t *testing.T, who string, err error, path, says string) {
	t.Helper()
	if !apierrors.IsForbidden(err) {
		t.Errorf("%s: got %v, want 403 Forbidden", who, err)
		return
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), says) {
		t.Errorf("%s: %q does not name %s and say %q", who, err.Error(), path, says)
	}
}

// TestWorkflowLogsShowOnlyTheWorkflowsPods checks that workflows/log reads
// only the pods of the workflow it is asked for: not another pod of the
// same namespace named with podName, and nothing for a user of another
// namespace.
func TestWorkflowLogsShowOnlyTheWorkflowsPods(t *testing.T) {
	ctx := testContext(t, 3*time.Minute)
	home, other := namespace(t, "logs-home"), namespace(t, "logs-other")
	const secret = "tenancy-secret-output"
	bare := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "not-a-workflow-pod"},
		Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{
			Name: "main", Image: "weft.localhost/busybox:1.35", Command: []string{"echo", secret},
		}}},
	}
	if _, err := kube.CoreV1().Pods(home).Create(ctx, bare, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	bind(t, home, "logs-owner", "edit")
	bind(t, other, "logs-neighbour", "view")
	owner := userClient(t, "logs-owner", "tenants")
	neighbour := userClient(t, "logs-neighbour", "tenants")
	created := eventually(t, func() (*v1alpha1.Workflow, error) {
		return owner.WeftV1alpha1().Workflows(home).Create(ctx, workflow("logs-"), metav1.CreateOptions{})
	})
	waitFor(t, ctx, home, created.Name, "the workflow to succeed", func(wf *v1alpha1.Workflow) bool {
		return wf.Status.Phase == v1alpha1.WorkflowSucceeded
	})

	logs := func(c versioned.Interface, podName string) ([]byte, error) {
		req := c.WeftV1alpha1().RESTClient().Get().Namespace(home).Resource("workflows").Name(created.Name).SubResource("log")
		if podName != "" {
			req = req.Param("podName", podName)
		}
		return req.DoRaw(ctx)
	}
	own, err := logs(owner, "")
	if err != nil || !strings.Contains(string(own), "hello") {
		t.Errorf("the owner reads the workflow's own log: %q, %v", own, err)
	}
	body, err := logs(owner, bare.Name)
	if !apierrors.IsNotFound(err) {
		t.Errorf("podName of a pod that is not the workflow's: got %v, want 404", errOrAllowed(err))
	}
	if strings.Contains(string(body), secret) || (err != nil && strings.Contains(err.Error(), secret)) {
		t.Errorf("the log of another pod leaked through workflows/log: %q", body)
	}
	if _, err := logs(neighbour, ""); !apierrors.IsForbidden(err) {
		t.Errorf("a viewer of another namespace reads the workflow's log: %v, want 403", errOrAllowed(err))
	}
}
