package podspec

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// Labels of the pods that delete a workflow's artifacts.
const (
	// LabelArtifactGC holds the artifactGC strategy a pod deletes artifacts for.
	LabelArtifactGC = "weft.dev/artifact-gc"
	// LabelWorkflowUID holds the UID of the workflow whose artifacts a pod
	// deletes: the pods of OnWorkflowDeletion are not owned by the workflow
	// (they must outlive it), so their label tells whose they are.
	LabelWorkflowUID = "weft.dev/workflow-uid"
)

// ArtifactGCInput is what one artifact garbage-collection pod is built from.
type ArtifactGCInput struct {
	// Workflow is the workflow whose artifacts are deleted.
	Workflow *v1alpha1.Workflow
	// PodName names the pod; Strategy is the artifactGC strategy it serves.
	PodName, Strategy string
	// Owned makes the workflow the pod's owner, so the pod goes with it.
	Owned bool
	// ServiceAccountName runs the pod; the namespace's default when empty.
	ServiceAccountName string
	// Metadata adds labels and annotations (artifactGC.podMetadata).
	Metadata *v1alpha1.Metadata
	// PodSpecPatch is spec.artifactGC.podSpecPatch.
	PodSpecPatch string
	// Spec is what the pod deletes; Secrets the keys its locations read.
	Spec    executor.GCSpec
	Secrets []SecretKey
	// Options are the controller's settings.
	Options Options
}

// maxEnvBytes is the most a pod's environment variable may hold.
const maxEnvBytes = 128 << 10

// BuildArtifactGC returns a pod whose only container runs "weft-executor gc"
// in the executor image, the GCSpec in its environment and the Secrets of
// the locations mounted as for a step's artifacts. It reports a GCReport
// through its termination message, and never restarts.
func BuildArtifactGC(in ArtifactGCInput) (*corev1.Pod, error) {
	data, err := json.Marshal(in.Spec)
	if err != nil {
		return nil, err
	}
	if len(data) > maxEnvBytes {
		return nil, fmt.Errorf("the %d artifacts to delete do not fit in one pod's environment (%d bytes, at most %d)", len(in.Spec.Artifacts), len(data), maxEnvBytes)
	}
	command := in.Options.ExecutorCommand
	if len(command) == 0 {
		command = DefaultExecutorCommand
	}
	wf := in.Workflow
	labels, annotations := map[string]string{}, map[string]string{}
	if in.Metadata != nil {
		maps.Copy(labels, in.Metadata.Labels)
		maps.Copy(annotations, in.Metadata.Annotations)
	}
	labels[LabelWorkflow] = wf.Name
	labels[LabelWorkflowUID] = string(wf.UID)
	labels[LabelArtifactGC] = in.Strategy
	annotations["kubectl.kubernetes.io/default-container"] = MainContainer
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: in.PodName, Namespace: wf.Namespace, Labels: labels, Annotations: annotations},
		Spec: corev1.PodSpec{
			RestartPolicy:      corev1.RestartPolicyNever,
			ServiceAccountName: in.ServiceAccountName,
			Containers: []corev1.Container{{
				Name:                     MainContainer,
				Image:                    in.Options.ExecutorImage,
				ImagePullPolicy:          in.Options.ExecutorImagePullPolicy,
				Command:                  append(append([]string(nil), command...), "gc"),
				Env:                      []corev1.EnvVar{{Name: executor.GCSpecEnv, Value: string(data)}},
				Resources:                *in.Options.ExecutorResources.DeepCopy(),
				TerminationMessagePath:   executor.DefaultReportPath,
				TerminationMessagePolicy: corev1.TerminationMessageReadFile,
			}},
		},
	}
	if in.Owned {
		pod.OwnerReferences = []metav1.OwnerReference{OwnerReference(wf)}
	}
	addArtifactSecrets(&pod.Spec, &pod.Spec.Containers[0], in.Secrets)
	readableByAnyUser(&pod.Spec)
	if err := applyPatches(&pod.Spec, in.PodSpecPatch); err != nil {
		// applyPatches names the first patch spec.podSpecPatch.
		return nil, errors.New(strings.Replace(err.Error(), patchFields[0], "spec.artifactGC.podSpecPatch", 1))
	}
	return pod, nil
}

// readableByAnyUser makes the Secret files readable by the executor image's
// user, whoever it is (the image may say, not the pod): the container runs
// only the executor, so no other program reads them.
func readableByAnyUser(spec *corev1.PodSpec) {
	mode := int32(0o444)
	for i := range spec.Volumes {
		if s := spec.Volumes[i].Secret; s != nil && strings.HasPrefix(spec.Volumes[i].Name, secretVolumePrefix) {
			s.DefaultMode = &mode
		}
	}
}
