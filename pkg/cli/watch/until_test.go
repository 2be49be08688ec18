package watch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apiwatch "k8s.io/apimachinery/pkg/watch"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
)

func workflow(phase v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "ns"},
		Status:     v1alpha1.WorkflowStatus{Phase: phase},
	}
}

// watchers makes the fake client's watches the fake watchers sent on the
// returned channel, one per Watch call.
func watchers(client *fake.Clientset) <-chan *apiwatch.FakeWatcher {
	out := make(chan *apiwatch.FakeWatcher, 8)
	client.PrependWatchReactor("workflows", func(clienttesting.Action) (bool, apiwatch.Interface, error) {
		w := apiwatch.NewFake()
		out <- w
		return true, w, nil
	})
	return out
}

// recorder records the phases Until shows.
type recorder struct {
	mu     sync.Mutex
	phases []v1alpha1.WorkflowPhase
}

func (r *recorder) show(wf *v1alpha1.Workflow, changed bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if changed {
		r.phases = append(r.phases, wf.Status.Phase)
	}
	return nil
}

func TestUntilFollowsChanges(t *testing.T) {
	client := fake.NewSimpleClientset(workflow(v1alpha1.WorkflowPending))
	ws := watchers(client)
	go func() {
		w := <-ws
		w.Modify(workflow(v1alpha1.WorkflowRunning))
		w.Modify(workflow(v1alpha1.WorkflowFailed))
	}()
	var r recorder
	final, err := Until(context.Background(), client.WeftV1alpha1().Workflows("ns"), "wf", 0, r.show)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status.Phase != v1alpha1.WorkflowFailed {
		t.Errorf("final phase %s, want Failed", final.Status.Phase)
	}
	want := []v1alpha1.WorkflowPhase{v1alpha1.WorkflowPending, v1alpha1.WorkflowRunning, v1alpha1.WorkflowFailed}
	if len(r.phases) != len(want) || r.phases[0] != want[0] || r.phases[1] != want[1] || r.phases[2] != want[2] {
		t.Errorf("shown %v, want %v", r.phases, want)
	}
}

func TestUntilReadsAgainWhenTheWatchEnds(t *testing.T) {
	client := fake.NewSimpleClientset(workflow(v1alpha1.WorkflowRunning))
	ws := watchers(client)
	workflows := client.WeftV1alpha1().Workflows("ns")
	go func() {
		w := <-ws
		if _, err := workflows.UpdateStatus(context.Background(), workflow(v1alpha1.WorkflowSucceeded), metav1.UpdateOptions{}); err != nil {
			t.Error(err)
		}
		w.Stop()
	}()
	var r recorder
	final, err := Until(context.Background(), workflows, "wf", 0, r.show)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status.Phase != v1alpha1.WorkflowSucceeded {
		t.Errorf("final phase %s, want Succeeded", final.Status.Phase)
	}
}

func TestUntilDeleted(t *testing.T) {
	client := fake.NewSimpleClientset(workflow(v1alpha1.WorkflowRunning))
	ws := watchers(client)
	go func() { (<-ws).Delete(workflow(v1alpha1.WorkflowRunning)) }()
	var r recorder
	_, err := Until(context.Background(), client.WeftV1alpha1().Workflows("ns"), "wf", 0, r.show)
	if !apierrors.IsNotFound(err) {
		t.Errorf("Until of a deleted workflow: %v, want NotFound", err)
	}
}

func TestUntilTicks(t *testing.T) {
	client := fake.NewSimpleClientset(workflow(v1alpha1.WorkflowRunning))
	ws := watchers(client)
	go func() { <-ws }()
	ticks := 0
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Until(ctx, client.WeftV1alpha1().Workflows("ns"), "wf", 10*time.Millisecond, func(_ *v1alpha1.Workflow, changed bool) error {
		if !changed {
			ticks++
			if ticks == 3 {
				cancel()
			}
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Until = %v, want it canceled after three ticks", err)
	}
}
