package integration

import (
	"path/filepath"
	"sort"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// TestExamplesAreAccepted creates every weft.dev object of examples/ through the server,
// templates first, as a user following examples/README.md would.
func TestExamplesAreAccepted(t *testing.T) {
	ctx := testContext(t)
	client := server.Client.WeftV1alpha1()
	const namespace = "examples"

	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	type document struct {
		file   string
		object runtime.Object
	}
	var documents []document
	for _, file := range files {
		for _, obj := range decodeWeftObjects(t, file) {
			documents = append(documents, document{file, obj})
		}
	}
	sort.SliceStable(documents, func(i, j int) bool {
		return createOrder(documents[i].object) < createOrder(documents[j].object)
	})

	for _, doc := range documents {
		file := doc.file
		var err error
		switch obj := doc.object.(type) {
		case *v1alpha1.WorkflowTemplate:
			_, err = client.WorkflowTemplates(namespace).Create(ctx, obj, metav1.CreateOptions{})
		case *v1alpha1.ClusterWorkflowTemplate:
			_, err = client.ClusterWorkflowTemplates().Create(ctx, obj, metav1.CreateOptions{})
		case *v1alpha1.Workflow:
			_, err = client.Workflows(namespace).Create(ctx, obj, metav1.CreateOptions{})
		case *v1alpha1.CronWorkflow:
			_, err = client.CronWorkflows(namespace).Create(ctx, obj, metav1.CreateOptions{})
		default:
			t.Errorf("%s: unexpected kind %T", file, obj)
			continue
		}
		if err != nil {
			t.Errorf("%s was rejected: %v", filepath.Base(file), err)
		}
	}
}

// createOrder puts templates before what refers to them.
func createOrder(obj runtime.Object) int {
	switch obj.(type) {
	case *v1alpha1.WorkflowTemplate, *v1alpha1.ClusterWorkflowTemplate:
		return 0
	}
	return 1
}
