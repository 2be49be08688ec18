package integration

import (
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestInvalidWorkflowIsUnprocessable(t *testing.T) {
	ctx := testContext(t)
	wf := helloWorkflow("invalid")
	wf.Spec.Entrypoint = "missing"
	_, err := server.Client.WeftV1alpha1().Workflows("validation").Create(ctx, wf, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("want 422 Invalid, got %v", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if status.Code != 422 {
		t.Errorf("status code %d, want 422", status.Code)
	}
	if status.Details == nil || len(status.Details.Causes) == 0 || status.Details.Causes[0].Field != "spec.entrypoint" {
		t.Errorf("causes do not name spec.entrypoint: %+v", status.Details)
	}
}

func TestWorkflowSpecIsImmutable(t *testing.T) {
	ctx := testContext(t)
	workflows := server.Client.WeftV1alpha1().Workflows("validation")
	created, err := workflows.Create(ctx, helloWorkflow("immutable"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	created.Spec.Templates[0].Container.Image = "weft.localhost/python3:3.11"
	_, err = workflows.Update(ctx, created, metav1.UpdateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("changing a template after creation: want 422, got %v", err)
	}

	fresh, err := workflows.Get(ctx, "immutable", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	parallelism := int64(2)
	fresh.Spec.Parallelism = &parallelism
	if _, err := workflows.Update(ctx, fresh, metav1.UpdateOptions{}); err != nil {
		t.Errorf("changing spec.parallelism, which steers a run: %v", err)
	}
}
