package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Template is a reusable unit of work: a container, a script, a resource, a
// suspension, or a graph of other templates as steps or a DAG.
type Template struct {
	// Name is the template's name, unique within the workflow.
	// +optional
	Name string `json:"name,omitempty"`
	// Inputs are the parameters and artifacts the template takes.
	// +optional
	Inputs Inputs `json:"inputs,omitempty"`
	// Outputs are the parameters and artifacts the template produces.
	// +optional
	Outputs Outputs `json:"outputs,omitempty"`
	// NodeSelector is merged into the pod's node selector.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Affinity is the pod's affinity.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
	// Metadata holds labels and annotations added to the pod.
	// +optional
	Metadata Metadata `json:"metadata,omitempty"`
	// Annotations are annotations of the template's node, such as
	// workflows.argoproj.io/display-name, which sets the node's display name.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
	// Daemon keeps the pod running in the background while the rest of its scope runs.
	// +optional
	Daemon *bool `json:"daemon,omitempty"`
	// Steps are groups of steps: the groups run in order, the steps of a group in parallel.
	// +optional
	// +listType=atomic
	Steps [][]WorkflowStep `json:"steps,omitempty"`
	// Container is the container the template runs.
	// +optional
	Container *corev1.Container `json:"container,omitempty"`
	// ContainerSet is a set of containers run in one pod.
	// +optional
	ContainerSet *ContainerSetTemplate `json:"containerSet,omitempty"`
	// Script is a container whose source is handed to its command.
	// +optional
	Script *ScriptTemplate `json:"script,omitempty"`
	// Resource acts on a Kubernetes resource.
	// +optional
	Resource *ResourceTemplate `json:"resource,omitempty"`
	// DAG is a graph of tasks.
	// +optional
	DAG *DAGTemplate `json:"dag,omitempty"`
	// Suspend pauses the workflow, for a duration or until it is resumed.
	// +optional
	Suspend *SuspendTemplate `json:"suspend,omitempty"`
	// Data transforms data from a source.
	// +optional
	Data *Data `json:"data,omitempty"`
	// HTTP makes an HTTP request.
	// +optional
	HTTP *HTTP `json:"http,omitempty"`
	// Plugin runs an executor plugin.
	// +optional
	Plugin *Plugin `json:"plugin,omitempty"`
	// Volumes are added to the pod.
	// +optional
	// +listType=atomic
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// InitContainers run before the main container.
	// +optional
	// +listType=atomic
	InitContainers []UserContainer `json:"initContainers,omitempty"`
	// Sidecars run beside the main container and are stopped when it ends.
	// +optional
	// +listType=atomic
	Sidecars []UserContainer `json:"sidecars,omitempty"`
	// ArchiveLocation is where the template's output artifacts are stored.
	// +optional
	ArchiveLocation *ArtifactLocation `json:"archiveLocation,omitempty"`
	// ActiveDeadlineSeconds bounds the pod's run time.
	// +optional
	ActiveDeadlineSeconds *intstr.IntOrString `json:"activeDeadlineSeconds,omitempty"`
	// RetryStrategy says when and how often the template is retried.
	// +optional
	RetryStrategy *RetryStrategy `json:"retryStrategy,omitempty"`
	// Parallelism bounds how many of the template's children run at once.
	// +optional
	Parallelism *int64 `json:"parallelism,omitempty"`
	// FailFast stops scheduling children once one fails; true by default.
	// +optional
	FailFast *bool `json:"failFast,omitempty"`
	// Tolerations are added to the pod.
	// +optional
	// +listType=atomic
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// SchedulerName is the pod's scheduler.
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`
	// PriorityClassName is the pod's priority class.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// Priority is the pod's priority. Deprecated: use priorityClassName.
	// +optional
	Priority *int32 `json:"priority,omitempty"`
	// ServiceAccountName is the service account the pod runs as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// AutomountServiceAccountToken says whether the pod mounts the service account's token.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// Executor holds settings for the pod's executor.
	// +optional
	Executor *ExecutorConfig `json:"executor,omitempty"`
	// HostAliases are added to the pod's /etc/hosts.
	// +optional
	// +listType=atomic
	HostAliases []corev1.HostAlias `json:"hostAliases,omitempty"`
	// SecurityContext is the pod's security context.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`
	// PodSpecPatch is a strategic merge patch (JSON or YAML) applied to the pod's spec.
	// +optional
	PodSpecPatch string `json:"podSpecPatch,omitempty"`
	// Metrics are Prometheus metrics emitted when the template runs.
	// +optional
	Metrics *Metrics `json:"metrics,omitempty"`
	// Synchronization holds the locks the template takes before it runs.
	// +optional
	Synchronization *Synchronization `json:"synchronization,omitempty"`
	// Memoize caches the template's outputs by key.
	// +optional
	Memoize *Memoize `json:"memoize,omitempty"`
	// Timeout bounds the template's run time as a duration such as "2m", counted from its start.
	// +optional
	Timeout string `json:"timeout,omitempty"`
	// Hooks run templates on the template's events or when their expression holds.
	// +optional
	Hooks map[string]LifecycleHook `json:"hooks,omitempty"`
}

