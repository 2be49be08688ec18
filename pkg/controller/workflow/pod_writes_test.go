package workflow

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes"
	kubefake "k8s.io/client-go/kubernetes/fake"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	clienttesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/metrics"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// newCarryOutController is a controller with only what carryOut uses. Its
// queue is shut down when the test ends.
func newCarryOutController(t *testing.T, kube *kubefake.Clientset) *Controller {
	t.Helper()
	c := &Controller{
		kube:      kube,
		metrics:   metrics.New(func() map[string]int { return nil }),
		recorder:  &record.FakeRecorder{},
		failures:  newCreateFailures(),
		queue:     workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		podWrites: newInFlightLimit(DefaultPodWriteConcurrency),
	}
	c.podClients = c.ownRights
	t.Cleanup(c.queue.ShutDown)
	return c
}

// fanOutPods are the pods of a fan-out of n nodes of workflow "fan".
func fanOutPods(n int) []*corev1.Pod {
	pods := make([]*corev1.Pod, n)
	for i := range pods {
		pods[i] = &corev1.Pod{ObjectMeta: metav1.ObjectMeta{
			Name: fmt.Sprintf("fan-%d", i), Namespace: "default",
			Labels: map[string]string{podspec.LabelWorkflow: "fan", podspec.LabelNodeID: fmt.Sprintf("fan-node-%d", i)},
		}}
	}
	return pods
}

func fanOutWorkflow() *v1alpha1.Workflow {
	return &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "fan", Namespace: "default", UID: "uid-fan"}}
}

func podNames(t *testing.T, kube *kubefake.Clientset) map[string]bool {
	t.Helper()
	list, err := kube.CoreV1().Pods("default").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, pod := range list.Items {
		names[pod.Name] = true
	}
	return names
}

func TestCarryOutCreatesEveryPodOfTheDecision(t *testing.T) {
	kube := kubefake.NewClientset()
	c := newCarryOutController(t, kube)
	pods := fanOutPods(300)
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: pods}); err != nil {
		t.Fatalf("carryOut: %v", err)
	}
	created := podNames(t, kube)
	for _, pod := range pods {
		if !created[pod.Name] {
			t.Errorf("pod %s was not created", pod.Name)
		}
	}
	if len(created) != len(pods) {
		t.Errorf("%d pods exist, want %d", len(created), len(pods))
	}
}

func TestCarryOutTakesAnExistingPodAsCreated(t *testing.T) {
	pods := fanOutPods(20)
	var existing []runtime.Object
	for _, pod := range pods[:10] {
		existing = append(existing, pod.DeepCopy())
	}
	kube := kubefake.NewClientset(existing...)
	c := newCarryOutController(t, kube)
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: pods}); err != nil {
		t.Fatalf("carryOut of a decision whose pods partly exist: %v", err)
	}
	if created := podNames(t, kube); len(created) != len(pods) {
		t.Errorf("%d pods exist, want %d", len(created), len(pods))
	}
	if observed := c.failures.observations("default/fan", nil); len(observed) != 0 {
		t.Errorf("pods that already existed were recorded as refused: %+v", observed)
	}
}

func TestCarryOutRecordsRefusedPodsAndCreatesTheRest(t *testing.T) {
	kube := kubefake.NewClientset()
	kube.PrependReactor("create", "pods", func(action clienttesting.Action) (bool, runtime.Object, error) {
		switch name := action.(clienttesting.CreateAction).GetObject().(*corev1.Pod).Name; name {
		case "fan-7":
			return true, nil, apierrors.NewInvalid(corev1.SchemeGroupVersion.WithKind("Pod").GroupKind(), name,
				field.ErrorList{field.Invalid(field.NewPath("spec", "containers"), nil, "no container")})
		case "fan-9":
			return true, nil, apierrors.NewForbidden(corev1.Resource("pods"), name, errPolicy)
		}
		return false, nil, nil
	})
	c := newCarryOutController(t, kube)
	pods := fanOutPods(20)
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: pods}); err != nil {
		t.Fatalf("carryOut: a refused pod fails its node, not the sync: %v", err)
	}
	refusedNodes := map[string]string{}
	for _, observed := range c.failures.observations("default/fan", nil) {
		if observed.Phase != corev1.PodFailed {
			t.Errorf("refused pod %s is observed %s, want Failed", observed.Name, observed.Phase)
		}
		refusedNodes[observed.Name] = observed.NodeID
	}
	want := map[string]string{"fan-7": "fan-node-7", "fan-9": "fan-node-9"}
	if fmt.Sprint(refusedNodes) != fmt.Sprint(want) {
		t.Errorf("refused pods recorded %v, want %v", refusedNodes, want)
	}
	if created := podNames(t, kube); len(created) != 18 {
		t.Errorf("%d pods created, want the 18 not refused", len(created))
	}
	if c.queue.Len() != 1 {
		t.Errorf("the workflow is queued %d times, want once, for its refused nodes to fail", c.queue.Len())
	}
}

func TestCarryOutReturnsEveryOtherCreateError(t *testing.T) {
	kube := kubefake.NewClientset()
	kube.PrependReactor("create", "pods", func(action clienttesting.Action) (bool, runtime.Object, error) {
		if name := action.(clienttesting.CreateAction).GetObject().(*corev1.Pod).Name; name == "fan-3" || name == "fan-5" {
			return true, nil, apierrors.NewServerTimeout(corev1.Resource("pods"), "create", 1)
		}
		return false, nil, nil
	})
	c := newCarryOutController(t, kube)
	err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: fanOutPods(20)})
	if err == nil || !strings.Contains(err.Error(), "creating pod fan-3") || !strings.Contains(err.Error(), "creating pod fan-5") {
		t.Fatalf("carryOut returned %v, want both failed creations", err)
	}
	if !apierrors.IsServerTimeout(err) {
		t.Errorf("the API's error is not kept in %v", err)
	}
	if created := podNames(t, kube); len(created) != 18 {
		t.Errorf("%d pods created, want the other 18", len(created))
	}
	if observed := c.failures.observations("default/fan", nil); len(observed) != 0 {
		t.Errorf("passing errors were recorded as refusals: %+v", observed)
	}
}

