package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// An artifact is known to a scope as the JSON of its name and location,
// under steps.NAME.outputs.artifacts.ART, tasks.NAME.outputs.artifacts.ART,
// workflow.outputs.artifacts.ART and inputs.artifacts.ART, so that from
// references and fromExpression resolve to it like any other variable.

// artifactValue is an artifact as a scope holds it.
func artifactValue(a v1alpha1.Artifact) string {
	ref := v1alpha1.Artifact{Name: a.Name, ArtifactLocation: a.ArtifactLocation}
	data, _ := json.Marshal(ref)
	return string(data)
}

// parseArtifactValue reads an artifact a reference resolved to.
func parseArtifactValue(value string) (v1alpha1.Artifact, bool) {
	var a v1alpha1.Artifact
	value = strings.TrimSpace(value)
	if !strings.HasPrefix(value, "{") || json.Unmarshal([]byte(value), &a) != nil || !hasArtifactLocation(&a.ArtifactLocation) {
		return v1alpha1.Artifact{}, false
	}
	return a, true
}

// addArtifactVars adds a finished node's output artifacts to its variables.
func addArtifactVars(vars map[string]string, prefix string, artifacts []v1alpha1.Artifact) {
	for _, a := range artifacts {
		vars[prefix+".outputs.artifacts."+a.Name] = artifactValue(a)
	}
}

// setGlobalArtifactVars adds the workflow's global output artifacts.
func setGlobalArtifactVars(s *scope, out *v1alpha1.Outputs) {
	if out == nil {
		return
	}
	for _, a := range out.Artifacts {
		s.set("workflow.outputs.artifacts."+a.Name, artifactValue(a))
	}
}

// inputArtifactsOf are a node's resolved input artifacts: those resolved in
// this Reconcile for a node about to be created, else the node's own.
func (o *operation) inputArtifactsOf(nodeName string) []v1alpha1.Artifact {
	if arts, ok := o.inputArtifacts[nodeName]; ok {
		return arts
	}
	if n := o.node(nodeName); n != nil && n.Inputs != nil {
		return n.Inputs.Artifacts
	}
	return nil
}

// addInputArtifactVars adds {{inputs.artifacts.NAME}} and
// {{inputs.artifacts.NAME.path}} of a node to its template's scope.
func (o *operation) addInputArtifactVars(s *scope, nodeName string) {
	for _, a := range o.inputArtifactsOf(nodeName) {
		s.set("inputs.artifacts."+a.Name, artifactValue(a))
		if a.Path != "" {
			s.set("inputs.artifacts."+a.Name+".path", a.Path)
		}
	}
}

// addPathVars adds the paths a pod template declares:
// {{inputs.artifacts.NAME.path}}, {{outputs.artifacts.NAME.path}} and
// {{outputs.parameters.NAME.path}}.
func addPathVars(s *scope, tmpl *v1alpha1.Template) {
	for _, a := range tmpl.Inputs.Artifacts {
		if a.Path != "" {
			s.set("inputs.artifacts."+a.Name+".path", a.Path)
		}
	}
	for _, a := range tmpl.Outputs.Artifacts {
		if a.Path != "" {
			s.set("outputs.artifacts."+a.Name+".path", a.Path)
		}
	}
	for _, p := range tmpl.Outputs.Parameters {
		if p.ValueFrom != nil && p.ValueFrom.Path != "" {
			s.set("outputs.parameters."+p.Name+".path", p.ValueFrom.Path)
		}
	}
}

// artifactReference resolves an artifact's from: a {{...}} reference to an
// artifact, or the artifact a reference was already replaced with.
func artifactReference(from string, s *scope) (v1alpha1.Artifact, error) {
	if a, ok := parseArtifactValue(from); ok {
		return a, nil
	}
	ref := strings.TrimSpace(from)
	inner, ok := strings.CutPrefix(ref, "{{")
	if inner, ok2 := strings.CutSuffix(inner, "}}"); ok && ok2 {
		value, err := s.Resolve(strings.TrimSpace(inner))
		if err != nil {
			return v1alpha1.Artifact{}, fmt.Errorf("from %s: %v", ref, err)
		}
		if a, ok := parseArtifactValue(value); ok {
			return a, nil
		}
	}
	return v1alpha1.Artifact{}, fmt.Errorf("from %q does not name an artifact: use {{steps.STEP.outputs.artifacts.NAME}}, {{tasks.TASK.outputs.artifacts.NAME}}, {{inputs.artifacts.NAME}} or {{workflow.outputs.artifacts.NAME}}", from)
}
