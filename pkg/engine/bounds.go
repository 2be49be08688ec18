package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// Defaults of the run-time bounds, and of the weft-controller flags that
// set them. The loop and parameter bounds are those weft-apiserver checks
// in a spec's literals (validation.DefaultBounds).
const (
	// DefaultMaxNodes bounds a workflow's nodes: room for the 50,502 nodes
	// of the 250 x 200 nested loop benchmark, and below the about 75,000
	// nodes whose status (500 bytes of JSON each, compressed) weft-apiserver
	// can store in one etcd value at best, so that a workflow too large
	// fails with a message naming the bound, not with a status it cannot
	// write.
	DefaultMaxNodes = 60000
	// DefaultMaxTemplateDepth bounds how deeply steps and DAG templates
	// nest while a workflow runs, which only recursion (a template that
	// runs itself) takes far: 1,000 levels let a recursive loop poll a
	// thousand times, and keep the engine's stack a few megabytes.
	DefaultMaxTemplateDepth = 1000
	// DefaultMaxLoopItems bounds the items one loop expands to.
	DefaultMaxLoopItems = validation.DefaultMaxLoopItems
	// DefaultMaxParameterBytes bounds one parameter value.
	DefaultMaxParameterBytes = validation.DefaultMaxParameterBytes
)

// Names of weft-controller's flags that set the bounds, for messages.
const (
	FlagMaxNodes          = "--max-workflow-nodes"
	FlagMaxTemplateDepth  = "--max-template-depth"
	FlagMaxLoopItems      = validation.FlagMaxLoopItems
	FlagMaxParameterBytes = validation.FlagMaxParameterBytes
)

// What to do past each bound, for messages.
const (
	adviceSplitWorkflow = "split the workflow into smaller ones (a workflow may create workflows), or raise the flag"
	adviceEndRecursion  = "end the recursion sooner, or raise the flag"
	adviceSplitLoop     = "split the loop or raise the flag"
	adviceUseArtifact   = "pass large data as an artifact, or raise the flag"
)

// Bounds limit what a workflow may grow to while it runs. A workflow that
// goes past one fails at once: its running pods are deleted, its exit
// handler does not run, and the node and the workflow's message name the
// bound and the flag that raises it. A zero field takes its default.
type Bounds struct {
	// MaxLoopItems is the most items one withItems, withParam or
	// withSequence loop expands to.
	MaxLoopItems int
	// MaxNodes is the most nodes of a workflow's status.
	MaxNodes int
	// MaxTemplateDepth is the most steps and DAG templates nested in one
	// another, the entrypoint's included.
	MaxTemplateDepth int
	// MaxParameterBytes is the longest input or output parameter value, and
	// the longest result, in bytes.
	MaxParameterBytes int
}

// DefaultBounds are the bounds of a Config whose Bounds are zero.
func DefaultBounds() Bounds {
	return Bounds{
		MaxLoopItems:      DefaultMaxLoopItems,
		MaxNodes:          DefaultMaxNodes,
		MaxTemplateDepth:  DefaultMaxTemplateDepth,
		MaxParameterBytes: DefaultMaxParameterBytes,
	}
}

// withDefaults fills the zero fields of b with the defaults.
func (b Bounds) withDefaults() Bounds {
	d := DefaultBounds()
	for _, f := range []struct{ value, def *int }{
		{&b.MaxLoopItems, &d.MaxLoopItems}, {&b.MaxNodes, &d.MaxNodes},
		{&b.MaxTemplateDepth, &d.MaxTemplateDepth}, {&b.MaxParameterBytes, &d.MaxParameterBytes},
	} {
		if *f.value <= 0 {
			*f.value = *f.def
		}
	}
	return b
}

// bounds are the operation's bounds, defaults filled in.
func (o *operation) bounds() Bounds {
	return o.cfg.Bounds.withDefaults()
}

// exceedBound ends the workflow because it went past a bound: it is
// terminated without its exit handler, with message as the message of the
// nodes it ends and of the workflow. The first bound exceeded is the one
// reported.
func (o *operation) exceedBound(message string) {
	if o.stop.pastBound {
		return
	}
	if o.exiting {
		message = "exit handler failed: " + message
	}
	o.stop = stopping{strategy: v1alpha1.ShutdownTerminate, message: message, pastBound: true}
	o.changed = true
}

// stopPastBound ends the leaves of a workflow that went past a bound, the
// ones started before it did included, and takes back the pods this
// Reconcile asked for: none of them is created. It does what stopLeaves
// does under Terminate, in time linear in the nodes however many pods a
// wide loop asked for.
func (o *operation) stopPastBound() {
	if !o.stop.pastBound {
		return
	}
	withdrawn := make(map[string]bool, len(o.createPods))
	for _, p := range o.createPods {
		withdrawn[p.Name] = true
	}
	o.createPods = nil
	deleting := make(map[string]bool, len(o.deletePods))
	for _, name := range o.deletePods {
		deleting[name] = true
	}
	for _, n := range o.nodes {
		if fulfilled(n.Phase) || !leaf(n) {
			continue
		}
		if n.Type == v1alpha1.NodeTypePod {
			if name := podName(o.wf.Name, n.Name, n.TemplateName); !withdrawn[name] && !deleting[name] {
				deleting[name] = true
				o.deletePods = append(o.deletePods, name)
			}
		}
		o.setPhase(n, v1alpha1.NodeFailed, o.stop.message)
	}
}

