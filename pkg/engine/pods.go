package engine

import (
	"fmt"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// executePod creates the node of a container or script template and asks
// for its pod, unless the workflow's parallelism is reached (then nil).
func (o *operation) executePod(c call, t resolvedTemplate, inputs []v1alpha1.Parameter, sc *scope) *v1alpha1.NodeStatus {
	if p := o.spec.Parallelism; p != nil && o.activePods >= *p {
		return nil
	}
	name := podName(o.wf.Name, c.name, t.name)
	sc.set("pod.name", name)
	addPathVars(sc, t.Template)
	tmpl, err := o.substituteTemplate(t.Template, sc, expr.Strict)
	if err != nil {
		return o.failNode(nil, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	}
	if waiting, err := o.commandsFromImages(tmpl); err != nil {
		return o.failNode(nil, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	} else if waiting {
		return nil // like parallelism: the node starts once the images are read
	}
	arts, err := o.podArtifacts(tmpl, o.inputArtifactsOf(c.name), sc)
	if err != nil {
		return o.failNode(nil, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	}
	spec, err := o.specForPod(sc)
	if err != nil {
		return o.failNode(nil, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	}
	id := nodeID(o.wf.Name, c.name)
	pod, err := podspec.Build(podspec.Input{
		Workflow: o.wf, Spec: spec, Template: tmpl,
		NodeID: id, NodeName: c.name, PodName: name,
		Options: podspec.Options{
			ExecutorImage:           o.cfg.ExecutorImage,
			ExecutorImagePullPolicy: o.cfg.ExecutorImagePullPolicy,
			ExecutorCommand:         o.cfg.ExecutorCommand,
			ExecutorResources:       o.cfg.ExecutorResources,
		},
		Artifacts: arts,
	})
	if err != nil {
		return o.failNode(nil, c, v1alpha1.NodeTypePod, t, inputs, err.Error())
	}
	node := o.newTemplateNode(c, v1alpha1.NodeTypePod, t, inputs, v1alpha1.NodePending, "")
	if o.observation(node) == nil {
		o.createPods = append(o.createPods, pod)
		o.observeContainerSet(node, t)
		return node
	}
	o.observePod(node, t, inputs)
	return node
}

// observation is what was observed of a pod node's pod, or nil.
func (o *operation) observation(n *v1alpha1.NodeStatus) *PodObservation {
	var buf [lookupBuffer]byte
	if p := o.podsByName[string(appendPodName(buf[:0], o.wf.Name, n.Name, n.TemplateName))]; p != nil {
		return p
	}
	return o.podsByNode[n.ID]
}

// observePod moves an unfinished pod node to what its pod shows, and ends
// it when its template's timeout has passed.
func (o *operation) observePod(n *v1alpha1.NodeStatus, t resolvedTemplate, inputs []v1alpha1.Parameter) {
	o.observePodPhase(n, t, inputs)
	timeout := t.Timeout
	if expr.HasReferences(timeout) {
		var err error
		if timeout, err = expr.Substitute(timeout, o.localScope(inputs, n.Name), expr.Strict); err != nil {
			o.setPhase(n, v1alpha1.NodeError, fmt.Sprintf("template timeout: %v", err))
			return
		}
	}
	o.checkTimeout(n, timeout)
	o.observeContainerSet(n, t)
}

// daemonize marks a daemon's node once its pod is Ready (it runs and passes
// its readiness probe): it counts as done for its steps or DAG, and its pod
// is deleted when their scope ends.
func (o *operation) daemonize(n *v1alpha1.NodeStatus) {
	daemoned := true
	n.Daemoned = &daemoned
	o.setPhase(n, v1alpha1.NodeSucceeded, "")
}

// PodMissingGrace is how long a pod node's pod may be missing from what the
// controller observes before the node ends in Error, "pod deleted": the
// pod was created with the node, so after the time a watch takes to show
// it, it can only be missing because it was deleted and is gone.
const PodMissingGrace = 30 * time.Second

// observePodPhase moves an unfinished pod node to what its pod shows, and
// to Error when its pod is gone.
func (o *operation) observePodPhase(n *v1alpha1.NodeStatus, t resolvedTemplate, inputs []v1alpha1.Parameter) {
	p := o.observation(n)
	if p == nil {
		o.missingPod(n)
		return
	}
	if p.PodIP != "" && n.PodIP != p.PodIP {
		n.PodIP = p.PodIP
		o.changed = true
	}
	if p.HostNodeName != "" && n.HostNodeName != p.HostNodeName {
		n.HostNodeName = p.HostNodeName
		o.changed = true
	}
	switch p.Phase {
	case corev1.PodPending:
		if p.Deleted {
			o.setPhase(n, v1alpha1.NodeError, "pod deleted")
			return
		}
		msg := ""
		if p.Reason != "" {
			msg = joinMessage(p.Reason, p.Message)
		}
		o.setPhase(n, v1alpha1.NodePending, msg)
	case corev1.PodRunning:
		if p.Deleted {
			o.setPhase(n, v1alpha1.NodeError, "pod deleted")
			return
		}
		if t.Daemon != nil && *t.Daemon && p.Ready {
			o.daemonize(n)
			return
		}
		o.setPhase(n, v1alpha1.NodeRunning, "")
	case corev1.PodSucceeded:
		outputs, phase, message := o.podOutputs(t, inputs, n.Name, p)
		o.finishPod(n, p, outputs, phase, message)
	case corev1.PodFailed:
		outputs, _, _ := o.podOutputs(t, inputs, n.Name, p)
		o.finishPod(n, p, outputs, v1alpha1.NodeFailed, podFailure(t, p))
	default:
		if p.Deleted {
			o.setPhase(n, v1alpha1.NodeError, "pod deleted")
		}
	}
}

// finishPod ends a pod node with its outputs.
func (o *operation) finishPod(n *v1alpha1.NodeStatus, p *PodObservation, outputs *v1alpha1.Outputs, phase v1alpha1.NodePhase, message string) {
	n.Outputs = outputs
	o.setPhase(n, phase, message)
	if !p.FinishedAt.IsZero() {
		n.FinishedAt = p.FinishedAt
	}
	if outputs != nil {
		o.exportGlobals(outputs)
	}
}

// failureMessage explains a failed pod: "Error (exit code 1)",
// "OOMKilled (exit code 137)", or Kubernetes' reason and message.
func failureMessage(p *PodObservation) string {
	code := p.ExitCode
	if code == nil && p.Outputs != nil && p.Outputs.ExitCode != 0 {
		c := p.Outputs.ExitCode
		code = &c
	}
	var msg string
	switch {
	case p.Reason == "DeadlineExceeded":
		msg = "Pod exceeded its deadline: the template's activeDeadlineSeconds passed and Kubernetes stopped it"
	case code != nil:
		reason := p.Reason
		if reason == "" {
			reason = "Error"
		}
		msg = fmt.Sprintf("%s (exit code %d)", reason, *code)
	case p.Reason != "" || p.Message != "":
		msg = joinMessage(p.Reason, p.Message)
	default:
		msg = "pod failed"
	}
	if p.Outputs != nil && p.Outputs.Error != "" {
		msg += ": " + p.Outputs.Error
	}
	if p.Deleted && code == nil {
		msg = "pod deleted"
	}
	return msg
}

func joinMessage(reason, message string) string {
	switch {
	case reason == "":
		return message
	case message == "":
		return reason
	}
	return reason + ": " + message
}

// exitCodeText is a pod's exit code as outputs.exitCode gives it.
func exitCodeText(p *PodObservation) *string {
	switch {
	case p.Outputs != nil:
		s := strconv.Itoa(int(p.Outputs.ExitCode))
		return &s
	case p.ExitCode != nil:
		s := strconv.Itoa(int(*p.ExitCode))
		return &s
	}
	return nil
}

// missingPod ends a pod node whose pod has been missing for PodMissingGrace
// since the node started, and otherwise asks to look again once that has
// passed.
func (o *operation) missingPod(n *v1alpha1.NodeStatus) {
	if fulfilled(n.Phase) || n.StartedAt.IsZero() {
		return
	}
	if missing := o.now.Sub(n.StartedAt.Time); missing < PodMissingGrace {
		o.requeueAfter(PodMissingGrace - missing)
		return
	}
	o.setPhase(n, v1alpha1.NodeError, "pod deleted")
}
