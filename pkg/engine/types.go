package engine

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// Config holds the controller's settings for the pods Reconcile builds.
type Config struct {
	// ExecutorImage is the image holding the weft-executor binary, run by
	// every pod's init container.
	ExecutorImage string
	// ExecutorImagePullPolicy is the pull policy of ExecutorImage.
	ExecutorImagePullPolicy corev1.PullPolicy
	// ExecutorCommand runs the executor in ExecutorImage; ["weft-executor"]
	// (looked up on the image's PATH) when empty.
	ExecutorCommand []string
	// ExecutorResources are the resources of the init container.
	ExecutorResources corev1.ResourceRequirements
	// Bounds limit what a workflow grows to while it runs; zero fields take
	// the defaults.
	Bounds Bounds
}

// ExecutorReport is what the executor reports through the main container's
// termination message; parse one with executor.ParseReport.
type ExecutorReport = executor.Report

// PodObservation is what the controller observed of one of the workflow's
// pods, from the pod informer and the main container's termination message.
type PodObservation struct {
	// Name is the pod's name; NodeID is its weft.dev/node-id label.
	Name, NodeID string
	// Phase is the pod's phase: Pending, Running, Succeeded or Failed.
	Phase corev1.PodPhase
	// Deleted says the pod vanished before it finished, or has a deletionTimestamp.
	Deleted bool
	// StartedAt and FinishedAt are when the main container started and ended.
	StartedAt, FinishedAt metav1.Time
	// ExitCode is the main container's exit code, once it terminated.
	ExitCode *int32
	// Reason is Kubernetes' reason: the main container's terminated reason
	// (Error, OOMKilled), its waiting reason while Pending (ImagePullBackOff,
	// ErrImagePull) or the pod's reason (Evicted).
	Reason string
	// Message is Kubernetes' message that goes with Reason (not the
	// termination message, which is parsed into Outputs).
	Message string
	// Outputs is the executor's report from the main container's termination
	// message; nil when absent.
	Outputs *ExecutorReport
	// LogResult is the result the controller read from the main container's
	// log (pods/log) because Outputs.Overflow lists "result"; nil otherwise.
	// Its trailing newline is trimmed like the executor trims it.
	LogResult *string
	// PodIP is the pod's IP; HostNodeName the Kubernetes node it runs on.
	PodIP, HostNodeName string
	// Labels are the pod's labels, for podGC.labelSelector.
	Labels map[string]string
	// Ready says the pod's Ready condition is true: its containers run and
	// pass their readiness probes.
	Ready bool
	// Containers are the pod's containers (not its init containers), for
	// the nodes of a containerSet's containers.
	Containers []ContainerObservation
	// ArtifactGC is the strategy of an artifact garbage-collection pod (its
	// podspec.LabelArtifactGC label); empty for the pods of nodes.
	ArtifactGC string
	// GCReport is such a pod's report from its termination message; nil
	// when absent.
	GCReport *executor.GCReport
}

// ContainerObservation is what was observed of one container of a pod.
type ContainerObservation struct {
	// Name is the container's name.
	Name string
	// Running says the container runs; Terminated that it ended.
	Running, Terminated bool
	// StartedAt and FinishedAt are when the container started and ended.
	StartedAt, FinishedAt metav1.Time
	// ExitCode is the container's exit code, once it terminated.
	ExitCode int32
	// Reason and Message are Kubernetes' reason and message for the
	// container's waiting or terminated state.
	Reason, Message string
	// Outputs is the executor's report from the container's termination
	// message; nil when absent.
	Outputs *ExecutorReport
}

// ReasonNamespaceTerminating is the PodObservation.Reason of a pod the API
// refused because its namespace is being deleted.
const ReasonNamespaceTerminating = "NamespaceTerminating"

// Observed is everything the controller observed for one workflow.
type Observed struct {
	// Pods are the workflow's pods.
	Pods []PodObservation
	// Resources are how the resource templates' actions went, by node.
	Resources []ResourceObservation
	// Locks are the controller's mutexes and semaphores; nil when none
	// are configured (synchronization then takes no locks).
	Locks LockManager
	// Memo reads the memoization caches; nil means every cache is empty.
	Memo MemoCache
	// Images tells the ENTRYPOINT and CMD of the images of containers that
	// give no command; nil when the controller reads no images.
	Images ImageConfigs
	// ConfigMaps reads the ConfigMap keys of valueFrom.configMapKeyRef
	// parameters; nil when the controller reads none.
	ConfigMaps ConfigMapReader
	// ArtifactRepository is the workflow's artifact repository, resolved by
	// the controller; nil when none is configured.
	ArtifactRepository *ArtifactRepository
}

// ResourceRequest asks the controller to carry out a resource template for
// a node, with the rights of the workflow's creator. Reconcile repeats the
// request on every decision until the node ends, so the controller may act
// on it again after a restart; it acts once per node and reports how it went
// as a ResourceObservation.
type ResourceRequest struct {
	// NodeID and NodeName name the node.
	NodeID, NodeName string
	// Resource is the template's resource, its references substituted.
	Resource v1alpha1.ResourceTemplate
	// Outputs are the template's output parameters (valueFrom.jsonPath or
	// valueFrom.jqFilter), read from the object once it succeeded.
	Outputs []v1alpha1.Parameter
}

// ResourceObservation is how the resource request of a node went.
type ResourceObservation struct {
	// NodeID names the node.
	NodeID string
	// Phase is Running while the controller waits for the successCondition
	// or failureCondition, then Succeeded, Failed or Error.
	Phase v1alpha1.NodePhase
	// Message explains a phase other than Succeeded, such as RBAC's refusal.
	Message string
	// Outputs are the node's output parameters, once it succeeded.
	Outputs *v1alpha1.Outputs
}

// Decision is what Reconcile decided.
type Decision struct {
	// Status is the workflow's complete next status. A finished node or
	// workflow never goes back.
	Status v1alpha1.WorkflowStatus
	// CreatePods are the pods to create, fully built and owned by the workflow.
	CreatePods []*corev1.Pod
	// CreateClaims are the workflow's volume claims, to create before the
	// pods that mount them; an existing claim is fine.
	CreateClaims []*corev1.PersistentVolumeClaim
	// DeleteClaims names the volume claims spec.volumeClaimGC lets go.
	DeleteClaims []string
	// DeletePods names the pods to delete (Terminate, deadlines, pod GC,
	// daemons whose scope ended).
	DeletePods []string
	// Resources are the resource templates the controller carries out.
	Resources []ResourceRequest
	// Events are the events to record on the workflow, in order.
	Events []Event
	// MemoWrites are the cache entries to write for memoized nodes that
	// succeeded.
	MemoWrites []MemoWrite
	// Metadata are labels and annotations to add to the workflow, from
	// spec.workflowMetadata or its WorkflowTemplate's.
	Metadata MetadataChange
	// Finalizer asks to add or remove the workflow's artifact-gc finalizer.
	Finalizer FinalizerChange
	// DeleteWorkflow says the finished workflow's ttlStrategy has run out:
	// the controller deletes it, and its pods go with it.
	DeleteWorkflow bool
	// RequeueAfter, when positive, is when Reconcile must run again even if
	// nothing is observed, such as when a suspend duration ends.
	RequeueAfter time.Duration
}

// Event is a Kubernetes event to record on the workflow.
type Event struct {
	// Type is corev1.EventTypeNormal or corev1.EventTypeWarning.
	Type string
	// Reason is a short CamelCase reason such as WorkflowSucceeded.
	Reason string
	// Message is the event's text.
	Message string
}
