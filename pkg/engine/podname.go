package engine

// PodName is the name of the pod that runs the node named node, of template
// template, in the workflow named workflow: the name Reconcile gives the pod,
// for clients that show or look up a node's pod.
func PodName(workflow, node, template string) string {
	return podName(workflow, node, template)
}