// WorkflowStep is one step of a steps template.
type WorkflowStep struct {
	// Name is the step's name, unique within its template.
	// +optional
	Name string `json:"name,omitempty"`
	// Template names the template the step runs.
	// +optional
	Template string `json:"template,omitempty"`
	// Inline is a template given in place.
	// +optional
	Inline *Template `json:"inline,omitempty"`
	// Arguments are passed to the template's inputs.
	// +optional
	Arguments Arguments `json:"arguments,omitempty"`
	// TemplateRef names a template of a WorkflowTemplate or ClusterWorkflowTemplate.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`
	// WithItems runs the step once per item.
	// +optional
	// +listType=atomic
	WithItems []Item `json:"withItems,omitempty"`
	// WithParam runs the step once per element of a JSON list.
	// +optional
	WithParam string `json:"withParam,omitempty"`
	// WithSequence runs the step once per number of a sequence.
	// +optional
	WithSequence *Sequence `json:"withSequence,omitempty"`
	// When is a condition; the step is skipped unless it holds.
	// +optional
	When string `json:"when,omitempty"`
	// ContinueOn lets the workflow go on when the step fails or errors.
	// +optional
	ContinueOn *ContinueOn `json:"continueOn,omitempty"`
	// OnExit names a template that runs when the step ends. Deprecated: use hooks.exit.
	// +optional
	OnExit string `json:"onExit,omitempty"`
	// Hooks run templates on the step's events or when their expression holds.
	// +optional
	Hooks map[string]LifecycleHook `json:"hooks,omitempty"`
}

// DAGTemplate is a graph of tasks.
type DAGTemplate struct {
	// Target names the tasks to run, separated by spaces; all tasks by default.
	// +optional
	Target string `json:"target,omitempty"`
	// Tasks are the graph's tasks.
	// +listType=atomic
	Tasks []DAGTask `json:"tasks"`
	// FailFast stops scheduling tasks once one fails; true by default.
	// +optional
	FailFast *bool `json:"failFast,omitempty"`
}

// DAGTask is one task of a DAG template.
type DAGTask struct {
	// Name is the task's name, unique within its DAG.
	Name string `json:"name"`
	// Template names the template the task runs.
	// +optional
	Template string `json:"template,omitempty"`
	// Inline is a template given in place.
	// +optional
	Inline *Template `json:"inline,omitempty"`
	// Arguments are passed to the template's inputs.
	// +optional
	Arguments Arguments `json:"arguments,omitempty"`
	// TemplateRef names a template of a WorkflowTemplate or ClusterWorkflowTemplate.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`
	// Dependencies are the tasks that must complete before this one starts.
	// +optional
	// +listType=atomic
	Dependencies []string `json:"dependencies,omitempty"`
	// WithItems runs the task once per item.
	// +optional
	// +listType=atomic
	WithItems []Item `json:"withItems,omitempty"`
	// WithParam runs the task once per element of a JSON list.
	// +optional
	WithParam string `json:"withParam,omitempty"`
	// WithSequence runs the task once per number of a sequence.
	// +optional
	WithSequence *Sequence `json:"withSequence,omitempty"`
	// When is a condition; the task is skipped unless it holds.
	// +optional
	When string `json:"when,omitempty"`
	// ContinueOn lets the DAG go on when the task fails or errors.
	// +optional
	ContinueOn *ContinueOn `json:"continueOn,omitempty"`
	// OnExit names a template that runs when the task ends. Deprecated: use hooks.exit.
	// +optional
	OnExit string `json:"onExit,omitempty"`
	// Depends is a boolean expression over other tasks' results, such as "A && (B.Succeeded || C.Failed)".
	// +optional
	Depends string `json:"depends,omitempty"`
	// Hooks run templates on the task's events or when their expression holds.
	// +optional
	Hooks map[string]LifecycleHook `json:"hooks,omitempty"`
}

