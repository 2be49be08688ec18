package integration

import (
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

func TestCreatorAnnotations(t *testing.T) {
	ctx := testContext(t)
	alice, err := versioned.NewForConfig(impersonating("alice", "team-a", "system:authenticated"))
	if err != nil {
		t.Fatal(err)
	}
	wf := helloWorkflow("by-alice")
	wf.Annotations = map[string]string{v1alpha1.AnnotationCreator: "mallory", "note": "kept"}
	created, err := alice.WeftV1alpha1().Workflows("admission").Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create as alice: %v", err)
	}
	if got := created.Annotations[v1alpha1.AnnotationCreator]; got != "alice" {
		t.Errorf("creator %q, want alice (the client claimed mallory)", got)
	}
	if got := created.Annotations[v1alpha1.AnnotationCreatorGroups]; !strings.Contains(got, "team-a") {
		t.Errorf("creator groups %q do not contain team-a", got)
	}
	if created.Annotations["note"] != "kept" {
		t.Errorf("other annotations lost: %v", created.Annotations)
	}

	// Bob edits the workflow and tries to claim it; the recorded creator stays.
	bob, err := versioned.NewForConfig(impersonating("bob"))
	if err != nil {
		t.Fatal(err)
	}
	created.Annotations[v1alpha1.AnnotationCreator] = "bob"
	delete(created.Annotations, v1alpha1.AnnotationCreatorGroups)
	updated, err := bob.WeftV1alpha1().Workflows("admission").Update(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update as bob: %v", err)
	}
	if updated.Annotations[v1alpha1.AnnotationCreator] != "alice" || !strings.Contains(updated.Annotations[v1alpha1.AnnotationCreatorGroups], "team-a") {
		t.Errorf("update changed the creator annotations: %v", updated.Annotations)
	}
}

func TestTemplateReferences(t *testing.T) {
	ctx := testContext(t)
	client := server.Client.WeftV1alpha1()

	byRef := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "by-ref-"},
		Spec:       v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "hello-template"}},
	}
	_, err := client.Workflows("refs").Create(ctx, byRef, metav1.CreateOptions{})
	assertInvalidField(t, err, "spec.workflowTemplateRef.name", `no WorkflowTemplate named "hello-template"`)

	tmpl := &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "hello-template"}, Spec: helloWorkflow("").Spec}
	if _, err := client.WorkflowTemplates("refs").Create(ctx, tmpl, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create template: %v", err)
	}
	if _, err := client.Workflows("refs").Create(ctx, byRef, metav1.CreateOptions{}); err != nil {
		t.Errorf("workflowTemplateRef to an existing template: %v", err)
	}

	steps := helloWorkflow("")
	steps.GenerateName = "steps-ref-"
	steps.Spec.Entrypoint = "steps"
	steps.Spec.Templates = append(steps.Spec.Templates, v1alpha1.Template{
		Name: "steps",
		Steps: [][]v1alpha1.WorkflowStep{{{
			Name:        "call",
			TemplateRef: &v1alpha1.TemplateRef{Name: "hello-template", Template: "absent"},
		}}},
	})
	_, err = client.Workflows("refs").Create(ctx, steps, metav1.CreateOptions{})
	assertInvalidField(t, err, "spec.templates[1].steps[0][0].templateRef.template", `has no template named "absent"`)

	steps.Spec.Templates[1].Steps[0][0].TemplateRef = &v1alpha1.TemplateRef{Name: "cluster-hello", Template: "main", ClusterScope: true}
	_, err = client.Workflows("refs").Create(ctx, steps, metav1.CreateOptions{})
	assertInvalidField(t, err, "spec.templates[1].steps[0][0].templateRef.name", `no ClusterWorkflowTemplate named "cluster-hello"`)

	cron := &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: "cron-ref"},
		Spec: v1alpha1.CronWorkflowSpec{
			Schedules:    []string{"@daily"},
			WorkflowSpec: v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "nope"}},
		},
	}
	_, err = client.CronWorkflows("refs").Create(ctx, cron, metav1.CreateOptions{})
	assertInvalidField(t, err, "spec.workflowSpec.workflowTemplateRef.name", `no WorkflowTemplate named "nope"`)
}

func assertInvalidField(t *testing.T, err error, field, detail string) {
	t.Helper()
	if !apierrors.IsInvalid(err) {
		t.Fatalf("want 422 Invalid naming %s, got %v", field, err)
	}
	for _, cause := range err.(apierrors.APIStatus).Status().Details.Causes {
		if cause.Field == field && strings.Contains(cause.Message, detail) {
			return
		}
	}
	t.Errorf("422 does not name %s with %q: %v", field, detail, err)
}
