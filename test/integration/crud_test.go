package integration

import (
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestWorkflowLifecycle(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("crud")

	watcher, err := workflows.Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatalf("watch: %v", err)
	}
	defer watcher.Stop()

	created, err := workflows.Create(ctx, helloWorkflow("hello"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.UID == "" || created.ResourceVersion == "" || created.CreationTimestamp.IsZero() {
		t.Errorf("created workflow lacks server-set metadata: %+v", created.ObjectMeta)
	}
	expectEvent(t, watcher, watch.Added, "hello")

	got, err := workflows.Get(ctx, "hello", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.Spec.Templates[0].Container.Image != "weft.localhost/busybox:1.35" {
		t.Errorf("get returned image %q", got.Spec.Templates[0].Container.Image)
	}

	got.Labels["stage"] = "updated"
	updated, err := workflows.Update(ctx, got, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if updated.Labels["stage"] != "updated" {
		t.Errorf("update lost the label: %v", updated.Labels)
	}
	expectEvent(t, watcher, watch.Modified, "hello")

	list, err := workflows.List(ctx, metav1.ListOptions{LabelSelector: "stage=updated"})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "hello" {
		t.Errorf("label selector stage=updated listed %d workflows", len(list.Items))
	}

	if err := workflows.Delete(ctx, "hello", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	expectEvent(t, watcher, watch.Deleted, "hello")
	if _, err := workflows.Get(ctx, "hello", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("get after delete: want NotFound, got %v", err)
	}
}

func TestGenerateName(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("generate-name")
	wf := helloWorkflow("")
	wf.GenerateName = "loops-maps-"
	first, err := workflows.Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	second, err := workflows.Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	for _, name := range []string{first.Name, second.Name} {
		if !strings.HasPrefix(name, "loops-maps-") || len(name) != len("loops-maps-")+5 {
			t.Errorf("generated name %q: want loops-maps- and five characters", name)
		}
	}
	if first.Name == second.Name {
		t.Errorf("two creates generated the same name %q", first.Name)
	}
}

func TestOtherKindsLifecycle(t *testing.T) {
	ctx := testContext(t)
	client := server.Client.WeftV1alpha1()
	spec := helloWorkflow("").Spec

	tmpl := &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "kinds-template"}, Spec: spec}
	if _, err := client.WorkflowTemplates("kinds").Create(ctx, tmpl, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create WorkflowTemplate: %v", err)
	}
	cluster := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "kinds-cluster-template"}, Spec: spec}
	created, err := client.ClusterWorkflowTemplates().Create(ctx, cluster, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create ClusterWorkflowTemplate: %v", err)
	}
	if created.Namespace != "" {
		t.Errorf("ClusterWorkflowTemplate got namespace %q", created.Namespace)
	}
	cron := &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "kinds-cron"},
		Spec:       v1alpha1.CronWorkflowSpec{Schedules: []string{"*/5 * * * *"}, WorkflowSpec: spec},
	}
	createdCron, err := client.CronWorkflows("kinds").Create(ctx, cron, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create CronWorkflow: %v", err)
	}
	if createdCron.Spec.ConcurrencyPolicy != v1alpha1.AllowConcurrent || *createdCron.Spec.SuccessfulJobsHistoryLimit != 3 || *createdCron.Spec.FailedJobsHistoryLimit != 1 {
		t.Errorf("CronWorkflow defaults: policy %q, limits %d/%d; want Allow, 3/1", createdCron.Spec.ConcurrencyPolicy,
			*createdCron.Spec.SuccessfulJobsHistoryLimit, *createdCron.Spec.FailedJobsHistoryLimit)
	}

	if err := client.WorkflowTemplates("kinds").Delete(ctx, "kinds-template", metav1.DeleteOptions{}); err != nil {
		t.Errorf("delete WorkflowTemplate: %v", err)
	}
	if err := client.ClusterWorkflowTemplates().Delete(ctx, "kinds-cluster-template", metav1.DeleteOptions{}); err != nil {
		t.Errorf("delete ClusterWorkflowTemplate: %v", err)
	}
	if err := client.CronWorkflows("kinds").Delete(ctx, "kinds-cron", metav1.DeleteOptions{}); err != nil {
		t.Errorf("delete CronWorkflow: %v", err)
	}
}

func expectEvent(t *testing.T, watcher watch.Interface, want watch.EventType, name string) {
	t.Helper()
	select {
	case event := <-watcher.ResultChan():
		wf, ok := event.Object.(*v1alpha1.Workflow)
		if event.Type != want || !ok || wf.Name != name {
			t.Fatalf("watch event: got %s %T, want %s of workflow %q", event.Type, event.Object, want, name)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no %s event for workflow %q within 30s", want, name)
	}
}
