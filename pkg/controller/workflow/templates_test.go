package workflow

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftlisters "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
)

func store(t *testing.T, objects ...interface{}) templateStore {
	t.Helper()
	namespaced := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	cluster := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, obj := range objects {
		var err error
		switch obj.(type) {
		case *v1alpha1.ClusterWorkflowTemplate:
			err = cluster.Add(obj)
		default:
			err = namespaced.Add(obj)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return templateStore{
		templates:        weftlisters.NewWorkflowTemplateLister(namespaced),
		clusterTemplates: weftlisters.NewClusterWorkflowTemplateLister(cluster),
	}
}

func container(name string) v1alpha1.Template {
	return v1alpha1.Template{Name: name, Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"true"}}}
}

func TestStoreReferences(t *testing.T) {
	library := &v1alpha1.WorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "library", Namespace: "team"},
		Spec: v1alpha1.WorkflowSpec{Entrypoint: "main", Templates: []v1alpha1.Template{
			{Name: "main", Steps: [][]v1alpha1.WorkflowStep{{{Name: "shared", TemplateRef: &v1alpha1.TemplateRef{Name: "shared", Template: "echo", ClusterScope: true}}}}},
			container("print"),
		}},
	}
	shared := &v1alpha1.ClusterWorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "shared"},
		Spec:       v1alpha1.WorkflowSpec{Templates: []v1alpha1.Template{container("echo")}},
	}
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "team"},
		Spec: v1alpha1.WorkflowSpec{
			WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "library"},
			Templates: []v1alpha1.Template{{Name: "extra", Steps: [][]v1alpha1.WorkflowStep{{{
				Name: "call", TemplateRef: &v1alpha1.TemplateRef{Name: "library", Template: "print"},
			}}}}},
		},
	}
	status := &v1alpha1.WorkflowStatus{}
	if err := store(t, library, shared).storeReferences(wf, status); err != nil {
		t.Fatal(err)
	}
	if status.StoredWorkflowTemplateSpec == nil || status.StoredWorkflowTemplateSpec.Entrypoint != "main" {
		t.Errorf("workflowTemplateRef's spec not stored: %+v", status.StoredWorkflowTemplateSpec)
	}
	for _, key := range []string{"namespaced/library/main", "namespaced/library/print", "cluster/shared/echo"} {
		if _, ok := status.StoredTemplates[key]; !ok {
			t.Errorf("stored templates lack %s: have %d", key, len(status.StoredTemplates))
		}
	}

	// Stored once: a later run of storeReferences reads nothing, even with the templates gone.
	if err := store(t).storeReferences(wf, status); err != nil {
		t.Errorf("references already stored were looked up again: %v", err)
	}
}

func TestStoreReferencesToMissingTemplate(t *testing.T) {
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "team"},
		Spec:       v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "gone"}},
	}
	err := store(t).storeReferences(wf, &v1alpha1.WorkflowStatus{})
	missing, ok := err.(missingTemplateError)
	if !ok || !strings.Contains(missing.message, `WorkflowTemplate "gone" does not exist in namespace "team"`) {
		t.Errorf("want a missing-template error, got %v", err)
	}
}
