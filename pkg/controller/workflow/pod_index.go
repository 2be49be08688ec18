package workflow

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// podsByWorkflow indexes the pod informer by "namespace/workflow name",
// read from the pod's podspec.LabelWorkflow, so that a sync finds its
// workflow's pods without walking every pod of the namespace.
const podsByWorkflow = "weft.dev/workflow"

// workflowOfPod is the podsByWorkflow index function.
func workflowOfPod(obj interface{}) ([]string, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok || pod.Labels[podspec.LabelWorkflow] == "" {
		return nil, nil
	}
	return []string{pod.Namespace + "/" + pod.Labels[podspec.LabelWorkflow]}, nil
}

// podsOf returns the pods in the informer's cache labelled with the
// workflow of key ("namespace/name"). They belong to the cache: never
// change them.
func (c *Controller) podsOf(key string) ([]*corev1.Pod, error) {
	objs, err := c.podIndex.ByIndex(podsByWorkflow, key)
	if err != nil {
		return nil, err
	}
	pods := make([]*corev1.Pod, 0, len(objs))
	for _, obj := range objs {
		if pod, ok := obj.(*corev1.Pod); ok {
			pods = append(pods, pod)
		}
	}
	return pods, nil
}