// TemplateRef names a template of a WorkflowTemplate or ClusterWorkflowTemplate.
type TemplateRef struct {
	// Name is the WorkflowTemplate's or ClusterWorkflowTemplate's name.
	// +optional
	Name string `json:"name,omitempty"`
	// Template is the template's name within it.
	// +optional
	Template string `json:"template,omitempty"`
	// ClusterScope says the name is of a ClusterWorkflowTemplate.
	// +optional
	ClusterScope bool `json:"clusterScope,omitempty"`
}

// Sequence is a sequence of numbers: count numbers from start, or start to end.
type Sequence struct {
	// Count is how many numbers; exclusive with end.
	// +optional
	Count *intstr.IntOrString `json:"count,omitempty"`
	// Start is the first number; 0 by default.
	// +optional
	Start *intstr.IntOrString `json:"start,omitempty"`
	// End is the last number, included.
	// +optional
	End *intstr.IntOrString `json:"end,omitempty"`
	// Format is a printf format for each number, such as "2020-05-%02X".
	// +optional
	Format string `json:"format,omitempty"`
}

// ContinueOn lets the enclosing template go on after a node failed or errored.
type ContinueOn struct {
	// Error goes on after an error.
	// +optional
	Error bool `json:"error,omitempty"`
	// Failed goes on after a failure.
	// +optional
	Failed bool `json:"failed,omitempty"`
}

// LifecycleHook runs a template on an event or when its expression holds.
type LifecycleHook struct {
	// Template names the template to run.
	// +optional
	Template string `json:"template,omitempty"`
	// Arguments are passed to the template's inputs.
	// +optional
	Arguments Arguments `json:"arguments,omitempty"`
	// TemplateRef names a template of a WorkflowTemplate or ClusterWorkflowTemplate.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`
	// Expression is the condition that runs the hook.
	// +optional
	Expression string `json:"expression,omitempty"`
}

// UserContainer is an init container or sidecar of a template's pod.
type UserContainer struct {
	corev1.Container `json:",inline"`
	// MirrorVolumeMounts mounts the main container's volume mounts into this container too.
	// +optional
	MirrorVolumeMounts *bool `json:"mirrorVolumeMounts,omitempty"`
}

// ScriptTemplate is a container whose source is handed to its command.
type ScriptTemplate struct {
	corev1.Container `json:",inline"`
	// Source is the script's text.
	Source string `json:"source"`
}

// ContainerSetTemplate is a set of containers run in one pod.
type ContainerSetTemplate struct {
	// Containers are the set's containers.
	// +listType=atomic
	Containers []ContainerNode `json:"containers"`
	// VolumeMounts are mounted into every container of the set.
	// +optional
	// +listType=atomic
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// RetryStrategy says how the set's containers are retried.
	// +optional
	RetryStrategy *ContainerSetRetryStrategy `json:"retryStrategy,omitempty"`
}

// ContainerNode is one container of a container set.
type ContainerNode struct {
	corev1.Container `json:",inline"`
	// Dependencies are the containers of the set that must end before this one starts.
	// +optional
	// +listType=atomic
	Dependencies []string `json:"dependencies,omitempty"`
}

// ContainerSetRetryStrategy says how the containers of a set are retried.
type ContainerSetRetryStrategy struct {
	// Duration is the wait between retries, such as "10s".
	// +optional
	Duration string `json:"duration,omitempty"`
	// Retries is how many times a container is retried.
	Retries *intstr.IntOrString `json:"retries"`
}

// ResourceTemplate acts on a Kubernetes resource.
type ResourceTemplate struct {
	// Action is one of get, create, apply, delete, replace, patch.
	Action string `json:"action"`
	// MergeStrategy is the patch strategy: strategic, merge or json.
	// +optional
	MergeStrategy string `json:"mergeStrategy,omitempty"`
	// Manifest is the resource's YAML or JSON.
	// +optional
	Manifest string `json:"manifest,omitempty"`
	// ManifestFrom reads the manifest from an artifact.
	// +optional
	ManifestFrom *ManifestFrom `json:"manifestFrom,omitempty"`
	// SetOwnerReference makes the workflow the resource's owner.
	// +optional
	SetOwnerReference bool `json:"setOwnerReference,omitempty"`
	// SuccessCondition is a label selector over the resource that says it succeeded.
	// +optional
	SuccessCondition string `json:"successCondition,omitempty"`
	// FailureCondition is a label selector over the resource that says it failed.
	// +optional
	FailureCondition string `json:"failureCondition,omitempty"`
	// Flags are extra kubectl flags.
	// +optional
	// +listType=atomic
	Flags []string `json:"flags,omitempty"`
}

