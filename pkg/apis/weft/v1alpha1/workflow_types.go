package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// Workflow is a run of a graph of templates: steps, DAG tasks and pods.
type Workflow struct {
	metav1.TypeMeta `json:",inline"`
	// Standard object metadata.
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is what the workflow runs.
	Spec WorkflowSpec `json:"spec"`
	// Status is what the controller observed of the run.
	// +optional
	Status WorkflowStatus `json:"status,omitempty"`
}

// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object

// WorkflowList is a list of Workflows.
type WorkflowList struct {
	metav1.TypeMeta `json:",inline"`
	// Standard list metadata.
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the workflows.
	Items []Workflow `json:"items"`
}

// ShutdownStrategy says how a running workflow is brought to an end early.
type ShutdownStrategy string

const (
	// ShutdownTerminate stops every running node at once, exit handlers included.
	ShutdownTerminate ShutdownStrategy = "Terminate"
	// ShutdownStop stops every running node but still runs the exit handlers.
	ShutdownStop ShutdownStrategy = "Stop"
)

// WorkflowSpec is the specification of a workflow, a workflow template or
// the workflow a CronWorkflow creates.
type WorkflowSpec struct {
	// Templates are the templates the workflow can run.
	// +optional
	// +listType=atomic
	Templates []Template `json:"templates,omitempty"`
	// Entrypoint is the name of the template the workflow starts with.
	// +optional
	Entrypoint string `json:"entrypoint,omitempty"`
	// Arguments are the workflow's global parameters and artifacts.
	// +optional
	Arguments Arguments `json:"arguments,omitempty"`
	// ServiceAccountName is the service account workflow pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// AutomountServiceAccountToken says whether workflow pods mount the service account's token.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// Executor holds settings for the executor that runs inside workflow pods.
	// +optional
	Executor *ExecutorConfig `json:"executor,omitempty"`
	// Volumes are added to every workflow pod.
	// +optional
	// +listType=atomic
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// VolumeClaimTemplates are claims created for the workflow's run and mounted by its pods.
	// +optional
	// +listType=atomic
	VolumeClaimTemplates []corev1.PersistentVolumeClaim `json:"volumeClaimTemplates,omitempty"`
	// Parallelism bounds how many pods of the workflow run at once.
	// +optional
	Parallelism *int64 `json:"parallelism,omitempty"`
	// ArtifactRepositoryRef names the artifact repository the workflow uses.
	// +optional
	ArtifactRepositoryRef *ArtifactRepositoryRef `json:"artifactRepositoryRef,omitempty"`
	// Suspend stops the workflow from scheduling new nodes while true.
	// +optional
	Suspend *bool `json:"suspend,omitempty"`
	// NodeSelector is merged into every workflow pod's node selector.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Affinity is the default affinity of workflow pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
	// Tolerations are added to every workflow pod.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// ImagePullSecrets are added to every workflow pod.
	// +optional
	// +listType=atomic
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// HostNetwork runs workflow pods in the node's network namespace.
	// +optional
	HostNetwork *bool `json:"hostNetwork,omitempty"`
	// DNSPolicy is the DNS policy of workflow pods.
	// +optional
	DNSPolicy *corev1.DNSPolicy `json:"dnsPolicy,omitempty"`
	// DNSConfig is the DNS configuration of workflow pods.
	// +optional
	DNSConfig *corev1.PodDNSConfig `json:"dnsConfig,omitempty"`
	// OnExit names the template that runs when the workflow ends, whatever its phase.
	// +optional
	OnExit string `json:"onExit,omitempty"`
	// TTLStrategy says when a finished workflow is deleted.
	// +optional
	TTLStrategy *TTLStrategy `json:"ttlStrategy,omitempty"`
	// ActiveDeadlineSeconds bounds the workflow's run time; past it the workflow fails.
	// +optional
	ActiveDeadlineSeconds *int64 `json:"activeDeadlineSeconds,omitempty"`
	// Priority orders workflows against each other when they compete for parallelism.
	// +optional
	Priority *int32 `json:"priority,omitempty"`
	// SchedulerName is the scheduler of workflow pods.
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`
	// PodGC says when the workflow's pods are deleted.
	// +optional
	PodGC *PodGC `json:"podGC,omitempty"`
	// PriorityClassName is the priority class of workflow pods; podPriorityClassName is its Argo spelling.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// PodPriorityClassName is the priority class of workflow pods.
	// +optional
	PodPriorityClassName string `json:"podPriorityClassName,omitempty"`
	// PodPriority is the priority of workflow pods. Deprecated: use podPriorityClassName.
	// +optional
	PodPriority *int32 `json:"podPriority,omitempty"`
	// HostAliases are added to every workflow pod's /etc/hosts.
	// +optional
	// +listType=atomic
	HostAliases []corev1.HostAlias `json:"hostAliases,omitempty"`
	// SecurityContext is the pod-level security context of workflow pods.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`
	// PodSpecPatch is a strategic merge patch (JSON or YAML) applied to every workflow pod's spec.
	// +optional
	PodSpecPatch string `json:"podSpecPatch,omitempty"`
	// PodDisruptionBudget, when set, protects the workflow's pods while it runs.
	// +optional
	PodDisruptionBudget *policyv1.PodDisruptionBudgetSpec `json:"podDisruptionBudget,omitempty"`
	// Metrics are Prometheus metrics emitted when the workflow runs.
	// +optional
	Metrics *Metrics `json:"metrics,omitempty"`
	// Shutdown ends a running workflow early: Terminate or Stop.
	// +optional
	Shutdown ShutdownStrategy `json:"shutdown,omitempty"`
	// WorkflowTemplateRef runs the spec of a WorkflowTemplate or ClusterWorkflowTemplate.
	// +optional
	WorkflowTemplateRef *WorkflowTemplateRef `json:"workflowTemplateRef,omitempty"`
	// Synchronization holds the locks the workflow takes before it runs.
	// +optional
	Synchronization *Synchronization `json:"synchronization,omitempty"`
	// VolumeClaimGC says when the workflow's volume claims are deleted.
	// +optional
	VolumeClaimGC *VolumeClaimGC `json:"volumeClaimGC,omitempty"`
	// RetryStrategy is the default retry strategy of every template.
	// +optional
	RetryStrategy *RetryStrategy `json:"retryStrategy,omitempty"`
	// PodMetadata holds labels and annotations added to every workflow pod.
	// +optional
	PodMetadata *Metadata `json:"podMetadata,omitempty"`
	// TemplateDefaults are merged into every template of the workflow.
	// +optional
	TemplateDefaults *Template `json:"templateDefaults,omitempty"`
	// ArchiveLogs archives the logs of every workflow pod.
	// +optional
	ArchiveLogs *bool `json:"archiveLogs,omitempty"`
	// Hooks run templates on workflow events or when their expression holds.
	// +optional
	Hooks map[string]LifecycleHook `json:"hooks,omitempty"`
	// WorkflowMetadata holds labels and annotations set on the workflow itself.
	// +optional
	WorkflowMetadata *WorkflowMetadata `json:"workflowMetadata,omitempty"`
	// ArtifactGC is the default garbage collection of the workflow's artifacts.
	// +optional
	ArtifactGC *WorkflowLevelArtifactGC `json:"artifactGC,omitempty"`
}