func TestCarryOutCreatesClaimsBeforeAnyPod(t *testing.T) {
	kube := kubefake.NewClientset()
	var mu sync.Mutex
	var podsBeforeClaim []string
	kube.PrependReactor("create", "pods", func(action clienttesting.Action) (bool, runtime.Object, error) {
		if _, err := kube.Tracker().Get(corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), "default", "fan-work"); err != nil {
			mu.Lock()
			podsBeforeClaim = append(podsBeforeClaim, action.(clienttesting.CreateAction).GetObject().(*corev1.Pod).Name)
			mu.Unlock()
		}
		return false, nil, nil
	})
	c := newCarryOutController(t, kube)
	claim := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "fan-work", Namespace: "default"}}
	decision := engine.Decision{CreateClaims: []*corev1.PersistentVolumeClaim{claim}, CreatePods: fanOutPods(50)}
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), decision); err != nil {
		t.Fatalf("carryOut: %v", err)
	}
	if len(podsBeforeClaim) > 0 {
		t.Errorf("pods created before their volume claim: %v", podsBeforeClaim)
	}
}

func TestCarryOutDeletesEveryPodAskedFor(t *testing.T) {
	pods := fanOutPods(40)
	var existing []runtime.Object
	names := []string{"fan-gone"} // already deleted: that is fine
	for _, pod := range pods {
		existing = append(existing, pod)
		names = append(names, pod.Name)
	}
	kube := kubefake.NewClientset(existing...)
	c := newCarryOutController(t, kube)
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{DeletePods: names}); err != nil {
		t.Fatalf("carryOut: %v", err)
	}
	if left := podNames(t, kube); len(left) != 0 {
		t.Errorf("pods left after their deletion: %v", left)
	}
}

// TestPodWritesNeverExceedTheBound carries out two decisions at once, as
// two workers would, one creating pods and one deleting them, with every
// request held until the test lets it go, one at a time. synctest.Wait is
// the barrier: it returns once every goroutine is blocked, so every request
// that could start has started and been counted. The requests are counted
// in front of the fake clientset, whose reactors run one at a time.
func TestPodWritesNeverExceedTheBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const bound, each = 4, 30
		deleted := otherPods(each)
		var existing []runtime.Object
		var names []string
		for _, pod := range deleted {
			existing = append(existing, pod)
			names = append(names, pod.Name)
		}
		fake := kubefake.NewClientset(existing...)
		var mu sync.Mutex
		inFlight, most, done := 0, 0, 0
		release := make(chan struct{})
		kube := heldPodWrites{Interface: fake, hold: func() {
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			<-release
			mu.Lock()
			inFlight--
			done++
			mu.Unlock()
		}}
		c := newCarryOutController(t, fake)
		c.kube = kube
		c.LimitPodWrites(bound)
		errs := make(chan error, 2)
		go func() {
			errs <- c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: fanOutPods(each)})
		}()
		go func() {
			errs <- c.carryOut(context.Background(), "default/other", fanOutWorkflow(), engine.Decision{DeletePods: names})
		}()
		for total := 2 * each; ; {
			synctest.Wait()
			mu.Lock()
			current, left := inFlight, total-done
			mu.Unlock()
			if want := min(bound, left); current != want {
				t.Errorf("after %d requests, %d are in flight, want %d", total-left, current, want)
				close(release) // let every request through, to end the test
				break
			}
			if left == 0 {
				break
			}
			release <- struct{}{}
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Errorf("carryOut: %v", err)
			}
		}
		if most != bound {
			t.Errorf("at most %d requests were in flight, want the bound, %d", most, bound)
		}
		created := podNames(t, fake)
		for _, pod := range fanOutPods(each) {
			if !created[pod.Name] {
				t.Errorf("pod %s was not created", pod.Name)
			}
		}
		if len(created) != each {
			t.Errorf("%d pods exist, want the %d created, none of the %d deleted", len(created), each, each)
		}
	})
}

// heldPodWrites is a clientset whose pod creations and deletions call hold
// before they are sent.
type heldPodWrites struct {
	kubernetes.Interface
	hold func()
}

func (k heldPodWrites) CoreV1() typedcorev1.CoreV1Interface {
	return heldCoreV1{CoreV1Interface: k.Interface.CoreV1(), hold: k.hold}
}

type heldCoreV1 struct {
	typedcorev1.CoreV1Interface
	hold func()
}

func (c heldCoreV1) Pods(namespace string) typedcorev1.PodInterface {
	return heldPods{PodInterface: c.CoreV1Interface.Pods(namespace), hold: c.hold}
}

type heldPods struct {
	typedcorev1.PodInterface
	hold func()
}

func (p heldPods) Create(ctx context.Context, pod *corev1.Pod, opts metav1.CreateOptions) (*corev1.Pod, error) {
	p.hold()
	return p.PodInterface.Create(ctx, pod, opts)
}

func (p heldPods) Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error {
	p.hold()
	return p.PodInterface.Delete(ctx, name, opts)
}

// otherPods are the pods of a second workflow, "other".
func otherPods(n int) []*corev1.Pod {
	pods := fanOutPods(n)
	for _, pod := range pods {
		pod.Name = strings.Replace(pod.Name, "fan-", "other-", 1)
		pod.Labels[podspec.LabelWorkflow] = "other"
	}
	return pods
}
