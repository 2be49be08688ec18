// Package podspec builds the Kubernetes pod that runs one node of a Weft
// workflow: a container or script template wrapped by the Weft executor, with
// everything the workflow and the template say about the pod.
//
// The pod has an init container, named init, that installs the executor into
// an emptyDir volume mounted at /var/run/weft in every container; the
// template's container, named main, runs its command through
// /var/run/weft/weft-executor, which reports the outputs through the
// termination message, so the pod needs no Kubernetes API credentials.
// Template sidecars run as native sidecars (init containers whose restart
// policy is Always), so Kubernetes stops them when main ends.
package podspec
