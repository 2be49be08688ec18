package engine

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// executeHTTP carries the node of an http template on. Its request is made
// by an agent pod (podspec.BuildHTTP) that reports the response; the node,
// of type HTTP, follows the pod, and once the response came it succeeds when
// http.successCondition holds (by default, a 2xx status), with the body as
// outputs.result.
func (o *operation) executeHTTP(node *v1alpha1.NodeStatus, c call, t resolvedTemplate, inputs []v1alpha1.Parameter, sc *scope) *v1alpha1.NodeStatus {
	if node == nil {
		name := podName(o.wf.Name, c.name, t.name)
		sc.set("pod.name", name)
		tmpl, err := o.substituteTemplate(t.Template, sc, expr.Strict)
		if err != nil {
			return o.failNode(nil, c, v1alpha1.NodeTypeHTTP, t, inputs, err.Error())
		}
		pod, err := podspec.BuildHTTP(podspec.Input{
			Workflow: o.wf, Spec: o.spec, Template: tmpl,
			NodeID: nodeID(o.wf.Name, c.name), NodeName: c.name, PodName: name,
			Options: podspec.Options{
				ExecutorImage:           o.cfg.ExecutorImage,
				ExecutorImagePullPolicy: o.cfg.ExecutorImagePullPolicy,
				ExecutorCommand:         o.cfg.ExecutorCommand,
				ExecutorResources:       o.cfg.ExecutorResources,
			},
		})
		if err != nil {
			return o.failNode(nil, c, v1alpha1.NodeTypeHTTP, t, inputs, err.Error())
		}
		node = o.newTemplateNode(c, v1alpha1.NodeTypeHTTP, t, inputs, v1alpha1.NodePending, "")
		if o.observation(node) == nil {
			o.createPods = append(o.createPods, pod)
			return node
		}
	}
	o.observeHTTP(node, t)
	timeout := t.Timeout
	if expr.HasReferences(timeout) {
		var err error
		if timeout, err = expr.Substitute(timeout, sc, expr.Strict); err != nil {
			o.setPhase(node, v1alpha1.NodeError, fmt.Sprintf("template timeout: %v", err))
			return node
		}
	}
	o.checkTimeout(node, timeout)
	return node
}

// observeHTTP moves an http node to what its agent pod shows.
func (o *operation) observeHTTP(n *v1alpha1.NodeStatus, t resolvedTemplate) {
	p := o.observation(n)
	if p == nil {
		return
	}
	switch p.Phase {
	case corev1.PodPending, corev1.PodRunning:
		switch {
		case p.Deleted:
			o.setPhase(n, v1alpha1.NodeError, "pod deleted")
		case p.Phase == corev1.PodRunning:
			o.setPhase(n, v1alpha1.NodeRunning, "")
		default:
			o.setPhase(n, v1alpha1.NodePending, joinMessage(p.Reason, p.Message))
		}
	case corev1.PodSucceeded, corev1.PodFailed:
		if p.Outputs == nil || p.Outputs.HTTP == nil {
			msg := failureMessage(p)
			if p.Outputs != nil && p.Outputs.Error != "" {
				msg = p.Outputs.Error
			}
			o.finishPod(n, p, nil, v1alpha1.NodeFailed, "the http request got no response: "+msg)
			return
		}
		outputs, phase, message := httpOutcome(t, p.Outputs)
		o.finishPod(n, p, outputs, phase, message)
	default:
		if p.Deleted {
			o.setPhase(n, v1alpha1.NodeError, "pod deleted")
		}
	}
}

// httpOutcome judges a response by the template's successCondition, an
// expression over response.statusCode, response.body and response.headers
// (by canonical name, each a list), or, without one, by a 2xx status. The
// body is the result; a body cut short to fit the termination message is
// judged and returned as it was kept, and the message says so.
func httpOutcome(t resolvedTemplate, r *ExecutorReport) (*v1alpha1.Outputs, v1alpha1.NodePhase, string) {
	resp := r.HTTP
	body := resp.Body
	out := &v1alpha1.Outputs{Result: &body}
	var cut string
	if resp.BodyTruncated {
		cut = fmt.Sprintf("the response body was cut to its first %d of %d bytes to fit the termination message", len(resp.Body), resp.BodyBytes)
	}
	if resp.HeadersDropped {
		cut = joinNotes(cut, "some response headers were left out to fit the termination message")
	}
	cond := t.HTTP.SuccessCondition
	if cond == "" {
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return out, v1alpha1.NodeFailed, joinNotes(fmt.Sprintf("received response status code %d, not 2xx", resp.StatusCode), cut)
		}
		return out, v1alpha1.NodeSucceeded, cut
	}
	headers := map[string]any{}
	for k, v := range resp.Headers {
		values := make([]any, len(v))
		for i, s := range v {
			values[i] = s
		}
		headers[k] = values
	}
	env := map[string]any{"response": map[string]any{"statusCode": resp.StatusCode, "body": resp.Body, "headers": headers}}
	ok, err := expr.EvaluateBool(cond, env)
	switch {
	case err != nil:
		return out, v1alpha1.NodeError, fmt.Sprintf("http.successCondition %q: %v", cond, err)
	case !ok:
		return out, v1alpha1.NodeFailed, joinNotes(fmt.Sprintf("http.successCondition %q is false (response status code %d)", cond, resp.StatusCode), cut)
	}
	return out, v1alpha1.NodeSucceeded, cut
}

// joinNotes joins two parts of a message, either of which may be empty.
func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
