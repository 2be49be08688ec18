package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// WorkflowPhase is the phase of a workflow.
type WorkflowPhase string

// The phases of a workflow. The empty phase means the controller has not seen it yet.
const (
	WorkflowUnknown   WorkflowPhase = ""
	WorkflowPending   WorkflowPhase = "Pending"
	WorkflowRunning   WorkflowPhase = "Running"
	WorkflowSucceeded WorkflowPhase = "Succeeded"
	WorkflowFailed    WorkflowPhase = "Failed"
	WorkflowError     WorkflowPhase = "Error"
)

// NodePhase is the phase of a node.
type NodePhase string

// The phases of a node.
const (
	NodePending   NodePhase = "Pending"
	NodeRunning   NodePhase = "Running"
	NodeSucceeded NodePhase = "Succeeded"
	NodeSkipped   NodePhase = "Skipped"
	NodeFailed    NodePhase = "Failed"
	NodeError     NodePhase = "Error"
	NodeOmitted   NodePhase = "Omitted"
)

// NodeType is the kind of a node.
type NodeType string

// The kinds of nodes.
const (
	NodeTypePod       NodeType = "Pod"
	NodeTypeContainer NodeType = "Container"
	NodeTypeSteps     NodeType = "Steps"
	NodeTypeStepGroup NodeType = "StepGroup"
	NodeTypeDAG       NodeType = "DAG"
	NodeTypeTaskGroup NodeType = "TaskGroup"
	NodeTypeRetry     NodeType = "Retry"
	NodeTypeSkipped   NodeType = "Skipped"
	NodeTypeSuspend   NodeType = "Suspend"
	NodeTypeHTTP      NodeType = "HTTP"
	NodeTypePlugin    NodeType = "Plugin"
)

// WorkflowStatus is what the controller observed of a workflow's run.
type WorkflowStatus struct {
	// Phase is the workflow's phase.
	// +optional
	Phase WorkflowPhase `json:"phase,omitempty"`
	// StartedAt is when the workflow started.
	// +optional
	StartedAt metav1.Time `json:"startedAt,omitempty"`
	// FinishedAt is when the workflow finished.
	// +optional
	FinishedAt metav1.Time `json:"finishedAt,omitempty"`
	// EstimatedDuration is the expected run time in seconds.
	// +optional
	EstimatedDuration int64 `json:"estimatedDuration,omitempty"`
	// Progress is "N/M": N of M pods completed.
	// +optional
	Progress string `json:"progress,omitempty"`
	// Message says why the workflow is in its phase.
	// +optional
	Message string `json:"message,omitempty"`
	// Nodes are the workflow's nodes by ID. Server-side apply tracks them as
	// one field, which the controller owns.
	// +optional
	// +mapType=atomic
	Nodes map[string]NodeStatus `json:"nodes,omitempty"`
	// StoredTemplates are the templates the workflow resolved from references.
	// +optional
	StoredTemplates map[string]Template `json:"storedTemplates,omitempty"`
	// StoredWorkflowTemplateSpec is the spec of the referenced workflow template at the start of the run.
	// +optional
	StoredWorkflowTemplateSpec *WorkflowSpec `json:"storedWorkflowTemplateSpec,omitempty"`
	// Outputs are the workflow's global outputs.
	// +optional
	Outputs *Outputs `json:"outputs,omitempty"`
	// Conditions are observations of the workflow's state.
	// +optional
	// +listType=atomic
	Conditions []Condition `json:"conditions,omitempty"`
	// ResourcesDuration is the resources the workflow used, in resource-seconds.
	// +optional
	ResourcesDuration map[corev1.ResourceName]int64 `json:"resourcesDuration,omitempty"`
	// PersistentVolumeClaims are the volumes of the claims the workflow created.
	// +optional
	// +listType=atomic
	PersistentVolumeClaims []corev1.Volume `json:"persistentVolumeClaims,omitempty"`
	// Synchronization is the state of the workflow's locks.
	// +optional
	Synchronization *SynchronizationStatus `json:"synchronization,omitempty"`
	// ArtifactRepositoryRef is the artifact repository the workflow resolved.
	// +optional
	ArtifactRepositoryRef *ArtifactRepositoryRefStatus `json:"artifactRepositoryRef,omitempty"`
	// ArtifactGCStatus is the progress of the garbage collection of the workflow's artifacts.
	// +optional
	ArtifactGCStatus *ArtGCStatus `json:"artifactGCStatus,omitempty"`
	// CompressedNodes is the nodes map compressed and base64-encoded, as Argo
	// writes it when the status grows too large.
	// +optional
	CompressedNodes string `json:"compressedNodes,omitempty"`
	// OffloadNodeStatusVersion is the version of the nodes map Argo offloaded
	// to its database.
	// +optional
	OffloadNodeStatusVersion string `json:"offloadNodeStatusVersion,omitempty"`
	// TaskResultsCompletionStatus says, by node ID, whether the node's task
	// result was reported in full.
	// +optional
	TaskResultsCompletionStatus map[string]bool `json:"taskResultsCompletionStatus,omitempty"`
}

