package workflowops

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

var testStart = time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC)

const (
	ok      = v1alpha1.NodeSucceeded
	failed  = v1alpha1.NodeFailed
	errored = v1alpha1.NodeError
	omitted = v1alpha1.NodeOmitted
	skipped = v1alpha1.NodeSkipped
	running = v1alpha1.NodeRunning

	steps     = v1alpha1.NodeTypeSteps
	stepGroup = v1alpha1.NodeTypeStepGroup
	pod       = v1alpha1.NodeTypePod
	retryNode = v1alpha1.NodeTypeRetry
	dag       = v1alpha1.NodeTypeDAG
	taskGroup = v1alpha1.NodeTypeTaskGroup
	suspend   = v1alpha1.NodeTypeSuspend
	skip      = v1alpha1.NodeTypeSkipped
)

// stepsFailed: build succeeded, then test failed; deploy never ran.
func stepsFailed() *v1alpha1.Workflow {
	return workflow(v1alpha1.WorkflowFailed,
		n{name: "", typ: steps, phase: failed, children: []string{"[0]"}},
		n{name: "[0]", typ: stepGroup, phase: ok, children: []string{"[0].build"}},
		n{name: "[0].build", typ: pod, phase: ok, children: []string{"[1]"}},
		n{name: "[1]", typ: stepGroup, phase: failed, children: []string{"[1].test", "[1].lint"}},
		n{name: "[1].test", typ: pod, phase: failed},
		n{name: "[1].lint", typ: pod, phase: ok},
	)
}

// retriesThenFailed: flaky-a failed twice then succeeded; flaky-b failed
// every attempt; the exit handler ran.
func retriesThenFailed() *v1alpha1.Workflow {
	return workflow(v1alpha1.WorkflowFailed,
		n{name: "", typ: steps, phase: failed, children: []string{"[0]"}},
		n{name: "[0]", typ: stepGroup, phase: failed, children: []string{"[0].flaky-a", "[0].flaky-b"}},
		n{name: "[0].flaky-a", typ: retryNode, phase: ok, children: []string{"[0].flaky-a(0)", "[0].flaky-a(1)", "[0].flaky-a(2)"}},
		n{name: "[0].flaky-a(0)", typ: pod, phase: failed, template: "flaky"},
		n{name: "[0].flaky-a(1)", typ: pod, phase: errored, template: "flaky"},
		n{name: "[0].flaky-a(2)", typ: pod, phase: ok, template: "flaky"},
		n{name: "[0].flaky-b", typ: retryNode, phase: failed, children: []string{"[0].flaky-b(0)", "[0].flaky-b(1)"}},
		n{name: "[0].flaky-b(0)", typ: pod, phase: failed, template: "flaky"},
		n{name: "[0].flaky-b(1)", typ: pod, phase: errored, template: "flaky"},
		n{name: ".onExit", typ: pod, phase: ok, boundary: "-", template: "notify"},
	)
}

// dagOmitted: a failed, so b (depends on a) was omitted; c succeeded; the
// DAG's expanded task group d succeeded with one member skipped.
func dagOmitted() *v1alpha1.Workflow {
	return workflow(v1alpha1.WorkflowFailed,
		n{name: "", typ: dag, phase: failed, children: []string{".a", ".c", ".d"}},
		n{name: ".a", typ: pod, phase: failed, children: []string{".b"}},
		n{name: ".b", typ: v1alpha1.NodeTypeSkipped, phase: omitted},
		n{name: ".c", typ: pod, phase: ok},
		n{name: ".d", typ: taskGroup, phase: ok, children: []string{".d(0:x)", ".d(1:y)"}},
		n{name: ".d(0:x)", typ: pod, phase: ok},
		n{name: ".d(1:y)", typ: skip, phase: skipped},
	)
}

