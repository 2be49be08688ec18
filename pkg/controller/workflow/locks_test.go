package workflow

import (
	"context"
	"reflect"
	"sort"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubeinformers "k8s.io/client-go/informers"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/metrics"
	"github.com/weft-dev/weft/pkg/engine"
	weftfake "github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions"
)

func TestSemaphoreLimit(t *testing.T) {
	limit := semaphoreLimit(configMapLister(t, configMap("my-config", nil, map[string]string{"ok": " 3 ", "bad": "three", "neg": "-1"})))
	cases := []struct {
		name, key string
		want      int
		err       string
	}{
		{name: "my-config", key: "ok", want: 3},
		{name: "my-config", key: "bad", err: `ConfigMap default/my-config key "bad" is "three": make it a whole number, the semaphore's limit`},
		{name: "my-config", key: "neg", err: `ConfigMap default/my-config key "neg" is "-1": make it a whole number, the semaphore's limit`},
		{name: "my-config", key: "absent", err: `ConfigMap default/my-config has no key "absent": add it, holding the semaphore's limit`},
		{name: "nowhere", key: "x", err: `ConfigMap default/nowhere does not exist: create it with key "x" holding the semaphore's limit`},
	}
	for _, c := range cases {
		got, err := limit("default", c.name, c.key)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s/%s: error %v, want %q", c.name, c.key, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s/%s = %d %v, want %d", c.name, c.key, got, err, c.want)
		}
	}
}

// newLockFixture is a controller sharing locks and caches through the
// ConfigMaps of a fake cluster holding objects.
func newLockFixture(t *testing.T, kubeObjects []runtime.Object, workflows ...runtime.Object) (*Controller, *kubefake.Clientset) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	kube := kubefake.NewClientset(kubeObjects...)
	weftClient := weftfake.NewClientset(workflows...)
	weftFactory := weftinformers.NewSharedInformerFactory(weftClient, 0)
	kubeFactory := kubeinformers.NewSharedInformerFactory(kube, 0)
	m := metrics.New(WorkflowsByPhase(weftFactory.Weft().V1alpha1().Workflows().Lister()))
	c, err := New(kube, weftClient, weftFactory.Weft().V1alpha1(), kubeFactory.Core().V1().Pods(), record.NewFakeRecorder(100), m, engine.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.UseConfigMaps(kubeFactory.Core().V1().ConfigMaps()); err != nil {
		t.Fatal(err)
	}
	weftFactory.Start(ctx.Done())
	kubeFactory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		t.Fatal("caches did not sync")
	}
	return c, kube
}

// queued drains the controller's queue.
func queued(c *Controller) []string {
	var keys []string
	for c.queue.Len() > 0 {
		key, _ := c.queue.Get()
		c.queue.Done(key)
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

func TestReleasedLockWakesTheWaitingWorkflow(t *testing.T) {
	c, _ := newLockFixture(t, nil)
	locks := c.coord.lockManager()
	const mutex = "default/Mutex/m"
	if ok, _ := locks.TryAcquire("default/wf-1", []string{mutex}, 0, time.Time{}); !ok {
		t.Fatal("a free mutex was not acquired")
	}
	if ok, _ := locks.TryAcquire("default/wf-2/wf-2-123", []string{mutex}, 0, time.Time{}); ok {
		t.Fatal("a held mutex was acquired")
	}
	locks.Release("default/wf-1")
	if got := queued(c); !reflect.DeepEqual(got, []string{"default/wf-2"}) {
		t.Fatalf("queued %q, want the waiting node's workflow", got)
	}
	c.coord.forget("default", "wf-2")
	if ok, _ := locks.TryAcquire("default/wf-3", []string{mutex}, 0, time.Time{}); !ok {
		t.Fatal("a deleted workflow's waiter still blocks the mutex")
	}
}

func TestLargerLimitWakesTheWaitingWorkflow(t *testing.T) {
	limits := configMap("my-config", nil, map[string]string{"template": "1"})
	c, kube := newLockFixture(t, []runtime.Object{limits})
	locks := c.coord.lockManager()
	const sem = "default/ConfigMap/my-config/template"
	if ok, _ := locks.TryAcquire("default/wf-1/a", []string{sem}, 0, time.Time{}); !ok {
		t.Fatal("a free semaphore was not acquired")
	}
	if ok, msg := locks.TryAcquire("default/wf-2/b", []string{sem}, 0, time.Time{}); ok || msg != "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/1" {
		t.Fatalf("TryAcquire = %v %q", ok, msg)
	}
	queued(c)
	limits = limits.DeepCopy()
	limits.Data["template"] = "2"
	if _, err := kube.CoreV1().ConfigMaps("default").Update(context.Background(), limits, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the waiting workflow to be queued", func() bool { return c.queue.Len() > 0 })
	if got := queued(c); !reflect.DeepEqual(got, []string{"default/wf-2"}) {
		t.Fatalf("queued %q", got)
	}
	if ok, msg := locks.TryAcquire("default/wf-2/b", []string{sem}, 0, time.Time{}); !ok {
		t.Fatalf("the waiter could not acquire under the larger limit: %q", msg)
	}
}

func TestRunRebuildsHeldLocks(t *testing.T) {
	holding := helloWorkflow()
	holding.Spec.Synchronization = &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{Name: "m"}}}
	holding.Status.Phase = v1alpha1.WorkflowRunning
	holding.Status.Synchronization = &v1alpha1.SynchronizationStatus{Mutex: &v1alpha1.MutexStatus{Holding: []v1alpha1.MutexHolding{{Mutex: "default/Mutex/m", Holder: "hello"}}}}
	c, _ := newLockFixture(t, nil, holding)
	if err := c.coord.rebuild(c.workflows); err != nil {
		t.Fatal(err)
	}
	if got := c.coord.lockManager().Holders("default/Mutex/m"); !reflect.DeepEqual(got, []string{"default/hello"}) {
		t.Fatalf("holders after rebuild %q", got)
	}
}