// ArtGCStatus is the progress of a workflow's artifact garbage collection.
type ArtGCStatus struct {
	// StrategiesProcessed says, by strategy, whether its deletion pods were started.
	// +optional
	StrategiesProcessed map[string]bool `json:"strategiesProcessed,omitempty"`
	// PodsRecouped says, by pod name, whether the deletion pod's results were read.
	// +optional
	PodsRecouped map[string]bool `json:"podsRecouped,omitempty"`
	// NotSpecified says no artifact of the workflow asked for garbage collection.
	// +optional
	NotSpecified bool `json:"notSpecified,omitempty"`
}

// NodeStatus is the state of one node of a workflow's tree.
type NodeStatus struct {
	// ID is the node's unique ID within the workflow.
	ID string `json:"id"`
	// Name is the node's full name, such as "wf[0].step".
	Name string `json:"name"`
	// DisplayName is the node's short name.
	// +optional
	DisplayName string `json:"displayName,omitempty"`
	// Type is the node's kind.
	Type NodeType `json:"type"`
	// TemplateName is the template the node runs.
	// +optional
	TemplateName string `json:"templateName,omitempty"`
	// TemplateRef is the referenced template the node runs.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`
	// TemplateScope is where the template was resolved: local/NAME, namespaced/NAME or cluster/NAME.
	// +optional
	TemplateScope string `json:"templateScope,omitempty"`
	// Phase is the node's phase.
	// +optional
	Phase NodePhase `json:"phase,omitempty"`
	// BoundaryID is the ID of the steps or DAG node that encloses this node.
	// +optional
	BoundaryID string `json:"boundaryID,omitempty"`
	// Message says why the node is in its phase.
	// +optional
	Message string `json:"message,omitempty"`
	// StartedAt is when the node started.
	// +optional
	StartedAt metav1.Time `json:"startedAt,omitempty"`
	// FinishedAt is when the node finished.
	// +optional
	FinishedAt metav1.Time `json:"finishedAt,omitempty"`
	// EstimatedDuration is the expected run time in seconds.
	// +optional
	EstimatedDuration int64 `json:"estimatedDuration,omitempty"`
	// Progress is "N/M": N of M pods below the node completed.
	// +optional
	Progress string `json:"progress,omitempty"`
	// ResourcesDuration is the resources the node used, in resource-seconds.
	// +optional
	ResourcesDuration map[corev1.ResourceName]int64 `json:"resourcesDuration,omitempty"`
	// PodIP is the IP of the node's pod, for daemons.
	// +optional
	PodIP string `json:"podIP,omitempty"`
	// Daemoned says the node's pod runs as a daemon.
	// +optional
	Daemoned *bool `json:"daemoned,omitempty"`
	// NodeFlag marks hook and retry nodes.
	// +optional
	NodeFlag *NodeFlag `json:"nodeFlag,omitempty"`
	// Inputs are the node's resolved inputs.
	// +optional
	Inputs *Inputs `json:"inputs,omitempty"`
	// Outputs are the node's outputs.
	// +optional
	Outputs *Outputs `json:"outputs,omitempty"`
	// Children are the IDs of the node's children.
	// +optional
	// +listType=atomic
	Children []string `json:"children,omitempty"`
	// OutboundNodes are the IDs of the nodes that end this node's sub-graph.
	// +optional
	// +listType=atomic
	OutboundNodes []string `json:"outboundNodes,omitempty"`
	// HostNodeName is the Kubernetes node the pod ran on.
	// +optional
	HostNodeName string `json:"hostNodeName,omitempty"`
	// MemoizationStatus says whether the node's outputs came from a cache.
	// +optional
	MemoizationStatus *MemoizationStatus `json:"memoizationStatus,omitempty"`
	// SynchronizationStatus is the state of the node's locks.
	// +optional
	SynchronizationStatus *NodeSynchronizationStatus `json:"synchronizationStatus,omitempty"`
	// TaskResultSynced says the node's task result was read.
	// +optional
	TaskResultSynced *bool `json:"taskResultSynced,omitempty"`
	// FailedPodRestarts counts the times the node's pod was recreated after
	// failing before it started.
	// +optional
	FailedPodRestarts int32 `json:"failedPodRestarts,omitempty"`
	// RestartingPodUID is the UID of the pod being recreated.
	// +optional
	RestartingPodUID string `json:"restartingPodUID,omitempty"`
}

