package workflow

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

func TestPodsOfReturnsTheWorkflowsPodsOnly(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, helloWorkflow())
	pod := func(namespace, name, workflow string) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace}}
		if workflow != "" {
			p.Labels = map[string]string{podspec.LabelWorkflow: workflow}
		}
		return p
	}
	for _, p := range []*corev1.Pod{
		pod("default", "hello-1", "hello"),
		pod("default", "hello-2", "hello"),
		pod("default", "bye-1", "bye"),         // another workflow of the namespace
		pod("elsewhere", "hello-1", "hello"),   // a workflow of the same name elsewhere
		pod("default", "unrelated", ""),        // no workflow's
		pod("default", "hello-ish", "hello-2"), // a name that starts alike
	} {
		if _, err := f.kube.CoreV1().Pods(p.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "every pod in the cache", func() bool {
		pods, err := f.controller.pods.List(labels.Everything())
		return err == nil && len(pods) == 6
	})

	pods, err := f.controller.podsOf("default/hello")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pods {
		names = append(names, p.Namespace+"/"+p.Name)
	}
	slices.Sort(names)
	if want := []string{"default/hello-1", "default/hello-2"}; !slices.Equal(names, want) {
		t.Errorf("pods of default/hello: %v, want %v", names, want)
	}

	if err := f.kube.CoreV1().Pods("default").Delete(ctx, "hello-2", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the deleted pod to leave the index", func() bool {
		pods, err := f.controller.podsOf("default/hello")
		return err == nil && len(pods) == 1 && pods[0].Name == "hello-1"
	})
}
