package podspec

import (
	"fmt"
	"maps"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Labels and annotations Weft puts on its pods.
const (
	LabelWorkflow      = "weft.dev/workflow"
	LabelNodeID        = "weft.dev/node-id"
	AnnotationNodeName = "weft.dev/node-name"
	// MainContainer is the name of the container that runs the template.
	MainContainer = "main"
	// InitContainer is the name of the container that installs the executor.
	InitContainer = "init"
)

// Options are the controller's settings for every pod.
type Options struct {
	// ExecutorImage is the image holding the weft-executor binary.
	ExecutorImage string
	// ExecutorImagePullPolicy is the pull policy of the executor image.
	ExecutorImagePullPolicy corev1.PullPolicy
	// ExecutorCommand runs the executor in its image; DefaultExecutorCommand when empty.
	ExecutorCommand []string
	// ExecutorResources are the resources of the init container.
	ExecutorResources corev1.ResourceRequirements
}

// DefaultExecutorCommand runs the executor binary found on the image's PATH.
var DefaultExecutorCommand = []string{"weft-executor"}

// Input is what one pod is built from.
type Input struct {
	// Workflow owns the pod; its metadata names and labels it.
	Workflow *v1alpha1.Workflow
	// Spec is the workflow's effective spec, with its parameters substituted.
	Spec *v1alpha1.WorkflowSpec
	// Template is the node's container or script template, fully substituted.
	Template *v1alpha1.Template
	// NodeID, NodeName and PodName identify the node and name the pod.
	NodeID, NodeName, PodName string
	// Options are the controller's settings.
	Options Options
	// Artifacts are the pod's artifacts, their locations fully resolved.
	Artifacts Artifacts
}

// Build returns the pod of a container, script or containerSet template.
func Build(in Input) (*corev1.Pod, error) {
	tmpl, spec := in.Template, in.Spec
	containers, err := podContainers(tmpl)
	if err != nil {
		return nil, err
	}
	main := containers[0]
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: objectMeta(in),
		Spec: corev1.PodSpec{
			RestartPolicy:                corev1.RestartPolicyNever,
			ServiceAccountName:           firstString(tmpl.ServiceAccountName, spec.ServiceAccountName),
			AutomountServiceAccountToken: firstBool(tmpl.AutomountServiceAccountToken, spec.AutomountServiceAccountToken),
			NodeSelector:                 mergeMaps(spec.NodeSelector, tmpl.NodeSelector),
			Affinity:                     firstAffinity(tmpl.Affinity, spec.Affinity),
			Tolerations:                  append(append([]corev1.Toleration(nil), spec.Tolerations...), tmpl.Tolerations...),
			SecurityContext:              firstSecurityContext(tmpl.SecurityContext, spec.SecurityContext),
			ImagePullSecrets:             spec.ImagePullSecrets,
			PriorityClassName:            firstString(tmpl.PriorityClassName, spec.PriorityClassName, spec.PodPriorityClassName),
			Priority:                     firstInt32(tmpl.Priority, spec.PodPriority),
			HostAliases:                  append(append([]corev1.HostAlias(nil), spec.HostAliases...), tmpl.HostAliases...),
			SchedulerName:                firstString(tmpl.SchedulerName, spec.SchedulerName),
			DNSConfig:                    spec.DNSConfig,
		},
	}
	if spec.HostNetwork != nil {
		pod.Spec.HostNetwork = *spec.HostNetwork
	}
	if spec.DNSPolicy != nil {
		pod.Spec.DNSPolicy = *spec.DNSPolicy
	}
	if pod.Spec.ActiveDeadlineSeconds, err = deadline(tmpl.Name, tmpl.ActiveDeadlineSeconds); err != nil {
		return nil, err
	}
	pod.Spec.InitContainers = append(pod.Spec.InitContainers, initContainer(in.Options))
	for _, c := range tmpl.InitContainers {
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, userContainer(c, main))
	}
	always := corev1.ContainerRestartPolicyAlways
	for _, c := range tmpl.Sidecars {
		sidecar := userContainer(c, main)
		sidecar.RestartPolicy = &always
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, sidecar)
	}
	pod.Spec.Containers = containers
	pod.Spec.Volumes = volumes(in, &pod.Spec)
	if err := addArtifacts(&pod.Spec, in.Artifacts); err != nil {
		return nil, fmt.Errorf("template %q: %w", tmpl.Name, err)
	}
	if err := applyPatches(&pod.Spec, spec.PodSpecPatch, tmpl.PodSpecPatch); err != nil {
		return nil, fmt.Errorf("template %q: %w", tmpl.Name, err)
	}
	return pod, nil
}

func objectMeta(in Input) metav1.ObjectMeta {
	wf := in.Workflow
	labels := map[string]string{}
	annotations := map[string]string{}
	if pm := in.Spec.PodMetadata; pm != nil {
		maps.Copy(labels, pm.Labels)
		maps.Copy(annotations, pm.Annotations)
	}
	maps.Copy(labels, in.Template.Metadata.Labels)
	maps.Copy(annotations, in.Template.Metadata.Annotations)
	labels[LabelWorkflow] = wf.Name
	labels[LabelNodeID] = in.NodeID
	annotations[AnnotationNodeName] = in.NodeName
	annotations["kubectl.kubernetes.io/default-container"] = MainContainer
	return metav1.ObjectMeta{
		Name:            in.PodName,
		Namespace:       wf.Namespace,
		Labels:          labels,
		Annotations:     annotations,
		OwnerReferences: []metav1.OwnerReference{OwnerReference(wf)},
	}
}

// OwnerReference makes the workflow the controller of an object it creates,
// so the object goes when the workflow is deleted.
func OwnerReference(wf *v1alpha1.Workflow) metav1.OwnerReference {
	yes := true
	return metav1.OwnerReference{
		APIVersion:         v1alpha1.SchemeGroupVersion.String(),
		Kind:               "Workflow",
		Name:               wf.Name,
		UID:                wf.UID,
		Controller:         &yes,
		BlockOwnerDeletion: &yes,
	}
}

// deadline turns a template's activeDeadlineSeconds into seconds.
func deadline(name string, v *intstr.IntOrString) (*int64, error) {
	if v == nil {
		return nil, nil
	}
	if v.Type == intstr.Int {
		n := int64(v.IntVal)
		return &n, nil
	}
	n, err := strconv.ParseInt(v.StrVal, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("template %q: activeDeadlineSeconds %q is not a whole number of seconds", name, v.StrVal)
	}
	return &n, nil
}

func firstString(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstBool(values ...*bool) *bool {
	for _, v := range values {
		if v != nil {
			b := *v
			return &b
		}
	}
	return nil
}

func firstInt32(values ...*int32) *int32 {
	for _, v := range values {
		if v != nil {
			n := *v
			return &n
		}
	}
	return nil
}

func firstAffinity(values ...*corev1.Affinity) *corev1.Affinity {
	for _, v := range values {
		if v != nil {
			return v.DeepCopy()
		}
	}
	return nil
}

func firstSecurityContext(values ...*corev1.PodSecurityContext) *corev1.PodSecurityContext {
	for _, v := range values {
		if v != nil {
			return v.DeepCopy()
		}
	}
	return nil
}

func mergeMaps(base, over map[string]string) map[string]string {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	out := make(map[string]string, len(base)+len(over))
	maps.Copy(out, base)
	maps.Copy(out, over)
	return out
}
