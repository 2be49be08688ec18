package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
	"github.com/weft-dev/weft/pkg/executor"
)

// podOutputs turns a pod's report into the node's outputs. A succeeded pod
// whose outputs cannot all be had fails (an output too large for the
// termination message) or errors (a file that could not be read, without a
// default), with a message naming the output.
func (o *operation) podOutputs(t resolvedTemplate, inputs []v1alpha1.Parameter, nodeName string, p *PodObservation) (*v1alpha1.Outputs, v1alpha1.NodePhase, string) {
	r := p.Outputs
	out := &v1alpha1.Outputs{ExitCode: exitCodeText(p)}
	if r == nil {
		if (len(t.Outputs.Parameters) > 0 || len(t.Outputs.Artifacts) > 0) && p.Phase == "Succeeded" {
			return out, v1alpha1.NodeError, "the executor reported no outputs: the main container's termination message is empty"
		}
		return out, v1alpha1.NodeSucceeded, ""
	}
	var problems []string
	phase := v1alpha1.NodeSucceeded
	fail := func(ph v1alpha1.NodePhase, msg string) {
		if phase != v1alpha1.NodeFailed {
			phase = ph
		}
		problems = append(problems, msg)
	}
	switch {
	case r.Result != nil:
		out.Result = r.Result
	case p.LogResult != nil:
		s := strings.TrimSuffix(*p.LogResult, "\n")
		out.Result = &s
	case slices.Contains(r.Overflow, executor.ResultOverflow):
		fail(v1alpha1.NodeFailed, fmt.Sprintf("output result (%d bytes) is larger than the %d-byte termination message limit and was not read from the pod log", r.ResultBytes, executor.MaxReportBytes))
	}
	defs, err := o.outputDefinitions(t, inputs, nodeName)
	if err != nil {
		return out, v1alpha1.NodeError, err.Error()
	}
	for _, def := range defs {
		param := v1alpha1.Parameter{Name: def.Name, GlobalName: def.GlobalName, ValueFrom: def.ValueFrom}
		value, ok := r.Parameters[def.Name]
		switch {
		case ok:
		case def.ValueFrom != nil && def.ValueFrom.Path != "" && slices.Contains(r.Overflow, def.Name):
			fail(v1alpha1.NodeFailed, fmt.Sprintf("output parameter %q is larger than the %d-byte termination message limit", def.Name, executor.MaxReportBytes))
			continue
		case def.ValueFrom != nil && def.ValueFrom.Default != nil:
			value = string(*def.ValueFrom.Default)
		case def.Value != nil:
			value = string(*def.Value)
		case def.ValueFrom != nil && def.ValueFrom.Path != "":
			reason := r.Missing[def.Name]
			if reason == "" {
				reason = "not reported"
			}
			fail(v1alpha1.NodeError, fmt.Sprintf("output parameter %q: %s", def.Name, reason))
			continue
		default:
			fail(v1alpha1.NodeError, fmt.Sprintf("output parameter %q: a container or script template takes valueFrom.path or value", def.Name))
			continue
		}
		v := v1alpha1.AnyString(value)
		param.Value = &v
		out.Parameters = append(out.Parameters, param)
	}
	arts, artProblems := o.podOutputArtifacts(t, inputs, nodeName, r)
	out.Artifacts = arts
	for _, problem := range artProblems {
		fail(v1alpha1.NodeError, problem)
	}
	if msg := o.checkOutputSizes(out); msg != "" {
		fail(v1alpha1.NodeFailed, msg)
	}
	return out, phase, strings.Join(problems, "; ")
}

// outputDefinitions are a template's output parameters with their own
// references (such as a default naming an input) substituted.
func (o *operation) outputDefinitions(t resolvedTemplate, inputs []v1alpha1.Parameter, nodeName string) ([]v1alpha1.Parameter, error) {
	defs := t.Outputs.Parameters
	if len(defs) == 0 {
		return nil, nil
	}
	var out []v1alpha1.Parameter
	if err := expr.SubstituteObject(&out, defs, o.localScope(inputs, nodeName), expr.Lenient); err != nil {
		return nil, err
	}
	return out, nil
}

// succeedWithOutputs ends a steps or DAG node: its output parameters come
// from valueFrom.parameter, valueFrom.expression or value, resolved in its
// scope, falling back on valueFrom.default.
func (o *operation) succeedWithOutputs(n *v1alpha1.NodeStatus, tmpl *v1alpha1.Template, sc *scope) {
	var out *v1alpha1.Outputs
	for _, def := range tmpl.Outputs.Parameters {
		value, err := stepsOutput(def, sc)
		if err != nil {
			if def.ValueFrom == nil || def.ValueFrom.Default == nil {
				o.setPhase(n, v1alpha1.NodeError, fmt.Sprintf("output parameter %q: %v", def.Name, err))
				return
			}
			value = string(*def.ValueFrom.Default)
		}
		if out == nil {
			out = &v1alpha1.Outputs{}
		}
		v := v1alpha1.AnyString(value)
		out.Parameters = append(out.Parameters, v1alpha1.Parameter{Name: def.Name, Value: &v, GlobalName: def.GlobalName, ValueFrom: def.ValueFrom})
	}
	arts, err := stepsOutputArtifacts(tmpl, sc)
	if err != nil {
		o.setPhase(n, v1alpha1.NodeError, err.Error())
		return
	}
	if len(arts) > 0 {
		if out == nil {
			out = &v1alpha1.Outputs{}
		}
		out.Artifacts = arts
	}
	if out != nil {
		n.Outputs = out
		o.exportGlobals(out)
	}
	o.setPhase(n, v1alpha1.NodeSucceeded, "")
}

func stepsOutput(def v1alpha1.Parameter, sc *scope) (string, error) {
	switch {
	case def.ValueFrom != nil && def.ValueFrom.Parameter != "":
		return expr.Substitute(def.ValueFrom.Parameter, sc, expr.Strict)
	case def.ValueFrom != nil && def.ValueFrom.Expression != "":
		v, err := expr.Evaluate(def.ValueFrom.Expression, sc.Env())
		if err != nil {
			return "", err
		}
		return expr.Format(v), nil
	case def.Value != nil:
		return expr.Substitute(string(*def.Value), sc, expr.Strict)
	}
	return "", fmt.Errorf("steps and DAG templates take valueFrom.parameter, valueFrom.expression or value")
}

// exportGlobals copies output parameters with a globalName to the workflow's
// outputs and to {{workflow.outputs.parameters.NAME}}.
func (o *operation) exportGlobals(out *v1alpha1.Outputs) {
	o.exportGlobalArtifacts(out.Artifacts)
	for _, p := range out.Parameters {
		if p.GlobalName == "" || p.Value == nil {
			continue
		}
		o.globals.set("workflow.outputs.parameters."+p.GlobalName, string(*p.Value))
		if o.status.Outputs == nil {
			o.status.Outputs = &v1alpha1.Outputs{}
		}
		v := *p.Value
		found := false
		for i := range o.status.Outputs.Parameters {
			g := &o.status.Outputs.Parameters[i]
			if g.Name != p.GlobalName {
				continue
			}
			found = true
			if g.Value == nil || *g.Value != v {
				g.Value = &v
				o.changed = true
			}
		}
		if !found {
			o.status.Outputs.Parameters = append(o.status.Outputs.Parameters, v1alpha1.Parameter{Name: p.GlobalName, Value: &v})
			o.changed = true
		}
	}
}