// NodeFlag marks hook and retry nodes.
type NodeFlag struct {
	// Hooked says the node runs a hook.
	// +optional
	Hooked bool `json:"hooked,omitempty"`
	// Retried says the node is a retry of another.
	// +optional
	Retried bool `json:"retried,omitempty"`
}

// MemoizationStatus says whether a node's outputs came from a cache.
type MemoizationStatus struct {
	// Hit says the outputs came from the cache.
	Hit bool `json:"hit"`
	// Key is the cache key.
	Key string `json:"key"`
	// CacheName is the cache's name.
	CacheName string `json:"cacheName"`
}

// NodeSynchronizationStatus is the state of a node's locks.
type NodeSynchronizationStatus struct {
	// Waiting is the lock the node waits for.
	// +optional
	Waiting string `json:"waiting,omitempty"`
}

// Condition is one observation of a workflow's or cron workflow's state.
type Condition struct {
	// Type is the condition's type.
	// +optional
	Type string `json:"type,omitempty"`
	// Status is True, False or Unknown.
	// +optional
	Status metav1.ConditionStatus `json:"status,omitempty"`
	// Message says what was observed.
	// +optional
	Message string `json:"message,omitempty"`
}

// SynchronizationStatus is the state of a workflow's locks.
type SynchronizationStatus struct {
	// Semaphore is the state of its semaphores.
	// +optional
	Semaphore *SemaphoreStatus `json:"semaphore,omitempty"`
	// Mutex is the state of its mutexes.
	// +optional
	Mutex *MutexStatus `json:"mutex,omitempty"`
}

// SemaphoreStatus is the state of semaphores.
type SemaphoreStatus struct {
	// Holding are the semaphores held.
	// +optional
	// +listType=atomic
	Holding []SemaphoreHolding `json:"holding,omitempty"`
	// Waiting are the semaphores waited for.
	// +optional
	// +listType=atomic
	Waiting []SemaphoreHolding `json:"waiting,omitempty"`
}

// SemaphoreHolding is a semaphore and its holders.
type SemaphoreHolding struct {
	// Semaphore is the semaphore's name.
	// +optional
	Semaphore string `json:"semaphore,omitempty"`
	// Holders are the holders' names.
	// +optional
	// +listType=atomic
	Holders []string `json:"holders,omitempty"`
}

// MutexStatus is the state of mutexes.
type MutexStatus struct {
	// Holding are the mutexes held.
	// +optional
	// +listType=atomic
	Holding []MutexHolding `json:"holding,omitempty"`
	// Waiting are the mutexes waited for.
	// +optional
	// +listType=atomic
	Waiting []MutexHolding `json:"waiting,omitempty"`
}

// MutexHolding is a mutex and its holder.
type MutexHolding struct {
	// Mutex is the mutex's name.
	// +optional
	Mutex string `json:"mutex,omitempty"`
	// Holder is the holder's name.
	// +optional
	Holder string `json:"holder,omitempty"`
}

// ArtifactRepositoryRefStatus is the artifact repository a workflow resolved.
type ArtifactRepositoryRefStatus struct {
	ArtifactRepositoryRef `json:",inline"`
	// Namespace is the namespace of the repository's ConfigMap.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Default says the controller's default repository was used.
	// +optional
	Default bool `json:"default,omitempty"`
	// ArtifactRepository is the repository itself, as resolved.
	// +optional
	ArtifactRepository *ArtifactRepository `json:"artifactRepository,omitempty"`
}
