package controllerpath

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// benchImage is the image of every simulated pod: KWOK runs nothing, so it
// is never pulled.
const benchImage = "weft.bench/noop:1"

// workTemplate is the container template every scenario's pods run.
func workTemplate() v1alpha1.Template {
	return v1alpha1.Template{
		Name:      "work",
		Container: &corev1.Container{Image: benchImage, Command: []string{"true"}},
	}
}

// fanOutWorkflow runs the work template width times in parallel, from one
// step with withSequence.
func fanOutWorkflow(width int) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: fmt.Sprintf("fan-out-%d-", width)},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "main",
			Templates: []v1alpha1.Template{
				{Name: "main", Steps: [][]v1alpha1.WorkflowStep{{sequenceStep("work", "work", width)}}},
				workTemplate(),
			},
		},
	}
}

// sequentialWorkflow runs the work template length times, one after the other.
func sequentialWorkflow(length int) *v1alpha1.Workflow {
	groups := make([][]v1alpha1.WorkflowStep, length)
	for i := range groups {
		groups[i] = []v1alpha1.WorkflowStep{{Name: "step-" + strconv.Itoa(i), Template: "work"}}
	}
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: fmt.Sprintf("sequential-%d-", length)},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "main",
			Templates:  []v1alpha1.Template{{Name: "main", Steps: groups}, workTemplate()},
		},
	}
}

// nestedWorkflow runs outer steps in parallel, each of which runs inner
// pods of the work template in parallel: outer x inner pods in all.
func nestedWorkflow(outer, inner int) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{GenerateName: fmt.Sprintf("nested-%dx%d-", outer, inner)},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "outer",
			Templates: []v1alpha1.Template{
				{Name: "outer", Steps: [][]v1alpha1.WorkflowStep{{sequenceStep("inner", "inner", outer)}}},
				{Name: "inner", Steps: [][]v1alpha1.WorkflowStep{{sequenceStep("work", "work", inner)}}},
				workTemplate(),
			},
		},
	}
}

// sequenceStep is a step that runs template count times with withSequence.
func sequenceStep(name, template string, count int) v1alpha1.WorkflowStep {
	n := intstr.FromString(strconv.Itoa(count))
	return v1alpha1.WorkflowStep{Name: name, Template: template, WithSequence: &v1alpha1.Sequence{Count: &n}}
}

// rawPod is the pod of the raw client loop: one container and labels, as a
// workflow pod has.
func rawPod(index int) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:   fmt.Sprintf("raw-%05d", index),
			Labels: map[string]string{"bench.weft.dev/scenario": "raw", "bench.weft.dev/index": strconv.Itoa(index)},
		},
		Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "main", Image: benchImage, Command: []string{"true"}}},
		},
	}
}
