package commands

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// templateStore is the API of one of the two template resources, seen the
// same way: objects for -o json|yaml, printer.Templates for people.
type templateStore interface {
	create(ctx context.Context, obj runtime.Object) (runtime.Object, printer.Template, error)
	list(ctx context.Context, opts metav1.ListOptions) (runtime.Object, []printer.Template, error)
	get(ctx context.Context, name string) (runtime.Object, printer.Template, error)
	delete(ctx context.Context, name string) error
}

// templateClient is what the typed clients of both template resources offer.
type templateClient[T, L runtime.Object] interface {
	Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error)
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
	Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error
}

// typedTemplates is a templateStore over one typed client: view shows one
// object to people, items the objects of a list.
type typedTemplates[T, L runtime.Object] struct {
	client templateClient[T, L]
	view   func(T) printer.Template
	items  func(L) []printer.Template
}

// namespacedTemplates are the WorkflowTemplates of a namespace, or of all.
func namespacedTemplates(client weftclient.WorkflowTemplateInterface) templateStore {
	view := func(t *v1alpha1.WorkflowTemplate) printer.Template {
		return printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}
	}
	return typedTemplates[*v1alpha1.WorkflowTemplate, *v1alpha1.WorkflowTemplateList]{
		client: client,
		view:   view,
		items:  func(l *v1alpha1.WorkflowTemplateList) []printer.Template { return viewAll(l.Items, view) },
	}
}

// clusterTemplates are the ClusterWorkflowTemplates.
func clusterTemplates(client weftclient.ClusterWorkflowTemplateInterface) templateStore {
	view := func(t *v1alpha1.ClusterWorkflowTemplate) printer.Template {
		return printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}
	}
	return typedTemplates[*v1alpha1.ClusterWorkflowTemplate, *v1alpha1.ClusterWorkflowTemplateList]{
		client: client,
		view:   view,
		items:  func(l *v1alpha1.ClusterWorkflowTemplateList) []printer.Template { return viewAll(l.Items, view) },
	}
}

// viewAll shows every item of a list.
func viewAll[T any](items []T, view func(*T) printer.Template) []printer.Template {
	out := make([]printer.Template, len(items))
	for i := range items {
		out[i] = view(&items[i])
	}
	return out
}

func (s typedTemplates[T, L]) create(ctx context.Context, obj runtime.Object) (runtime.Object, printer.Template, error) {
	typed, ok := obj.(T)
	if !ok {
		return nil, printer.Template{}, fmt.Errorf("cannot create a %T here", obj)
	}
	created, err := s.client.Create(ctx, typed, metav1.CreateOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return created, s.view(created), nil
}

func (s typedTemplates[T, L]) list(ctx context.Context, opts metav1.ListOptions) (runtime.Object, []printer.Template, error) {
	list, err := s.client.List(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	return list, s.items(list), nil
}

func (s typedTemplates[T, L]) get(ctx context.Context, name string) (runtime.Object, printer.Template, error) {
	got, err := s.client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return got, s.view(got), nil
}

func (s typedTemplates[T, L]) delete(ctx context.Context, name string) error {
	return s.client.Delete(ctx, name, metav1.DeleteOptions{})
}
