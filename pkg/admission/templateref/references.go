package templateref

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
)

// reference is one use of a WorkflowTemplate or ClusterWorkflowTemplate in a spec.
type reference struct {
	path         *field.Path // of the workflowTemplateRef or templateRef
	name         string
	template     string // empty for a workflowTemplateRef, which takes the whole spec
	clusterScope bool
}

// key identifies what a reference points at, regardless of where it stands.
func (r reference) key() reference {
	return reference{name: r.name, template: r.template, clusterScope: r.clusterScope}
}

// references lists every workflowTemplateRef and templateRef of spec,
// inline templates included.
func references(spec *weft.WorkflowSpec, path *field.Path) []reference {
	var refs []reference
	if ref := spec.WorkflowTemplateRef; ref != nil && ref.Name != "" {
		refs = append(refs, reference{path: path.Child("workflowTemplateRef"), name: ref.Name, clusterScope: ref.ClusterScope})
	}
	refs = append(refs, hookReferences(spec.Hooks, path.Child("hooks"))...)
	for i := range spec.Templates {
		refs = append(refs, templateReferences(&spec.Templates[i], path.Child("templates").Index(i))...)
	}
	return refs
}

func templateReferences(tmpl *weft.Template, path *field.Path) []reference {
	refs := hookReferences(tmpl.Hooks, path.Child("hooks"))
	for i, group := range tmpl.Steps {
		for j := range group {
			step := &group[j]
			stepPath := path.Child("steps").Index(i).Index(j)
			refs = append(refs, callReferences(step.TemplateRef, step.Inline, step.Hooks, stepPath)...)
		}
	}
	if tmpl.DAG != nil {
		for i := range tmpl.DAG.Tasks {
			task := &tmpl.DAG.Tasks[i]
			refs = append(refs, callReferences(task.TemplateRef, task.Inline, task.Hooks, path.Child("dag", "tasks").Index(i))...)
		}
	}
	return refs
}

func callReferences(ref *weft.TemplateRef, inline *weft.Template, hooks map[string]weft.LifecycleHook, path *field.Path) []reference {
	var refs []reference
	if ref != nil && ref.Name != "" {
		refs = append(refs, templateRef(ref, path.Child("templateRef")))
	}
	if inline != nil {
		refs = append(refs, templateReferences(inline, path.Child("inline"))...)
	}
	return append(refs, hookReferences(hooks, path.Child("hooks"))...)
}

func hookReferences(hooks map[string]weft.LifecycleHook, path *field.Path) []reference {
	var refs []reference
	for event, hook := range hooks {
		if hook.TemplateRef != nil && hook.TemplateRef.Name != "" {
			refs = append(refs, templateRef(hook.TemplateRef, path.Key(event).Child("templateRef")))
		}
	}
	return refs
}

func templateRef(ref *weft.TemplateRef, path *field.Path) reference {
	return reference{path: path, name: ref.Name, template: ref.Template, clusterScope: ref.ClusterScope}
}
