package synchronization

import (
	"reflect"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestStatus(t *testing.T) {
	var s *v1alpha1.SynchronizationStatus
	s = AddHolding(s, sem, "wf-2")
	s = AddHolding(s, sem, "wf-1")
	s = AddHolding(s, sem, "wf-1")
	s = AddHolding(s, mutex, "wf")
	s = SetWaiting(s, map[string][]string{"default/Mutex/z": {"default/other"}, sem2: {"default/a", "default/b"}})
	want := &v1alpha1.SynchronizationStatus{
		Semaphore: &v1alpha1.SemaphoreStatus{
			Holding: []v1alpha1.SemaphoreHolding{{Semaphore: sem, Holders: []string{"wf-1", "wf-2"}}},
			Waiting: []v1alpha1.SemaphoreHolding{{Semaphore: sem2, Holders: []string{"default/a", "default/b"}}},
		},
		Mutex: &v1alpha1.MutexStatus{
			Holding: []v1alpha1.MutexHolding{{Mutex: mutex, Holder: "wf"}},
			Waiting: []v1alpha1.MutexHolding{{Mutex: "default/Mutex/z", Holder: "default/other"}},
		},
	}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("status:\n got %+v\nwant %+v", s, want)
	}
	expectHoldings := []Holding{{Lock: mutex, Holder: "wf"}, {Lock: sem, Holder: "wf-1"}, {Lock: sem, Holder: "wf-2"}}
	if got := Holdings(s); !reflect.DeepEqual(got, expectHoldings) {
		t.Fatalf("holdings %v, want %v", got, expectHoldings)
	}
	s = RemoveHolding(s, sem, "wf-1")
	s = RemoveHolding(s, sem, "wf-2")
	s = RemoveHolding(s, mutex, "wf")
	s = SetWaiting(s, map[string][]string{mutex: nil})
	want = &v1alpha1.SynchronizationStatus{Mutex: &v1alpha1.MutexStatus{Waiting: []v1alpha1.MutexHolding{{Mutex: mutex}}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("after release:\n got %+v\nwant %+v", s, want)
	}
	if s = SetWaiting(s, nil); s != nil {
		t.Fatalf("empty status is %+v, want nil", s)
	}
}
