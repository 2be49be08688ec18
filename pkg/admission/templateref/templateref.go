// Package templateref is a validating admission plugin that rejects Workflows
// and CronWorkflows referring to WorkflowTemplates or ClusterWorkflowTemplates
// (or templates within them) that the requesting user may not read, or that
// do not exist.
package templateref

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/pkg/generated/informers/externalversions"
	listers "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
)

// PluginName is the name under which the plugin is registered.
const PluginName = "WeftTemplateReference"

// Register adds the plugin to plugins.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return New(), nil
	})
}

// Plugin checks template references against the server's informers, and
// against the live objects when an informer has not seen one yet.
type Plugin struct {
	*admission.Handler
	templates        listers.WorkflowTemplateLister
	clusterTemplates listers.ClusterWorkflowTemplateLister
	client           versioned.Interface
	// authorizer decides whether the requesting user may read a template.
	authorizer authorizer.Authorizer
}

var _ admission.ValidationInterface = &Plugin{}

// New returns the plugin; it needs a client and an informer factory before use.
func New() *Plugin {
	return &Plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
}

// SetWeftInformerFactory implements initializer.WantsWeftInformerFactory.
func (p *Plugin) SetWeftInformerFactory(factory externalversions.SharedInformerFactory) {
	templates := factory.Weft().V1alpha1().WorkflowTemplates()
	clusterTemplates := factory.Weft().V1alpha1().ClusterWorkflowTemplates()
	p.templates = templates.Lister()
	p.clusterTemplates = clusterTemplates.Lister()
	p.SetReadyFunc(func() bool {
		return templates.Informer().HasSynced() && clusterTemplates.Informer().HasSynced()
	})
}

// SetWeftClient implements initializer.WantsWeftClient.
func (p *Plugin) SetWeftClient(client versioned.Interface) {
	p.client = client
}

// ValidateInitialization reports a plugin that was not given what it reads.
func (p *Plugin) ValidateInitialization() error {
	if p.templates == nil || p.clusterTemplates == nil {
		return fmt.Errorf("%s needs a Weft informer factory", PluginName)
	}
	if p.client == nil {
		return fmt.Errorf("%s needs a Weft client", PluginName)
	}
	if p.authorizer == nil {
		return fmt.Errorf("%s needs an authorizer", PluginName)
	}
	return nil
}

// Validate rejects a create or update that adds a reference to a template
// the requesting user may not read (403, without saying whether it exists)
// or to a missing template (422). References an update keeps are not
// checked again, so deleting a template never blocks status updates of the
// workflows that used it.
func (p *Plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetSubresource() != "" {
		return nil
	}
	refs, kind := specReferences(a.GetObject())
	if len(refs) == 0 {
		return nil
	}
	if a.GetOperation() == admission.Update {
		oldRefs, _ := specReferences(a.GetOldObject())
		refs = added(refs, oldRefs)
		if len(refs) == 0 {
			return nil
		}
	}
	refused, err := p.unreadable(ctx, a, refs)
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	if len(refused) > 0 {
		return forbidden(a, refused)
	}
	if !p.WaitForReady() {
		return admission.NewForbidden(a, errors.New("not yet ready to check template references; retry"))
	}
	var errs field.ErrorList
	for _, ref := range refs {
		if err := p.check(ctx, a.GetNamespace(), ref); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return apierrors.NewInvalid(weft.Kind(kind), a.GetName(), errs)
}

// specReferences returns the references of a Workflow or CronWorkflow and its kind.
func specReferences(obj interface{}) ([]reference, string) {
	switch o := obj.(type) {
	case *weft.Workflow:
		return references(&o.Spec, field.NewPath("spec")), "Workflow"
	case *weft.CronWorkflow:
		return references(&o.Spec.WorkflowSpec, field.NewPath("spec", "workflowSpec")), "CronWorkflow"
	}
	return nil, ""
}

// added returns the references of refs whose target old does not refer to.
func added(refs, old []reference) []reference {
	known := map[reference]bool{}
	for _, ref := range old {
		known[ref.key()] = true
	}
	var fresh []reference
	for _, ref := range refs {
		if !known[ref.key()] {
			fresh = append(fresh, ref)
		}
	}
	return fresh
}

// check returns an error when ref's template, or the template within it, is missing.
func (p *Plugin) check(ctx context.Context, namespace string, ref reference) *field.Error {
	spec, err := p.lookup(ctx, namespace, ref)
	if apierrors.IsNotFound(err) {
		return notFound(ref.path.Child("name"), ref.name, missingTemplate(namespace, ref))
	}
	if err != nil {
		return field.InternalError(ref.path.Child("name"), fmt.Errorf("reading %s %q: %w", kindOf(ref), ref.name, err))
	}
	if ref.template == "" {
		return nil
	}
	for i := range spec.Templates {
		if spec.Templates[i].Name == ref.template {
			return nil
		}
	}
	return notFound(ref.path.Child("template"), ref.template, missingInner(spec, ref))
}

// lookup reads the referenced template spec from the informer, then live.
func (p *Plugin) lookup(ctx context.Context, namespace string, ref reference) (*v1alpha1.WorkflowSpec, error) {
	if ref.clusterScope {
		if tmpl, err := p.clusterTemplates.Get(ref.name); err == nil {
			return &tmpl.Spec, nil
		}
		tmpl, err := p.client.WeftV1alpha1().ClusterWorkflowTemplates().Get(ctx, ref.name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return &tmpl.Spec, nil
	}
	if tmpl, err := p.templates.WorkflowTemplates(namespace).Get(ref.name); err == nil {
		return &tmpl.Spec, nil
	}
	tmpl, err := p.client.WeftV1alpha1().WorkflowTemplates(namespace).Get(ctx, ref.name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return &tmpl.Spec, nil
}

// notFound is field.NotFound with a detail that tells the user what to do.
func notFound(path *field.Path, value, detail string) *field.Error {
	err := field.NotFound(path, value)
	err.Detail = detail
	return err
}

func kindOf(ref reference) string {
	if ref.clusterScope {
		return "ClusterWorkflowTemplate"
	}
	return "WorkflowTemplate"
}

func missingTemplate(namespace string, ref reference) string {
	if ref.clusterScope {
		return fmt.Sprintf("no ClusterWorkflowTemplate named %q exists; create it first (kubectl get clusterworkflowtemplates lists them)", ref.name)
	}
	return fmt.Sprintf("no WorkflowTemplate named %q exists in namespace %q; create it first, or set clusterScope: true for a ClusterWorkflowTemplate", ref.name, namespace)
}

func missingInner(spec *v1alpha1.WorkflowSpec, ref reference) string {
	names := make([]string, 0, len(spec.Templates))
	for i := range spec.Templates {
		names = append(names, spec.Templates[i].Name)
	}
	sort.Strings(names)
	return fmt.Sprintf("%s %q has no template named %q; it has %v", kindOf(ref), ref.name, ref.template, names)
}