// ManifestFrom reads a resource template's manifest from an artifact.
type ManifestFrom struct {
	// Artifact holds the manifest.
	Artifact *Artifact `json:"artifact"`
}

// SuspendTemplate pauses a workflow.
type SuspendTemplate struct {
	// Duration is how long to pause, such as "20s" or "5m"; until resumed when empty.
	// +optional
	Duration string `json:"duration,omitempty"`
}

// RetryStrategy says when and how often a template is retried.
type RetryStrategy struct {
	// Limit is the largest number of retries.
	// +optional
	Limit *intstr.IntOrString `json:"limit,omitempty"`
	// RetryPolicy is one of Always, OnFailure, OnError, OnTransientError.
	// +optional
	RetryPolicy string `json:"retryPolicy,omitempty"`
	// Backoff spaces retries out.
	// +optional
	Backoff *Backoff `json:"backoff,omitempty"`
	// Affinity keeps retries off the nodes of earlier attempts.
	// +optional
	Affinity *RetryAffinity `json:"affinity,omitempty"`
	// Expression is a condition that must hold for a retry.
	// +optional
	Expression string `json:"expression,omitempty"`
}

// Backoff spaces retries out.
type Backoff struct {
	// Duration is the first wait, such as "10s" or a number of seconds.
	// +optional
	Duration string `json:"duration,omitempty"`
	// Factor multiplies the wait after each retry.
	// +optional
	Factor *intstr.IntOrString `json:"factor,omitempty"`
	// MaxDuration bounds the time spent retrying.
	// +optional
	MaxDuration string `json:"maxDuration,omitempty"`
	// Cap bounds one wait.
	// +optional
	Cap string `json:"cap,omitempty"`
}

// RetryAffinity keeps retries off the nodes of earlier attempts.
type RetryAffinity struct {
	// NodeAntiAffinity avoids the nodes of earlier attempts.
	// +optional
	NodeAntiAffinity *RetryNodeAntiAffinity `json:"nodeAntiAffinity,omitempty"`
}

// RetryNodeAntiAffinity avoids the nodes of earlier attempts.
type RetryNodeAntiAffinity struct{}

// Synchronization holds the locks a workflow or template takes before it runs.
type Synchronization struct {
	// Semaphore is one semaphore. Deprecated: use semaphores.
	// +optional
	Semaphore *SemaphoreRef `json:"semaphore,omitempty"`
	// Mutex is one mutex. Deprecated: use mutexes.
	// +optional
	Mutex *Mutex `json:"mutex,omitempty"`
	// Semaphores are the semaphores to hold.
	// +optional
	// +listType=atomic
	Semaphores []SemaphoreRef `json:"semaphores,omitempty"`
	// Mutexes are the mutexes to hold.
	// +optional
	// +listType=atomic
	Mutexes []Mutex `json:"mutexes,omitempty"`
}

// SemaphoreRef names a semaphore whose limit is in a ConfigMap.
type SemaphoreRef struct {
	// ConfigMapKeyRef is the ConfigMap key holding the limit.
	// +optional
	ConfigMapKeyRef *corev1.ConfigMapKeySelector `json:"configMapKeyRef,omitempty"`
	// Namespace is the ConfigMap's namespace; the workflow's by default.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Database names a semaphore whose limit is kept in the synchronization
	// database shared by several controllers; exclusive with configMapKeyRef.
	// +optional
	Database *SyncDatabaseRef `json:"database,omitempty"`
}

// Mutex names a mutex.
type Mutex struct {
	// Name is the mutex's name.
	// +optional
	Name string `json:"name,omitempty"`
	// Namespace is the mutex's namespace; the workflow's by default.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Database keeps the mutex in the synchronization database shared by
	// several controllers instead of in the controller's memory.
	// +optional
	Database bool `json:"database,omitempty"`
}

// SyncDatabaseRef names a semaphore kept in the synchronization database.
type SyncDatabaseRef struct {
	// Key is the semaphore's key in the database.
	Key string `json:"key"`
}

// Memoize caches a template's outputs by key.
type Memoize struct {
	// Key is the cache key.
	Key string `json:"key"`
	// Cache is where the outputs are cached.
	Cache *MemoizeCache `json:"cache"`
	// MaxAge is how long a cached entry is valid, such as "1h".
	// +optional
	MaxAge string `json:"maxAge,omitempty"`
}

// MemoizeCache is where memoized outputs are kept.
type MemoizeCache struct {
	// ConfigMap is the ConfigMap that holds the cache.
	ConfigMap *corev1.ConfigMapKeySelector `json:"configMap"`
}

