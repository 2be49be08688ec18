package engine

import (
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/util/strategicpatch"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// templateHolder is what names a template: a step, a task or the entrypoint.
type templateHolder struct {
	Template    string
	Inline      *v1alpha1.Template
	TemplateRef *v1alpha1.TemplateRef
}

// resolvedTemplate is a template with where it came from.
type resolvedTemplate struct {
	*v1alpha1.Template
	// name is the node's templateName: the template's name, empty when inline.
	name string
	// ref is the templateRef that named it, if any.
	ref *v1alpha1.TemplateRef
	// context is where the template's own local references resolve: "" for
	// the workflow's templates, else "namespaced/NAME" or "cluster/NAME".
	context string
}

// scopeName is the node's templateScope.
func (t resolvedTemplate) scopeName(workflow string) string {
	if t.context == "" {
		return "local/" + workflow
	}
	return t.context
}

// templateIndex finds templates by name, in the workflow or among the
// referenced templates the controller stored in status.storedTemplates.
type templateIndex struct {
	local    map[string]*v1alpha1.Template
	stored   map[string]v1alpha1.Template
	defaults *v1alpha1.Template
	merged   map[string]*v1alpha1.Template
	// storedCopies and mergedInline keep one pointer per stored template
	// and per inline template merged with defaults, so that a template
	// resolves to the same pointer every time, as a local one does.
	storedCopies map[string]*v1alpha1.Template
	mergedInline map[*v1alpha1.Template]*v1alpha1.Template
}

func newTemplateIndex(spec *v1alpha1.WorkflowSpec, stored map[string]v1alpha1.Template) *templateIndex {
	ix := &templateIndex{
		local:    make(map[string]*v1alpha1.Template, len(spec.Templates)),
		stored:   stored,
		defaults: spec.TemplateDefaults,
		merged:   map[string]*v1alpha1.Template{},

		storedCopies: map[string]*v1alpha1.Template{},
		mergedInline: map[*v1alpha1.Template]*v1alpha1.Template{},
	}
	for i := range spec.Templates {
		ix.local[spec.Templates[i].Name] = &spec.Templates[i]
	}
	return ix
}

// resolve finds the template a holder names, looking local names up in context.
func (ix *templateIndex) resolve(context string, h templateHolder) (resolvedTemplate, error) {
	switch {
	case h.Inline != nil:
		if t, ok := ix.mergedInline[h.Inline]; ok {
			return resolvedTemplate{Template: t, context: context}, nil
		}
		t, err := ix.withDefaults("inline", h.Inline)
		if err == nil {
			ix.mergedInline[h.Inline] = t
		}
		return resolvedTemplate{Template: t, context: context}, err
	case h.TemplateRef != nil:
		r := h.TemplateRef
		scope := "namespaced"
		if r.ClusterScope {
			scope = "cluster"
		}
		ctx := scope + "/" + r.Name
		t := ix.storedTemplate(ctx + "/" + r.Template)
		if t == nil {
			return resolvedTemplate{}, fmt.Errorf("templateRef %s/%s is not resolved: the controller stores referenced templates in status.storedTemplates", r.Name, r.Template)
		}
		merged, err := ix.withDefaults(ctx+"/"+r.Template, t)
		return resolvedTemplate{Template: merged, name: r.Template, ref: r, context: ctx}, err
	case h.Template != "":
		key := context + "/" + h.Template
		var t *v1alpha1.Template
		if context == "" {
			t = ix.local[h.Template]
		} else {
			t = ix.storedTemplate(key)
		}
		if t == nil {
			return resolvedTemplate{}, fmt.Errorf("template %q not found", h.Template)
		}
		merged, err := ix.withDefaults(key, t)
		return resolvedTemplate{Template: merged, name: h.Template, context: context}, err
	}
	return resolvedTemplate{}, fmt.Errorf("names no template: set template, inline or templateRef")
}

// storedTemplate is the stored template of a key, or nil.
func (ix *templateIndex) storedTemplate(key string) *v1alpha1.Template {
	if t, ok := ix.storedCopies[key]; ok {
		return t
	}
	s, ok := ix.stored[key]
	if !ok {
		return nil
	}
	ix.storedCopies[key] = &s
	return &s
}

// withDefaults merges spec.templateDefaults under a template, as a strategic
// merge patch of the defaults by the template.
func (ix *templateIndex) withDefaults(key string, t *v1alpha1.Template) (*v1alpha1.Template, error) {
	if ix.defaults == nil {
		return t, nil
	}
	if m, ok := ix.merged[key]; ok && key != "inline" {
		return m, nil
	}
	base, err := json.Marshal(ix.defaults)
	if err != nil {
		return nil, err
	}
	patch, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	out, err := strategicpatch.StrategicMergePatch(base, patch, v1alpha1.Template{})
	if err != nil {
		return nil, fmt.Errorf("merging templateDefaults: %w", err)
	}
	var merged v1alpha1.Template
	if err := json.Unmarshal(out, &merged); err != nil {
		return nil, fmt.Errorf("merging templateDefaults: %w", err)
	}
	ix.merged[key] = &merged
	return &merged, nil
}

// templateKind is what a template does.
type templateKind string

const (
	kindContainer    templateKind = "container"
	kindScript       templateKind = "script"
	kindSteps        templateKind = "steps"
	kindDAG          templateKind = "dag"
	kindSuspend      templateKind = "suspend"
	kindResource     templateKind = "resource"
	kindContainerSet templateKind = "containerSet"
	kindHTTP         templateKind = "http"
	kindData         templateKind = "data"
	kindPlugin       templateKind = "plugin"
	kindNone         templateKind = ""
)

func kindOf(t *v1alpha1.Template) templateKind {
	switch {
	case t.Container != nil:
		return kindContainer
	case t.Script != nil:
		return kindScript
	case t.Steps != nil:
		return kindSteps
	case t.DAG != nil:
		return kindDAG
	case t.Suspend != nil:
		return kindSuspend
	case t.Resource != nil:
		return kindResource
	case t.ContainerSet != nil:
		return kindContainerSet
	case t.HTTP != nil:
		return kindHTTP
	case t.Data != nil:
		return kindData
	case t.Plugin != nil:
		return kindPlugin
	}
	return kindNone
}

// nodeType is the type of the node a template of this kind makes.
func (k templateKind) nodeType() v1alpha1.NodeType {
	switch k {
	case kindSteps:
		return v1alpha1.NodeTypeSteps
	case kindDAG:
		return v1alpha1.NodeTypeDAG
	case kindSuspend:
		return v1alpha1.NodeTypeSuspend
	case kindHTTP:
		return v1alpha1.NodeTypeHTTP
	case kindPlugin:
		return v1alpha1.NodeTypePlugin
	case kindNone:
		return v1alpha1.NodeTypeSkipped
	}
	return v1alpha1.NodeTypePod
}
