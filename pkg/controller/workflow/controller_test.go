package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	kubeinformers "k8s.io/client-go/informers"
	kubefake "k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/metrics"
	"github.com/weft-dev/weft/pkg/engine"
	weftfake "github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

type fixture struct {
	controller *Controller
	kube       *kubefake.Clientset
	weft       *weftfake.Clientset
	recorder   *record.FakeRecorder
}

func newFixture(t *testing.T, wf *v1alpha1.Workflow) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &fixture{kube: kubefake.NewClientset(), weft: weftfake.NewClientset(wf), recorder: record.NewFakeRecorder(100)}
	weftFactory := weftinformers.NewSharedInformerFactory(f.weft, 0)
	kubeFactory := kubeinformers.NewSharedInformerFactory(f.kube, 0)
	workflows := weftFactory.Weft().V1alpha1().Workflows()
	m := metrics.New(WorkflowsByPhase(workflows.Lister()))
	c, err := New(f.kube, f.weft, weftFactory.Weft().V1alpha1(), kubeFactory.Core().V1().Pods(), f.recorder, m, engine.Config{ExecutorImage: "weft.localhost/weft-executor:test"})
	if err != nil {
		t.Fatal(err)
	}
	f.controller = c
	weftFactory.Start(ctx.Done())
	kubeFactory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		t.Fatal("caches did not sync")
	}
	return f
}

func helloWorkflow() *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "hello", Namespace: "default", UID: "uid-1"},
		Spec: v1alpha1.WorkflowSpec{
			Entrypoint: "main",
			Templates: []v1alpha1.Template{{
				Name:      "main",
				Container: &corev1.Container{Image: "weft.localhost/busybox:1.35", Command: []string{"echo", "hello"}},
			}},
		},
	}
}

// waitFor polls until cond holds, for informer caches to catch up.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	err := wait.PollUntilContextTimeout(context.Background(), 10*time.Millisecond, 10*time.Second, true, func(context.Context) (bool, error) {
		return cond(), nil
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func TestSyncRunsAWorkflowToSuccess(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, helloWorkflow())

	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	pods, _ := f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if len(pods.Items) != 1 {
		t.Fatalf("%d pods created, want 1", len(pods.Items))
	}
	pod := pods.Items[0]
	if !metav1.IsControlledBy(&pod, helloWorkflow()) {
		t.Errorf("pod %s is not owned by its workflow: %+v", pod.Name, pod.OwnerReferences)
	}
	running, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if running.Status.Phase != v1alpha1.WorkflowRunning {
		t.Fatalf("after the first sync the workflow is %q, want Running", running.Status.Phase)
	}

	pod.Status = corev1.PodStatus{Phase: corev1.PodSucceeded, ContainerStatuses: []corev1.ContainerStatus{{
		Name: "main",
		State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 0, Reason: "Completed", StartedAt: metav1.Now(), FinishedAt: metav1.Now(),
			Message: `{"result":"hello","exitCode":0}`,
		}},
	}}}
	if _, err := f.kube.CoreV1().Pods("default").UpdateStatus(ctx, &pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pod's success in the cache", func() bool {
		cached, err := f.controller.pods.Pods("default").Get(pod.Name)
		return err == nil && cached.Status.Phase == corev1.PodSucceeded
	})
	waitFor(t, "the Running status in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Status.Phase == v1alpha1.WorkflowRunning
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("second sync: %v", err)
	}
	done, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if done.Status.Phase != v1alpha1.WorkflowSucceeded || done.Status.Progress != "1/1" {
		t.Errorf("workflow ended %q with progress %q, want Succeeded 1/1", done.Status.Phase, done.Status.Progress)
	}
	pods, _ = f.kube.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
	if len(pods.Items) != 1 {
		t.Errorf("%d pods after the run, want 1", len(pods.Items))
	}
}

func TestConflictWritesNoStatusAndRecordsNoEvent(t *testing.T) {
	f := newFixture(t, helloWorkflow())
	f.weft.PrependReactor("update", "workflows", func(action clienttesting.Action) (bool, runtime.Object, error) {
		if action.GetSubresource() == "status" {
			return true, nil, apierrors.NewConflict(v1alpha1.Resource("workflows"), "hello", nil)
		}
		return false, nil, nil
	})
	_, err := f.controller.sync(context.Background(), "default/hello")
	if !apierrors.IsConflict(err) {
		t.Fatalf("sync: want the conflict, got %v", err)
	}
	select {
	case event := <-f.recorder.Events:
		t.Errorf("an event was recorded for a status that was not written: %s", event)
	default:
	}
}

func TestRefusedPodFailsItsNode(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, helloWorkflow())
	f.kube.PrependReactor("create", "pods", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), "x", errPolicy)
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	waitFor(t, "the Running status in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Status.Phase != ""
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("second sync: %v", err)
	}
	wf, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if wf.Status.Phase != v1alpha1.WorkflowFailed && wf.Status.Phase != v1alpha1.WorkflowError {
		t.Fatalf("workflow is %q, want it failed", wf.Status.Phase)
	}
	found := false
	for _, node := range wf.Status.Nodes {
		if node.Type == v1alpha1.NodeTypePod && strings.Contains(node.Message, "violates PodSecurity") {
			found = true
		}
	}
	if !found {
		t.Errorf("no pod node explains the refusal: %+v", wf.Status.Nodes)
	}
}

var errPolicy = errors.New(`pod violates PodSecurity "restricted:latest"`)

func TestMissingTemplateEndsTheWorkflowOnce(t *testing.T) {
	ctx := context.Background()
	wf := helloWorkflow()
	wf.Spec = v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "gone"}}
	f := newFixture(t, wf)
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	ended, _ := f.weft.WeftV1alpha1().Workflows("default").Get(ctx, "hello", metav1.GetOptions{})
	if ended.Status.Phase != v1alpha1.WorkflowError || !strings.Contains(ended.Status.Message, `WorkflowTemplate "gone" does not exist`) {
		t.Fatalf("workflow is %q %q, want Error naming the template", ended.Status.Phase, ended.Status.Message)
	}
	waitFor(t, "the Error status in the cache", func() bool {
		cached, err := f.controller.workflows.Workflows("default").Get("hello")
		return err == nil && cached.Status.Phase == v1alpha1.WorkflowError
	})
	if _, err := f.controller.sync(ctx, "default/hello"); err != nil {
		t.Errorf("a workflow that ended for a missing template is synced again with an error: %v", err)
	}
}
