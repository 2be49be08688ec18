package engine

import (
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// substituteArguments resolves the arguments a step, task or hook passes:
// its parameters' references, and each artifact's from or fromExpression to
// the location it names. An optional artifact whose reference does not
// resolve is left out.
func substituteArguments(args v1alpha1.Arguments, s *scope) (v1alpha1.Arguments, error) {
	arts := args.Artifacts
	args.Artifacts = nil
	var out v1alpha1.Arguments
	if err := expr.SubstituteObject(&out, args, s, expr.Strict); err != nil {
		return v1alpha1.Arguments{}, err
	}
	for _, a := range arts {
		resolved, ok, err := resolveArgumentArtifact(a, s)
		if err != nil {
			return v1alpha1.Arguments{}, err
		}
		if ok {
			out.Artifacts = append(out.Artifacts, resolved)
		}
	}
	return out, nil
}

// resolveArgumentArtifact is an argument artifact with its location; false
// when it is optional and what it names does not exist.
func resolveArgumentArtifact(a v1alpha1.Artifact, s *scope) (v1alpha1.Artifact, bool, error) {
	var ref v1alpha1.Artifact
	var err error
	switch {
	case a.From != "":
		ref, err = artifactReference(a.From, s)
	case a.FromExpression != "":
		ref, err = artifactExpression(a.FromExpression, s)
	default:
		var out v1alpha1.Artifact
		if err := expr.SubstituteObject(&out, a, s, expr.Strict); err != nil {
			return v1alpha1.Artifact{}, false, fmt.Errorf("arguments.artifacts %q: %v", a.Name, err)
		}
		return out, true, nil
	}
	if err != nil {
		if a.Optional {
			return v1alpha1.Artifact{}, false, nil
		}
		return v1alpha1.Artifact{}, false, fmt.Errorf("arguments.artifacts %q: %v", a.Name, err)
	}
	out := a
	out.From, out.FromExpression = "", ""
	out.ArtifactLocation = ref.ArtifactLocation
	return out, true, nil
}

// artifactExpression evaluates a fromExpression to the artifact it yields.
func artifactExpression(e string, s *scope) (v1alpha1.Artifact, error) {
	v, err := expr.Evaluate(e, s.Env())
	if err != nil {
		return v1alpha1.Artifact{}, fmt.Errorf("fromExpression %q: %v", e, err)
	}
	if a, ok := parseArtifactValue(expr.Format(v)); ok {
		return a, nil
	}
	return v1alpha1.Artifact{}, fmt.Errorf("fromExpression %q does not yield an artifact: make it end in an artifact such as tasks.NAME.outputs.artifacts.ART", e)
}

// resolveInputArtifacts gives every input artifact of a new node's template
// its location: the argument passed, else the template's own, key-only s3
// locations completed from the repository. An optional input with neither is
// left out. sc resolves the template's own references (its parameters).
func (o *operation) resolveInputArtifacts(nodeName string, tmpl *v1alpha1.Template, args []v1alpha1.Artifact, sc *scope) error {
	if len(tmpl.Inputs.Artifacts) == 0 {
		return nil
	}
	var defs []v1alpha1.Artifact
	if err := expr.SubstituteObject(&defs, tmpl.Inputs.Artifacts, sc, expr.Lenient); err != nil {
		return err
	}
	given := map[string]v1alpha1.Artifact{}
	for _, a := range args {
		given[a.Name] = a
	}
	out := make([]v1alpha1.Artifact, 0, len(defs))
	for _, in := range defs {
		loc, ok, err := o.inputLocation(tmpl, in, given, sc)
		if err != nil {
			return fmt.Errorf("inputs.artifacts.%s: %v", in.Name, err)
		}
		if !ok {
			continue
		}
		// A caller's subPath picks a path within what it passes, as in Argo.
		subPath := in.SubPath
		if arg, passed := given[in.Name]; passed && arg.SubPath != "" {
			subPath = arg.SubPath
		}
		out = append(out, v1alpha1.Artifact{
			Name: in.Name, Path: in.Path, Mode: in.Mode, Optional: in.Optional,
			SubPath: subPath, RecurseMode: in.RecurseMode, ArtifactLocation: loc,
		})
	}
	o.inputArtifacts[nodeName] = out
	return nil
}

// inputLocation is where one input artifact comes from; false when it is
// optional and nothing supplies it.
func (o *operation) inputLocation(tmpl *v1alpha1.Template, in v1alpha1.Artifact, given map[string]v1alpha1.Artifact, sc *scope) (v1alpha1.ArtifactLocation, bool, error) {
	var loc v1alpha1.ArtifactLocation
	arg, passed := given[in.Name]
	switch {
	case passed && (arg.From != "" || arg.FromExpression != ""):
		resolved, ok, err := resolveArgumentArtifact(arg, sc)
		if err != nil || !ok {
			return loc, false, err
		}
		loc = resolved.ArtifactLocation
	case passed && hasArtifactLocation(&arg.ArtifactLocation):
		loc = arg.ArtifactLocation
	case hasArtifactLocation(&in.ArtifactLocation):
		loc = in.ArtifactLocation
	case in.Optional || (passed && arg.Optional):
		return loc, false, nil
	default:
		return loc, false, fmt.Errorf("was not supplied: pass it in the step's or task's arguments.artifacts (from: \"{{steps.STEP.outputs.artifacts.NAME}}\" or a location), give the input a location, or make it optional")
	}
	loc.ArchiveLogs = nil
	if loc.S3 != nil && !s3Complete(loc.S3) {
		if loc.S3.Key == "" {
			return loc, false, fmt.Errorf("s3 has no key: give the object's key")
		}
		bucket, _, err := o.repositoryBucket(tmpl)
		if err != nil {
			return loc, false, err
		}
		loc.S3 = completeS3(loc.S3, bucket)
	}
	return loc, true, nil
}

// attemptArguments are what a retry's attempts are called with: the Retry
// node's inputs, its artifacts already resolved.
func (o *operation) attemptArguments(retry *v1alpha1.NodeStatus, inputs []v1alpha1.Parameter) v1alpha1.Arguments {
	args := v1alpha1.Arguments{Parameters: inputs}
	if retry != nil && retry.Inputs != nil {
		args.Artifacts = retry.Inputs.Artifacts
	}
	return args
}

// missingArtifactReason says why a node has no such output artifact.
func missingArtifactReason(noun, who, field string) (string, bool) {
	name, ok := strings.CutPrefix(field, "outputs.artifacts.")
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s %s has no output artifact %s (it was not saved, or the %s did not run)", noun, who, name, noun), true
}