// ExecutorConfig holds settings for the executor that runs inside workflow pods.
type ExecutorConfig struct {
	// ServiceAccountName is the service account the executor runs as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
}

// ArtifactRepositoryRef names an artifact repository in a ConfigMap.
type ArtifactRepositoryRef struct {
	// ConfigMap is the ConfigMap's name; the default is "artifact-repositories".
	// +optional
	ConfigMap string `json:"configMap,omitempty"`
	// Key is the key of the repository in the ConfigMap; the default is the
	// ConfigMap's workflows.argoproj.io/default-artifact-repository annotation.
	// +optional
	Key string `json:"key,omitempty"`
}

// TTLStrategy says how long a finished workflow is kept.
type TTLStrategy struct {
	// SecondsAfterCompletion is how long a finished workflow is kept, whatever its phase.
	// +optional
	SecondsAfterCompletion *int32 `json:"secondsAfterCompletion,omitempty"`
	// SecondsAfterSuccess is how long a succeeded workflow is kept.
	// +optional
	SecondsAfterSuccess *int32 `json:"secondsAfterSuccess,omitempty"`
	// SecondsAfterFailure is how long a failed workflow is kept.
	// +optional
	SecondsAfterFailure *int32 `json:"secondsAfterFailure,omitempty"`
}

// PodGC says when a workflow's pods are deleted.
type PodGC struct {
	// Strategy is one of OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess.
	// +optional
	Strategy string `json:"strategy,omitempty"`
	// LabelSelector restricts the deletion to the pods it selects.
	// +optional
	LabelSelector *metav1.LabelSelector `json:"labelSelector,omitempty"`
	// DeleteDelayDuration delays the deletion by a duration such as "30s".
	// +optional
	DeleteDelayDuration string `json:"deleteDelayDuration,omitempty"`
}

// VolumeClaimGC says when a workflow's volume claims are deleted.
type VolumeClaimGC struct {
	// Strategy is OnWorkflowCompletion or OnWorkflowSuccess.
	// +optional
	Strategy string `json:"strategy,omitempty"`
}

// WorkflowMetadata holds labels and annotations set on a workflow.
type WorkflowMetadata struct {
	// Labels are added to the workflow.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are added to the workflow.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// LabelsFrom are labels whose values are expressions.
	// +optional
	LabelsFrom map[string]LabelValueFrom `json:"labelsFrom,omitempty"`
}

// LabelValueFrom is a label value computed by an expression.
type LabelValueFrom struct {
	// Expression is evaluated to the label's value.
	Expression string `json:"expression"`
}

// WorkflowTemplateRef names a WorkflowTemplate or ClusterWorkflowTemplate.
type WorkflowTemplateRef struct {
	// Name is the template's name.
	// +optional
	Name string `json:"name,omitempty"`
	// ClusterScope says the name is of a ClusterWorkflowTemplate.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
}

// Metadata holds labels and annotations.
type Metadata struct {
	// Annotations to add.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// Labels to add.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
}
