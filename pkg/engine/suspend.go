package engine

import (
	"fmt"
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
		return node
	}
	o.requeueAfter(end.Sub(o.now.Time))
	return node
}

// parseDuration reads a duration as Argo does: "20s", "5m", or a number of seconds.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a duration such as 20s nor a number of seconds", s)
	}
	return d, nil
}
