package commands

import (
	"context"

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

// namespacedTemplates are the WorkflowTemplates of a namespace, or of all.
type namespacedTemplates struct {
	client weftclient.WorkflowTemplateInterface
}

func (s namespacedTemplates) create(ctx context.Context, obj runtime.Object) (runtime.Object, printer.Template, error) {
	t, err := s.client.Create(ctx, obj.(*v1alpha1.WorkflowTemplate), metav1.CreateOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return t, printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}, nil
}

func (s namespacedTemplates) list(ctx context.Context, opts metav1.ListOptions) (runtime.Object, []printer.Template, error) {
	l, err := s.client.List(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	out := make([]printer.Template, len(l.Items))
	for i := range l.Items {
		out[i] = printer.Template{Meta: &l.Items[i].ObjectMeta, Spec: &l.Items[i].Spec}
	}
	return l, out, nil
}

func (s namespacedTemplates) get(ctx context.Context, name string) (runtime.Object, printer.Template, error) {
	t, err := s.client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return t, printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}, nil
}

func (s namespacedTemplates) delete(ctx context.Context, name string) error {
	return s.client.Delete(ctx, name, metav1.DeleteOptions{})
}

// clusterTemplates are the ClusterWorkflowTemplates.
type clusterTemplates struct {
	client weftclient.ClusterWorkflowTemplateInterface
}

func (s clusterTemplates) create(ctx context.Context, obj runtime.Object) (runtime.Object, printer.Template, error) {
	t, err := s.client.Create(ctx, obj.(*v1alpha1.ClusterWorkflowTemplate), metav1.CreateOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return t, printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}, nil
}

func (s clusterTemplates) list(ctx context.Context, opts metav1.ListOptions) (runtime.Object, []printer.Template, error) {
	l, err := s.client.List(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	out := make([]printer.Template, len(l.Items))
	for i := range l.Items {
		out[i] = printer.Template{Meta: &l.Items[i].ObjectMeta, Spec: &l.Items[i].Spec}
	}
	return l, out, nil
}

func (s clusterTemplates) get(ctx context.Context, name string) (runtime.Object, printer.Template, error) {
	t, err := s.client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, printer.Template{}, err
	}
	return t, printer.Template{Meta: &t.ObjectMeta, Spec: &t.Spec}, nil
}

func (s clusterTemplates) delete(ctx context.Context, name string) error {
	return s.client.Delete(ctx, name, metav1.DeleteOptions{})
}
