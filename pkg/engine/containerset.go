package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// observeContainerSet keeps the Container nodes of a containerSet's pod node
// in step with its containers: one child node per container, named
// NODE.CONTAINER, Pending until the container runs, then Succeeded or
// Failed by its exit code. Once the pod node ended, a container that never
// ended takes the pod node's phase and message.
func (o *operation) observeContainerSet(n *v1alpha1.NodeStatus, t resolvedTemplate) {
	if t.ContainerSet == nil {
		return
	}
	p := o.observation(n)
	for _, spec := range t.ContainerSet.Containers {
		name := n.Name + "." + spec.Name
		child := o.node(name)
		if child == nil {
			child = o.newNode(name, spec.Name, v1alpha1.NodeTypeContainer, n.ID, v1alpha1.NodePending, "")
			o.addChild(n, child.ID)
		}
		if fulfilled(child.Phase) {
			continue
		}
		if p != nil {
			if c := containerObservation(p, spec.Name); c != nil {
				o.observeContainer(child, c)
			}
		}
		if !fulfilled(child.Phase) && fulfilled(n.Phase) {
			phase := n.Phase
			if phase == v1alpha1.NodeSucceeded {
				phase = v1alpha1.NodeFailed
			}
			o.setPhase(child, phase, n.Message)
		}
	}
}

// observeContainer moves a container's node to what its container shows.
func (o *operation) observeContainer(child *v1alpha1.NodeStatus, c *ContainerObservation) {
	switch {
	case c.Terminated:
		out := &v1alpha1.Outputs{}
		code := strconv.Itoa(int(c.ExitCode))
		out.ExitCode = &code
		if c.Outputs != nil && c.Outputs.Result != nil {
			out.Result = c.Outputs.Result
		}
		child.Outputs = out
		phase, message := v1alpha1.NodeSucceeded, ""
		if c.ExitCode != 0 {
			phase, message = v1alpha1.NodeFailed, containerFailure(c)
		}
		o.setPhase(child, phase, message)
		if !c.FinishedAt.IsZero() {
			child.FinishedAt = c.FinishedAt
		}
	case c.Running:
		o.setPhase(child, v1alpha1.NodeRunning, "")
	case c.Reason != "" && c.Reason != "ContainerCreating" && c.Reason != "PodInitializing":
		o.setPhase(child, v1alpha1.NodePending, joinMessage(c.Reason, c.Message))
	}
}

// containerFailure explains a container that failed: why it did not run
// ("not run: container "a" it depends on failed (exit code 1)"), or its
// reason and exit code with the executor's error.
func containerFailure(c *ContainerObservation) string {
	reason := c.Reason
	if reason == "" {
		reason = "Error"
	}
	msg := fmt.Sprintf("%s (exit code %d)", reason, c.ExitCode)
	if c.Outputs != nil && c.Outputs.Error != "" {
		if strings.HasPrefix(c.Outputs.Error, executor.NotRunPrefix) {
			return c.Outputs.Error
		}
		msg += ": " + c.Outputs.Error
	}
	return msg
}

// podFailure explains a failed pod: for a containerSet, by the first of its
// containers, in the set's order, that failed and ran.
func podFailure(t resolvedTemplate, p *PodObservation) string {
	if t.ContainerSet == nil || p.Reason == "DeadlineExceeded" {
		return failureMessage(p)
	}
	var notRun string
	for _, spec := range t.ContainerSet.Containers {
		c := containerObservation(p, spec.Name)
		if c == nil || !c.Terminated || c.ExitCode == 0 {
			continue
		}
		msg := containerFailure(c)
		if strings.HasPrefix(msg, executor.NotRunPrefix) {
			if notRun == "" {
				notRun = fmt.Sprintf("container %s: %s", spec.Name, msg)
			}
			continue
		}
		return fmt.Sprintf("container %s: %s", spec.Name, msg)
	}
	if notRun != "" {
		return notRun
	}
	return failureMessage(p)
}

// containerObservation is a pod's container by name, or nil.
func containerObservation(p *PodObservation, name string) *ContainerObservation {
	for i := range p.Containers {
		if p.Containers[i].Name == name {
			return &p.Containers[i]
		}
	}
	return nil
}
