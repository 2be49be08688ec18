package engine

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/equality"
	"strconv"
	"strings"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// executeSuspend carries a Suspend node on: Running until its duration has
// passed since it started, then Succeeded; without a duration it stays
// Running until resumed.
func (o *operation) executeSuspend(node *v1alpha1.NodeStatus, c call, t resolvedTemplate, inputs []v1alpha1.Parameter) *v1alpha1.NodeStatus {
	duration := t.Suspend.Duration
	if expr.HasReferences(duration) {
		d, err := expr.Substitute(duration, o.localScope(inputs, c.name), expr.Strict)
		if err != nil {
			return o.failNode(node, c, v1alpha1.NodeTypeSuspend, t, inputs, err.Error())
		}
		duration = d
	}
	var wait time.Duration
	if duration != "" {
		d, err := parseDuration(duration)
		if err != nil {
			return o.failNode(node, c, v1alpha1.NodeTypeSuspend, t, inputs, fmt.Sprintf("template %q: suspend.duration: %v", templateLabel(t), err))
		}
		wait = d
	}
	if node == nil {
		node = o.newTemplateNode(c, v1alpha1.NodeTypeSuspend, t, inputs, v1alpha1.NodeRunning, "")
	}
	if duration == "" {
		return node
	}
	end := node.StartedAt.Add(wait)
	if !o.now.Time.Before(end) {
		o.setPhase(node, v1alpha1.NodeSucceeded, "")
		o.completeSuspendOutputs(node, t)
		return node
	}
	o.requeueAfter(end.Sub(o.now.Time))
	return node
}

// parseDuration reads a duration as Argo does: "20s", "5m", "1d", or a
// number of seconds.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.ParseInt(days, 10, 64); err == nil {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a duration such as 20s nor a number of seconds", s)
	}
	return d, nil
}

// suspendOutputsPending says a suspend node has ended (resumed through the
// status subresource, as `weft resume` does, or its duration passed) and
// its outputs were not completed yet in this Reconcile. A resume writes
// only the values it was given, so each Reconcile completes them once.
func (o *operation) suspendOutputsPending(n *v1alpha1.NodeStatus) bool {
	return n.Type == v1alpha1.NodeTypeSuspend && n.Phase == v1alpha1.NodeSucceeded && !o.suspendOutputsDone[n.ID]
}

// completeSuspendOutputs gives a resumed suspend node its output parameters:
// the values supplied on resume, else valueFrom.default; a supplied
// parameter with neither errors the node, naming it. Outputs with a
// globalName become the workflow's.
func (o *operation) completeSuspendOutputs(n *v1alpha1.NodeStatus, t resolvedTemplate) {
	o.suspendOutputsDone[n.ID] = true
	if len(t.Outputs.Parameters) == 0 {
		return
	}
	given := map[string]v1alpha1.Parameter{}
	if n.Outputs != nil {
		for _, p := range n.Outputs.Parameters {
			given[p.Name] = p
		}
	}
	out := &v1alpha1.Outputs{}
	if n.Outputs != nil {
		out.ExitCode, out.Result = n.Outputs.ExitCode, n.Outputs.Result
	}
	var missing []string
	for _, def := range t.Outputs.Parameters {
		param := v1alpha1.Parameter{Name: def.Name, GlobalName: def.GlobalName, ValueFrom: def.ValueFrom}
		switch g, ok := given[def.Name]; {
		case ok && g.Value != nil:
			param.Value = g.Value
		case def.ValueFrom != nil && def.ValueFrom.Default != nil:
			param.Value = def.ValueFrom.Default
		case def.Value != nil:
			param.Value = def.Value
		default:
			missing = append(missing, def.Name)
			continue
		}
		out.Parameters = append(out.Parameters, param)
	}
	if !equality.Semantic.DeepEqual(n.Outputs, out) {
		n.Outputs = out
		o.changed = true
	}
	o.exportGlobals(out)
	if len(missing) > 0 {
		n.Phase = v1alpha1.NodeError
		n.Message = fmt.Sprintf("resumed without output parameter %s: supply it on resume (weft resume -p %s=VALUE) or give it valueFrom.default", strings.Join(missing, ", "), missing[0])
		o.changed = true
	}
}