// endPastBound finishes, in this Reconcile, a workflow that went past a
// bound, with the bound's message also when the bound was exceeded in its
// exit handler (which outcome may have seen fail): the handler is not run
// to its end, and none of its pods is created.
func (o *operation) endPastBound() {
	if !o.stop.pastBound {
		return
	}
	o.stopPastBound()
	o.finishStopped()
	o.finishWorkflow(v1alpha1.WorkflowFailed, o.stop.message)
}

// admitNode checks, before a node that does not exist yet is added, that
// the workflow stays within MaxNodes; past it the workflow ends. The node
// is still added, so that what created it carries on consistently, and no
// more start.
func (o *operation) admitNode(id string) {
	limit := o.bounds().MaxNodes
	if len(o.nodes) < limit {
		return
	}
	if _, exists := o.nodes[id]; exists {
		return
	}
	o.exceedBound(fmt.Sprintf("workflow grows past %d nodes, the most %s (%d) allows: %s",
		len(o.nodes), FlagMaxNodes, limit, adviceSplitWorkflow))
}

// enterTemplate counts one more steps or DAG template on the way from the
// entrypoint to the node of c. Past MaxTemplateDepth it fails the node
// (created when missing), ends the workflow and returns the node and
// false; the caller must then not run the template. leaveTemplate undoes a
// true.
func (o *operation) enterTemplate(c call, node *v1alpha1.NodeStatus, kind templateKind, t resolvedTemplate, inputs []v1alpha1.Parameter) (*v1alpha1.NodeStatus, bool) {
	limit := o.bounds().MaxTemplateDepth
	if o.depth >= limit && node == nil {
		message := fmt.Sprintf("template %q nests %d steps and DAG templates deep, more than %s (%d) allows: %s",
			templateLabel(t), o.depth+1, FlagMaxTemplateDepth, limit, adviceEndRecursion)
		o.exceedBound(message)
		return o.failNode(nil, c, kind.nodeType(), t, inputs, message), false
	}
	o.depth++
	return nil, true
}

// leaveTemplate is the end of a template enterTemplate let in.
func (o *operation) leaveTemplate() {
	o.depth--
}

// checkLoopSize ends the workflow when a loop of kind (withItems,
// withParam, withSequence) has more than MaxLoopItems items; its error is
// also the message of the loop's node.
func (o *operation) checkLoopSize(kind string, items int) error {
	limit := o.bounds().MaxLoopItems
	if items <= limit {
		return nil
	}
	err := fmt.Errorf("%s expands to %d items, more than %s (%d) allows: %s", kind, items, FlagMaxLoopItems, limit, adviceSplitLoop)
	o.exceedBound(err.Error())
	return err
}

// countJSONList counts the elements of a JSON list without keeping them,
// so that the size of a withParam is known before its items are made. A
// value that is not a JSON list counts -1.
func countJSONList(value string) int {
	dec := json.NewDecoder(strings.NewReader(value))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return -1
	}
	var element json.RawMessage
	n := 0
	for dec.More() {
		if err := dec.Decode(&element); err != nil {
			return -1
		}
		n++
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return -1
	}
	return n
}

// sequenceLength is how many numbers a resolved withSequence has, counted
// without making them; it does not overflow.
func sequenceLength(r sequenceRange) uint64 {
	if r.empty {
		return 0
	}
	if r.end >= r.start {
		return uint64(r.end) - uint64(r.start) + 1
	}
	return uint64(r.start) - uint64(r.end) + 1
}

// checkSequenceSize is checkLoopSize for a withSequence, before its numbers
// are made.
func (o *operation) checkSequenceSize(r sequenceRange) error {
	n := sequenceLength(r)
	if limit := uint64(o.bounds().MaxLoopItems); n > limit {
		return o.checkLoopSize("withSequence", int(min(n, uint64(maxInt))))
	}
	return nil
}

// maxInt is the largest int.
const maxInt = int(^uint(0) >> 1)

// checkParameterSizes ends the workflow when a parameter value is longer
// than MaxParameterBytes; what says whose ("input parameter", "output
// parameter"). It returns the message, or "" when every value fits.
func (o *operation) checkParameterSizes(what string, params []v1alpha1.Parameter) string {
	for _, p := range params {
		if p.Value == nil {
			continue
		}
		if msg := o.checkValueSize(fmt.Sprintf("%s %q", what, p.Name), string(*p.Value)); msg != "" {
			return msg
		}
	}
	return ""
}

// checkValueSize ends the workflow when value, what's value, is longer
// than MaxParameterBytes, and returns the message; "" when it fits.
func (o *operation) checkValueSize(what, value string) string {
	limit := o.bounds().MaxParameterBytes
	if len(value) <= limit {
		return ""
	}
	msg := fmt.Sprintf("%s is %d bytes, more than %s (%d) allows: %s", what, len(value), FlagMaxParameterBytes, limit, adviceUseArtifact)
	o.exceedBound(msg)
	return msg
}

// checkOutputSizes checks a finished pod's result and output parameters.
func (o *operation) checkOutputSizes(out *v1alpha1.Outputs) string {
	if out.Result != nil {
		if msg := o.checkValueSize("output result", *out.Result); msg != "" {
			return msg
		}
	}
	return o.checkParameterSizes("output parameter", out.Parameters)
}
