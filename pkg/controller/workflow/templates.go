package workflow

import (
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftlisters "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
)

// templateStore reads the WorkflowTemplates and ClusterWorkflowTemplates a
// workflow refers to, from the informer caches.
type templateStore struct {
	templates        weftlisters.WorkflowTemplateLister
	clusterTemplates weftlisters.ClusterWorkflowTemplateLister
}

// spec returns the spec of a namespaced or cluster-scoped workflow template.
func (s templateStore) spec(namespace, name string, clusterScope bool) (*v1alpha1.WorkflowSpec, error) {
	if clusterScope {
		tmpl, err := s.clusterTemplates.Get(name)
		if err != nil {
			return nil, err
		}
		return &tmpl.Spec, nil
	}
	tmpl, err := s.templates.WorkflowTemplates(namespace).Get(name)
	if err != nil {
		return nil, err
	}
	return &tmpl.Spec, nil
}

// storeReferences copies into status what the workflow refers to, once, at
// the start of its run, as Argo does: the spec of its workflowTemplateRef,
// and every template of each WorkflowTemplate or ClusterWorkflowTemplate a
// templateRef names (keyed "namespaced/NAME/TEMPLATE" or "cluster/NAME/TEMPLATE",
// the keys the engine looks up). Later edits of those templates do not
// change a running workflow.
func (s templateStore) storeReferences(wf *v1alpha1.Workflow, status *v1alpha1.WorkflowStatus) error {
	if ref := wf.Spec.WorkflowTemplateRef; ref != nil && status.StoredWorkflowTemplateSpec == nil {
		spec, err := s.spec(wf.Namespace, ref.Name, ref.ClusterScope)
		if err != nil {
			return missing(wf.Namespace, ref.Name, ref.ClusterScope, err)
		}
		status.StoredWorkflowTemplateSpec = spec.DeepCopy()
	}
	pending := templateRefs(wf.Spec.Templates)
	if status.StoredWorkflowTemplateSpec != nil {
		pending = append(pending, templateRefs(status.StoredWorkflowTemplateSpec.Templates)...)
	}
	for len(pending) > 0 {
		ref := pending[0]
		pending = pending[1:]
		prefix := scopeOf(ref) + "/" + ref.Name + "/"
		if hasPrefix(status.StoredTemplates, prefix) {
			continue
		}
		spec, err := s.spec(wf.Namespace, ref.Name, ref.ClusterScope)
		if err != nil {
			return missing(wf.Namespace, ref.Name, ref.ClusterScope, err)
		}
		if status.StoredTemplates == nil {
			status.StoredTemplates = map[string]v1alpha1.Template{}
		}
		for _, tmpl := range spec.Templates {
			status.StoredTemplates[prefix+tmpl.Name] = *tmpl.DeepCopy()
		}
		pending = append(pending, templateRefs(spec.Templates)...)
	}
	return nil
}

// templateRefs lists the templateRefs of steps, tasks and hooks, inline templates included.
func templateRefs(templates []v1alpha1.Template) []v1alpha1.TemplateRef {
	var refs []v1alpha1.TemplateRef
	add := func(ref *v1alpha1.TemplateRef, inline *v1alpha1.Template, hooks map[string]v1alpha1.LifecycleHook) {
		if ref != nil {
			refs = append(refs, *ref)
		}
		if inline != nil {
			refs = append(refs, templateRefs([]v1alpha1.Template{*inline})...)
		}
		for _, hook := range hooks {
			if hook.TemplateRef != nil {
				refs = append(refs, *hook.TemplateRef)
			}
		}
	}
	for i := range templates {
		tmpl := &templates[i]
		add(nil, nil, tmpl.Hooks)
		for _, group := range tmpl.Steps {
			for j := range group {
				add(group[j].TemplateRef, group[j].Inline, group[j].Hooks)
			}
		}
		if tmpl.DAG != nil {
			for j := range tmpl.DAG.Tasks {
				task := &tmpl.DAG.Tasks[j]
				add(task.TemplateRef, task.Inline, task.Hooks)
			}
		}
	}
	return refs
}

func scopeOf(ref v1alpha1.TemplateRef) string {
	if ref.ClusterScope {
		return "cluster"
	}
	return "namespaced"
}

func hasPrefix(stored map[string]v1alpha1.Template, prefix string) bool {
	for key := range stored {
		if strings.HasPrefix(key, prefix) {
			return true
		}
	}
	return false
}

// missingTemplateError is a reference to a template that does not exist:
// the workflow cannot run.
type missingTemplateError struct{ message string }

func (e missingTemplateError) Error() string { return e.message }

// missing explains a reference to a template that is not there; other
// errors pass through, to be retried.
func missing(namespace, name string, clusterScope bool, err error) error {
	if !apierrors.IsNotFound(err) {
		return err
	}
	if clusterScope {
		return missingTemplateError{fmt.Sprintf("ClusterWorkflowTemplate %q does not exist: create it, then submit the workflow again", name)}
	}
	return missingTemplateError{fmt.Sprintf("WorkflowTemplate %q does not exist in namespace %q: create it, then submit the workflow again", name, namespace)}
}
