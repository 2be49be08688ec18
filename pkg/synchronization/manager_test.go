package synchronization

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

var t0 = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

const (
	mutex = "default/Mutex/m"
	sem   = "default/ConfigMap/my-config/template"
	sem2  = "default/ConfigMap/my-config/other"
)

// op is one step of a scenario: an acquire, a release, a limit change.
type op struct {
	acquire  string // holder to acquire locks for
	locks    []string
	priority int32
	age      int // minutes the holder's workflow is older than t0
	ok       bool
	waiting  string

	release   string // holder to release
	workflow  string // namespace/name of a workflow to release
	limit     int    // new limit of my-config keys when > 0
	unset     bool   // remove the my-config ConfigMap
	changed   bool   // report a change of my-config
	woken     []string
	holders   map[string][]string
	waitersOf map[string][]string
}

func TestManager(t *testing.T) {
	cases := []struct {
		name  string
		limit int
		ops   []op
	}{{
		name: "a mutex has one holder; the next waits and is woken on release",
		ops: []op{
			{acquire: "default/wf-1", locks: []string{mutex}, ok: true},
			{acquire: "default/wf-2", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{acquire: "default/wf-1", locks: []string{mutex}, ok: true},
			{release: "default/wf-1", woken: []string{"default/wf-2"}, holders: map[string][]string{mutex: nil}},
			{acquire: "default/wf-2", locks: []string{mutex}, ok: true, holders: map[string][]string{mutex: {"default/wf-2"}}},
			{release: "default/wf-1"},
		},
	}, {
		name:  "a semaphore admits up to its limit",
		limit: 2,
		ops: []op{
			{acquire: "default/wf/a", locks: []string{sem}, ok: true},
			{acquire: "default/wf/b", locks: []string{sem}, ok: true},
			{acquire: "default/wf/c", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/2"},
			{release: "default/wf/a", woken: []string{"default/wf/c"}},
			{acquire: "default/wf/c", locks: []string{sem}, ok: true, holders: map[string][]string{sem: {"default/wf/b", "default/wf/c"}}},
		},
	}, {
		name: "waiters are served in order of arrival; one in front blocks those behind",
		ops: []op{
			{acquire: "default/a", locks: []string{mutex}, ok: true},
			{acquire: "default/b", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{acquire: "default/c", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{release: "default/a", woken: []string{"default/b"}},
			{acquire: "default/c", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 1/1"},
			{acquire: "default/b", locks: []string{mutex}, ok: true},
		},
	}, {
		name: "higher priority goes first, then the older workflow",
		ops: []op{
			{acquire: "default/a", locks: []string{mutex}, ok: true},
			{acquire: "default/low", locks: []string{mutex}, age: 10, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{acquire: "default/new", locks: []string{mutex}, priority: 5, age: 1, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{acquire: "default/old", locks: []string{mutex}, priority: 5, age: 2, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1",
				waitersOf: map[string][]string{mutex: {"default/old", "default/new", "default/low"}}},
			{release: "default/a", woken: []string{"default/old"}},
			{acquire: "default/new", locks: []string{mutex}, priority: 5, age: 1, waiting: "Waiting for default/Mutex/m lock. Lock status: 1/1"},
			{acquire: "default/old", locks: []string{mutex}, priority: 5, age: 2, ok: true},
			{release: "default/old", woken: []string{"default/new"}},
		},
	}, {
		name:  "a larger limit admits more at once and wakes them",
		limit: 1,
		ops: []op{
			{acquire: "default/wf/a", locks: []string{sem}, ok: true},
			{acquire: "default/wf/b", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/1"},
			{acquire: "default/wf/c", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/1"},
			{limit: 3, changed: true, woken: []string{"default/wf/b", "default/wf/c"}},
			{acquire: "default/wf/c", locks: []string{sem}, ok: true},
			{acquire: "default/wf/b", locks: []string{sem}, ok: true},
			{acquire: "default/wf/d", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/3"},
		},
	}, {
		name:  "a smaller limit keeps the holders and admits nobody until below it",
		limit: 2,
		ops: []op{
			{acquire: "default/wf/a", locks: []string{sem}, ok: true},
			{acquire: "default/wf/b", locks: []string{sem}, ok: true},
			{limit: 1, changed: true},
			{acquire: "default/wf/c", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/1"},
			{release: "default/wf/a"},
			{release: "default/wf/b", woken: []string{"default/wf/c"}},
			{acquire: "default/wf/c", locks: []string{sem}, ok: true},
		},
	}, {
		name: "a semaphore without its ConfigMap waits, and is woken when it appears",
		ops: []op{
			{unset: true},
			{acquire: "default/wf", locks: []string{sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock: configmaps \"my-config\" not found"},
			{limit: 1, changed: true, woken: []string{"default/wf"}},
			{acquire: "default/wf", locks: []string{sem}, ok: true},
		},
	}, {
		name:  "several locks are taken all at once or not at all",
		limit: 1,
		ops: []op{
			{acquire: "default/a", locks: []string{sem}, ok: true},
			{acquire: "default/b", locks: []string{mutex, sem}, waiting: "Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/1",
				holders: map[string][]string{mutex: nil, sem: {"default/a"}}},
			{acquire: "default/c", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 1/1"},
			{release: "default/a", woken: []string{"default/b"}},
			{acquire: "default/b", locks: []string{mutex, sem}, ok: true},
			{release: "default/b", woken: []string{"default/c"}},
		},
	}, {
		name: "releasing a workflow releases its nodes and leaves others",
		ops: []op{
			{acquire: "default/wf/n1", locks: []string{mutex}, ok: true},
			{acquire: "default/wf/n2", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{acquire: "default/wf-2", locks: []string{mutex}, waiting: "Waiting for default/Mutex/m lock. Lock status: 0/1"},
			{workflow: "default/wf", woken: []string{"default/wf-2"}, waitersOf: map[string][]string{mutex: {"default/wf-2"}}},
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limits := map[string]int{"template": c.limit, "other": c.limit}
			present := true
			var woken []string
			m := NewManager(func(ns, cm, key string) (int, error) {
				if ns != "default" || cm != "my-config" || !present {
					return 0, fmt.Errorf("configmaps %q not found", cm)
				}
				return limits[key], nil
			}, func(h string) { woken = append(woken, h) })
			for i, o := range c.ops {
				woken = nil
				switch {
				case o.acquire != "":
					ok, msg := m.TryAcquire(o.acquire, o.locks, o.priority, t0.Add(-time.Duration(o.age)*time.Minute))
					if ok != o.ok || msg != o.waiting {
						t.Fatalf("op %d: TryAcquire(%s) = %v %q, want %v %q", i, o.acquire, ok, msg, o.ok, o.waiting)
					}
				case o.release != "":
					m.Release(o.release)
				case o.workflow != "":
					ns, name, _ := cut(o.workflow)
					m.ReleaseWorkflow(ns, name)
				case o.unset:
					present = false
				case o.limit > 0:
					present = true
					limits["template"], limits["other"] = o.limit, o.limit
				}
				if o.changed {
					m.ConfigMapChanged("default", "my-config")
				}
				if !reflect.DeepEqual(woken, o.woken) {
					t.Fatalf("op %d: woken %q, want %q", i, woken, o.woken)
				}
				for name, want := range o.holders {
					if got := m.Holders(name); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
						t.Fatalf("op %d: holders of %s = %q, want %q", i, name, got, want)
					}
				}
				for name, want := range o.waitersOf {
					if got := m.Waiters(name); !reflect.DeepEqual(got, want) {
						t.Fatalf("op %d: waiters of %s = %q, want %q", i, name, got, want)
					}
				}
			}
		})
	}
}

func cut(key string) (string, string, bool) {
	for i := range key {
		if key[i] == '/' {
			return key[:i], key[i+1:], true
		}
	}
	return key, "", false
}

func TestLockNames(t *testing.T) {
	cases := []struct {
		name string
		sync *v1alpha1.Synchronization
		want []string
		err  string
	}{
		{name: "none"},
		{
			name: "every form, defaults to the workflow's namespace, each once",
			sync: &v1alpha1.Synchronization{
				Semaphore:  &v1alpha1.SemaphoreRef{ConfigMapKeyRef: keyRef("my-config", "workflow")},
				Mutex:      &v1alpha1.Mutex{Name: "m"},
				Semaphores: []v1alpha1.SemaphoreRef{{ConfigMapKeyRef: keyRef("my-config", "workflow")}, {ConfigMapKeyRef: keyRef("limits", "x"), Namespace: "shared"}},
				Mutexes:    []v1alpha1.Mutex{{Name: "n", Namespace: "other"}},
			},
			want: []string{"ns/ConfigMap/my-config/workflow", "shared/ConfigMap/limits/x", "ns/Mutex/m", "other/Mutex/n"},
		},
		{name: "mutex without a name", sync: &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{}}}, err: "synchronization.mutexes[0].name: name the mutex"},
		{name: "database semaphore", sync: &v1alpha1.Synchronization{Semaphores: []v1alpha1.SemaphoreRef{{Database: &v1alpha1.SyncDatabaseRef{Key: "k"}}}},
			err: "synchronization.semaphores[0].database: " + noDatabase},
		{name: "database mutex", sync: &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{Name: "m", Database: true}}},
			err: "synchronization.mutexes[0].database: " + noDatabase},
		{name: "semaphore without a key", sync: &v1alpha1.Synchronization{Semaphore: &v1alpha1.SemaphoreRef{}},
			err: "synchronization.semaphore.configMapKeyRef: name the ConfigMap and the key that holds the semaphore's limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := LockNames(c.sync, "ns")
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %q %v, want %q", got, err, c.want)
			}
			for _, name := range got {
				if _, err := ParseLock(name); err != nil {
					t.Errorf("ParseLock(%q): %v", name, err)
				}
			}
		})
	}
}

func keyRef(name, key string) *corev1.ConfigMapKeySelector {
	return &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}
}

func TestHolderKeys(t *testing.T) {
	expect := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	expect("workflow holder", WorkflowHolder("ns", "wf"), "ns/wf")
	expect("node holder", NodeHolder("ns", "wf", "wf-123"), "ns/wf/wf-123")
	expect("workflow key of node", WorkflowKey("ns/wf/wf-123"), "ns/wf")
	expect("workflow key of workflow", WorkflowKey("ns/wf"), "ns/wf")
}

func TestRebuild(t *testing.T) {
	running := func(name string, sync *v1alpha1.Synchronization, status *v1alpha1.SynchronizationStatus, phase v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
		return &v1alpha1.Workflow{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"},
			Spec:       v1alpha1.WorkflowSpec{Synchronization: sync},
			Status:     v1alpha1.WorkflowStatus{Phase: phase, Synchronization: status},
		}
	}
	var st *v1alpha1.SynchronizationStatus
	st = AddHolding(st, mutex, "wf-1")
	st = AddHolding(st, sem, "wf-1-2345")
	st = AddHolding(st, sem2, "wf-1")
	rootOnly := AddHolding(nil, "default/Mutex/root", "wf-3")
	done := AddHolding(nil, "default/Mutex/done", "wf-4")
	m := NewManager(func(string, string, string) (int, error) { return 1, nil }, nil)
	m.Rebuild([]*v1alpha1.Workflow{
		running("wf-1", &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{Name: "m"}}}, st, v1alpha1.WorkflowRunning),
		running("wf-2", nil, nil, v1alpha1.WorkflowRunning),
		running("wf-3", nil, rootOnly, v1alpha1.WorkflowRunning),
		running("wf-4", &v1alpha1.Synchronization{Mutexes: []v1alpha1.Mutex{{Name: "done"}}}, done, v1alpha1.WorkflowSucceeded),
	})
	want := map[string][]string{
		mutex:                {"default/wf-1"},
		sem:                  {"default/wf-1/wf-1-2345"},
		sem2:                 {"default/wf-1/wf-1"},
		"default/Mutex/root": {"default/wf-3/wf-3"},
		"default/Mutex/done": nil,
	}
	for name, holders := range want {
		if got := m.Holders(name); !reflect.DeepEqual(got, holders) {
			t.Errorf("holders of %s = %q, want %q", name, got, holders)
		}
	}
	if ok, msg := m.TryAcquire("default/wf-9", []string{mutex}, 0, t0); ok || msg != "Waiting for default/Mutex/m lock. Lock status: 0/1" {
		t.Errorf("a rebuilt mutex was free: %v %q", ok, msg)
	}
	if ok, _ := m.TryAcquire("default/wf-1", []string{mutex}, 0, t0); !ok {
		t.Error("the rebuilt holder could not acquire its own mutex again")
	}
}