// Metrics are Prometheus metrics a workflow or template emits.
type Metrics struct {
	// Prometheus are the metrics.
	// +listType=atomic
	Prometheus []Prometheus `json:"prometheus"`
}

// Prometheus is one Prometheus metric.
type Prometheus struct {
	// Name is the metric's name.
	Name string `json:"name"`
	// Labels are the metric's labels.
	// +optional
	// +listType=atomic
	Labels []MetricLabel `json:"labels,omitempty"`
	// Help is the metric's help text.
	Help string `json:"help"`
	// When is a condition; the metric is emitted only when it holds.
	// +optional
	When string `json:"when,omitempty"`
	// Gauge makes the metric a gauge.
	// +optional
	Gauge *Gauge `json:"gauge,omitempty"`
	// Histogram makes the metric a histogram.
	// +optional
	Histogram *Histogram `json:"histogram,omitempty"`
	// Counter makes the metric a counter.
	// +optional
	Counter *Counter `json:"counter,omitempty"`
}

// MetricLabel is one label of a metric.
type MetricLabel struct {
	// Key is the label's name.
	Key string `json:"key"`
	// Value is the label's value.
	Value string `json:"value"`
}

// Gauge is a gauge metric.
type Gauge struct {
	// Value is the gauge's value.
	Value string `json:"value"`
	// Realtime updates the gauge while the node runs.
	// +optional
	Realtime *bool `json:"realtime,omitempty"`
	// Operation is Set, Add or Sub.
	// +optional
	Operation string `json:"operation,omitempty"`
}

// Histogram is a histogram metric.
type Histogram struct {
	// Value is the observed value.
	Value string `json:"value"`
	// Buckets are the histogram's upper bounds.
	// +listType=atomic
	Buckets []Amount `json:"buckets"`
}

// Counter is a counter metric.
type Counter struct {
	// Value is the amount to add.
	Value string `json:"value"`
}

// HTTP is a template that makes an HTTP request.
type HTTP struct {
	// Method is the request's method; GET by default.
	// +optional
	Method string `json:"method,omitempty"`
	// URL is the request's URL.
	URL string `json:"url"`
	// Headers are the request's headers.
	// +optional
	// +listType=atomic
	Headers []HTTPHeader `json:"headers,omitempty"`
	// TimeoutSeconds bounds the request.
	// +optional
	TimeoutSeconds *int64 `json:"timeoutSeconds,omitempty"`
	// SuccessCondition is an expression over the response that says the request succeeded.
	// +optional
	SuccessCondition string `json:"successCondition,omitempty"`
	// Body is the request's body.
	// +optional
	Body string `json:"body,omitempty"`
	// BodyFrom is the request's body as bytes.
	// +optional
	BodyFrom *HTTPBodySource `json:"bodyFrom,omitempty"`
	// InsecureSkipVerify skips TLS verification.
	// +optional
	InsecureSkipVerify bool `json:"insecureSkipVerify,omitempty"`
}

// HTTPHeader is one header of an HTTP request.
type HTTPHeader struct {
	// Name is the header's name.
	Name string `json:"name"`
	// Value is the header's value.
	// +optional
	Value string `json:"value,omitempty"`
	// ValueFrom reads the value from a secret.
	// +optional
	ValueFrom *HTTPHeaderSource `json:"valueFrom,omitempty"`
}

// HTTPHeaderSource reads a header's value from a secret.
type HTTPHeaderSource struct {
	// SecretKeyRef is the secret key holding the value.
	// +optional
	SecretKeyRef *corev1.SecretKeySelector `json:"secretKeyRef,omitempty"`
}

// HTTPBodySource is an HTTP request's body as bytes.
type HTTPBodySource struct {
	// Bytes is the body.
	// +optional
	Bytes []byte `json:"bytes,omitempty"`
}

// Data is a template that transforms data from a source.
type Data struct {
	// Source is where the data comes from.
	Source DataSource `json:"source"`
	// Transformation is the list of steps applied to the data.
	// +listType=atomic
	Transformation []TransformationStep `json:"transformation"`
}

// DataSource is where a data template's data comes from.
type DataSource struct {
	// ArtifactPaths lists the paths of an artifact.
	// +optional
	ArtifactPaths *ArtifactPaths `json:"artifactPaths,omitempty"`
}

// ArtifactPaths lists the paths of an artifact.
type ArtifactPaths struct {
	Artifact `json:",inline"`
}

// TransformationStep is one step of a data transformation.
type TransformationStep struct {
	// Expression transforms the data.
	Expression string `json:"expression"`
}
