package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"k8s.io/client-go/util/workqueue"
)

func TestWorkflowsByPhase(t *testing.T) {
	m := New(func() map[string]int { return map[string]int{"Running": 2, "Succeeded": 5} })
	count, err := testutil.GatherAndCount(m.Registry, "weft_workflows")
	if err != nil {
		t.Fatal(err)
	}
	if count != 2 {
		t.Errorf("weft_workflows has %d series, want one per phase (2)", count)
	}
}

func TestQueueMetrics(t *testing.T) {
	m := New(func() map[string]int { return nil })
	queue := workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
		workqueue.TypedRateLimitingQueueConfig[string]{Name: "workflows", MetricsProvider: m.QueueMetrics()})
	defer queue.ShutDown()
	queue.Add("default/a")
	queue.Add("default/b")
	for _, name := range []string{"weft_workqueue_depth", "weft_workqueue_adds_total"} {
		count, err := testutil.GatherAndCount(m.Registry, name)
		if err != nil || count != 1 {
			t.Errorf("%s: %d series, %v; want 1", name, count, err)
		}
	}
	m.PodsCreated.Inc()
	if got := testutil.ToFloat64(m.PodsCreated); got != 1 {
		t.Errorf("weft_pods_created_total = %v, want 1", got)
	}
}
