package engine

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// podScope is the scope a pod template's fields resolve in: the node's
// inputs, its pod's name and the paths the template declares.
func (o *operation) podScope(tmpl *v1alpha1.Template, inputs []v1alpha1.Parameter, nodeName, pod string) *scope {
	sc := o.localScope(inputs, nodeName)
	sc.set("pod.name", pod)
	addPathVars(sc, tmpl)
	return sc
}

// podOutputArtifacts are the output artifacts a pod saved, with where they
// were saved, and the problems that fail the node: an artifact the executor
// could not place or save, or a required output it did not report saving.
// A missing optional output is left out.
func (o *operation) podOutputArtifacts(t resolvedTemplate, inputs []v1alpha1.Parameter, nodeName string, r *ExecutorReport) ([]v1alpha1.Artifact, []string) {
	var problems []string
	for _, in := range t.Inputs.Artifacts {
		if reason, bad := r.ArtifactErrors[in.Name]; bad {
			problems = append(problems, fmt.Sprintf("input artifact %q: %s", in.Name, reason))
		}
	}
	if len(t.Outputs.Artifacts) == 0 {
		return nil, problems
	}
	sc := o.podScope(t.Template, inputs, nodeName, podName(o.wf.Name, nodeName, t.name))
	var defs []v1alpha1.Artifact
	if err := expr.SubstituteObject(&defs, t.Outputs.Artifacts, sc, expr.Lenient); err != nil {
		return nil, append(problems, err.Error())
	}
	var saved []v1alpha1.Artifact
	for i := range defs {
		def := &defs[i]
		if reason, bad := r.ArtifactErrors[def.Name]; bad {
			problems = append(problems, fmt.Sprintf("output artifact %q: %s", def.Name, reason))
			continue
		}
		if !slices.Contains(r.SavedArtifacts, def.Name) {
			if !def.Optional {
				problems = append(problems, fmt.Sprintf("output artifact %q was not saved: the executor did not report it", def.Name))
			}
			continue
		}
		loc, err := o.outputLocation(t.Template, def, sc)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		saved = append(saved, recordedArtifact(*def, loc))
	}
	return saved, problems
}

// recordedArtifact is an output artifact as a node's outputs record it: its
// definition with the full location it was saved to, which artifact garbage
// collection deletes.
func recordedArtifact(def v1alpha1.Artifact, loc v1alpha1.ArtifactLocation) v1alpha1.Artifact {
	return v1alpha1.Artifact{
		Name: def.Name, Path: def.Path, Mode: def.Mode, GlobalName: def.GlobalName,
		Archive: def.Archive, Optional: def.Optional, ArtifactGC: def.ArtifactGC,
		ArtifactLocation: loc,
	}
}

// stepsOutputArtifacts are a steps or DAG template's output artifacts, each
// the artifact its from or fromExpression names in the template's scope. An
// optional one that names nothing is left out.
func stepsOutputArtifacts(tmpl *v1alpha1.Template, sc *scope) ([]v1alpha1.Artifact, error) {
	var out []v1alpha1.Artifact
	for _, def := range tmpl.Outputs.Artifacts {
		var ref v1alpha1.Artifact
		var err error
		switch {
		case def.From != "":
			ref, err = artifactReference(def.From, sc)
		case def.FromExpression != "":
			ref, err = artifactExpression(def.FromExpression, sc)
		default:
			err = fmt.Errorf("steps and DAG templates take from or fromExpression")
		}
		if err != nil {
			if def.Optional {
				continue
			}
			return nil, fmt.Errorf("output artifact %q: %v", def.Name, err)
		}
		def.From, def.FromExpression = "", ""
		out = append(out, recordedArtifact(def, ref.ArtifactLocation))
	}
	return out, nil
}

// exportGlobalArtifacts copies output artifacts with a globalName to the
// workflow's outputs and to {{workflow.outputs.artifacts.NAME}}.
func (o *operation) exportGlobalArtifacts(arts []v1alpha1.Artifact) {
	for _, a := range arts {
		if a.GlobalName == "" {
			continue
		}
		g := v1alpha1.Artifact{Name: a.GlobalName, Path: a.Path, Archive: a.Archive, ArtifactGC: a.ArtifactGC, ArtifactLocation: a.ArtifactLocation}
		o.globals.set("workflow.outputs.artifacts."+a.GlobalName, artifactValue(g))
		if o.status.Outputs == nil {
			o.status.Outputs = &v1alpha1.Outputs{}
		}
		i := slices.IndexFunc(o.status.Outputs.Artifacts, func(x v1alpha1.Artifact) bool { return x.Name == a.GlobalName })
		switch {
		case i < 0:
			o.status.Outputs.Artifacts = append(o.status.Outputs.Artifacts, g)
		case equality.Semantic.DeepEqual(o.status.Outputs.Artifacts[i], g):
			continue
		default:
			o.status.Outputs.Artifacts[i] = g
		}
		o.changed = true
	}
}