func TestPlanRetry(t *testing.T) {
	cases := []struct {
		name    string
		wf      *v1alpha1.Workflow
		opts    RetryOptions
		removed []string
		kept    int
	}{
		{
			name:    "a failed step and the nodes that enclose it",
			wf:      stepsFailed(),
			removed: []string{"wf", "wf[1]", "wf[1].test"},
		},
		{
			name:    "failed attempts of a retry that succeeded are history; a retry that failed runs again whole; the exit handler runs again",
			wf:      retriesThenFailed(),
			removed: []string{"wf", "wf.onExit", "wf[0]", "wf[0].flaky-b", "wf[0].flaky-b(0)", "wf[0].flaky-b(1)"},
		},
		{
			name:    "omitted tasks run again; skipped ones stay",
			wf:      dagOmitted(),
			removed: []string{"wf", "wf.a", "wf.b"},
		},
		{
			name:    "restart-successful: the node picked and what ran after it",
			wf:      stepsFailed(),
			opts:    RetryOptions{RestartSuccessful: true, Selects: func(n *v1alpha1.NodeStatus) bool { return n.DisplayName == "build" }},
			removed: []string{"wf", "wf[0]", "wf[0].build", "wf[1]", "wf[1].lint", "wf[1].test"},
		},
		{
			name:    "a selector without restart-successful changes nothing",
			wf:      stepsFailed(),
			opts:    RetryOptions{Selects: func(n *v1alpha1.NodeStatus) bool { return n.DisplayName == "build" }},
			removed: []string{"wf", "wf[1]", "wf[1].test"},
		},
		{
			name: "a succeeded workflow with the nodes picked",
			wf: workflow(v1alpha1.WorkflowSucceeded,
				n{name: "", typ: dag, phase: ok, children: []string{".a", ".c"}},
				n{name: ".a", typ: pod, phase: ok, children: []string{".b"}},
				n{name: ".b", typ: pod, phase: ok},
				n{name: ".c", typ: pod, phase: ok},
			),
			opts:    RetryOptions{RestartSuccessful: true, Selects: func(n *v1alpha1.NodeStatus) bool { return n.DisplayName == "a" }},
			removed: []string{"wf", "wf.a", "wf.b"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := c.wf.DeepCopy()
			plan, err := PlanRetry(c.wf, c.opts, testStart.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(plan.Removed, c.removed) {
				t.Errorf("removed %v, want %v", plan.Removed, c.removed)
			}
			if !reflect.DeepEqual(c.wf, before) {
				t.Error("PlanRetry changed the workflow it was given")
			}
			st := plan.Status
			if st.Phase != v1alpha1.WorkflowRunning || st.Message != "" || !st.FinishedAt.IsZero() || !st.StartedAt.Time.Equal(testStart.Add(time.Hour)) {
				t.Errorf("status %s %q started %v finished %v; want Running, no message, started now, unfinished", st.Phase, st.Message, st.StartedAt, st.FinishedAt)
			}
			for _, id := range c.removed {
				if _, ok := st.Nodes[id]; ok {
					t.Errorf("node %s is still in the status", id)
				}
			}
			if len(st.Nodes)+len(c.removed) != len(c.wf.Status.Nodes) {
				t.Errorf("the status keeps %d nodes of %d, %d removed", len(st.Nodes), len(c.wf.Status.Nodes), len(c.removed))
			}
			for id, n := range st.Nodes {
				for _, ref := range append(append([]string(nil), n.Children...), n.OutboundNodes...) {
					if _, ok := st.Nodes[ref]; !ok {
						t.Errorf("node %s still links removed node %s", id, ref)
					}
				}
			}
			var pods []string
			for _, id := range c.removed {
				if n := c.wf.Status.Nodes[id]; n.Type == pod {
					pods = append(pods, engine.PodName("wf", n.Name, n.TemplateName))
				}
			}
			if len(pods) != len(plan.Pods) {
				t.Errorf("pods %v, want the pods of the removed pod nodes %v", plan.Pods, pods)
			}
			for _, p := range pods {
				if !contains(plan.Pods, p) {
					t.Errorf("pod %s of a removed node is not deleted: %v", p, plan.Pods)
				}
			}
		})
	}
}

func TestPlanRetryKeepsLinksToKeptNodes(t *testing.T) {
	plan, err := PlanRetry(stepsFailed(), RetryOptions{}, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Status.Nodes["wf[0].build"].Children; got != nil {
		t.Errorf("build still links the removed step group: %v", got)
	}
	if got := plan.Status.Nodes["wf[0]"].Children; !reflect.DeepEqual(got, []string{"wf[0].build"}) {
		t.Errorf("the kept step group's children are %v", got)
	}
}

func TestPlanRetryRefuses(t *testing.T) {
	pick := func(*v1alpha1.NodeStatus) bool { return true }
	cases := []struct {
		phase v1alpha1.WorkflowPhase
		opts  RetryOptions
		want  string
	}{
		{v1alpha1.WorkflowRunning, RetryOptions{}, "workflow wf is Running: only a workflow that ended Failed or Error can be retried"},
		{"", RetryOptions{}, "workflow wf is Pending"},
		{v1alpha1.WorkflowSucceeded, RetryOptions{}, "workflow wf succeeded: to run some of its nodes again, pick them with --restart-successful --node-field-selector"},
		{v1alpha1.WorkflowSucceeded, RetryOptions{Selects: pick}, "--restart-successful"},
	}
	for _, c := range cases {
		wf := stepsFailed()
		wf.Status.Phase = c.phase
		_, err := PlanRetry(wf, c.opts, testStart)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("phase %q %+v: error %v, want %q", c.phase, c.opts, err, c.want)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
