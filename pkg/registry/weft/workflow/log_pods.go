package workflow

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/logs"
)

// podLogs reads pod logs from the kube-apiserver's pods/log.
type podLogs struct {
	pods corev1client.PodInterface
}

// Open implements logs.Source.
func (p podLogs) Open(ctx context.Context, pod string, opts *corev1.PodLogOptions) (io.ReadCloser, error) {
	return p.pods.GetLogs(pod, opts).Stream(ctx)
}

// podSelector selects the pods of the named workflow.
func podSelector(workflow string) string {
	return labels.Set{podspec.LabelWorkflow: workflow}.String()
}

// ownPod says whether pod is one of wf's: labeled with its name and
// controlled by it, as the controller counts them. Others are not read,
// whatever their labels say.
func ownPod(wf *weft.Workflow, pod *corev1.Pod) bool {
	return pod.Labels[podspec.LabelWorkflow] == wf.Name && metav1.IsControlledBy(pod, wf)
}

// listPods lists wf's pods and returns them with the list's resource version.
func listPods(ctx context.Context, pods corev1client.PodInterface, wf *weft.Workflow) ([]*corev1.Pod, string, error) {
	list, err := pods.List(ctx, metav1.ListOptions{LabelSelector: podSelector(wf.Name)})
	if err != nil {
		return nil, "", err
	}
	var own []*corev1.Pod
	for i := range list.Items {
		if ownPod(wf, &list.Items[i]) {
			own = append(own, &list.Items[i])
		}
	}
	return own, list.ResourceVersion, nil
}

// logPods describes pods for the log reader, in start order. The pods named
// in gone were deleted: their logs are read at once, for what is left or
// for the reason there is none. With podless, the nodes of wf that ran
// without any of pods are there too, for the reader to say so.
func logPods(wf *weft.Workflow, pods []*corev1.Pod, container string, gone map[string]bool, podless bool) []logs.Pod {
	described := make([]logs.Pod, 0, len(pods))
	for _, pod := range pods {
		p := logs.NewPod(wf, pod, container)
		p.HasLog = p.HasLog || gone[pod.Name]
		described = append(described, p)
	}
	if podless {
		described = append(described, logs.NodesWithoutPod(wf, described)...)
	}
	logs.SortPods(described)
	return described
}
