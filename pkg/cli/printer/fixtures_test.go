package printer

import (
	"hash/fnv"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// seedZone is the time zone of the seed's walkthrough.
var seedZone = time.FixedZone("", 8*60*60)

// seedStart is when the seed's loops-maps workflow was created and started.
var seedStart = time.Date(2020, time.May, 5, 3, 42, 58, 0, seedZone)

// fixture builds a workflow's status by hand, node by node, with times
// given in seconds after seedStart.
type fixture struct {
	wf *v1alpha1.Workflow
}

func newFixture(name string, phase v1alpha1.WorkflowPhase, started, finished int) *fixture {
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", CreationTimestamp: metav1.NewTime(seedStart)},
		Status: v1alpha1.WorkflowStatus{
			Phase:      phase,
			StartedAt:  at(started),
			FinishedAt: at(finished),
			Nodes:      map[string]v1alpha1.NodeStatus{},
		},
	}
	return &fixture{wf: wf}
}

// at is seedStart plus s seconds; a negative s is no time.
func at(s int) metav1.Time {
	if s < 0 {
		return metav1.Time{}
	}
	return metav1.NewTime(seedStart.Add(time.Duration(s) * time.Second))
}

// id is the ID of the node with the given name, made as the engine makes it.
func (f *fixture) id(name string) string {
	if name == f.wf.Name {
		return name
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(name))
	return f.wf.Name + "-" + strconv.FormatUint(uint64(h.Sum32()), 10)
}

// node is one node of the fixture; names are relative to the workflow's.
type node struct {
	name, display, template, boundary, message string
	typ                                        v1alpha1.NodeType
	phase                                      v1alpha1.NodePhase
	started, finished                          int
	children                                   []string
}

// add adds nodes; "" names the workflow's own node, other names are
// appended to the workflow's name.
func (f *fixture) add(nodes ...node) *fixture {
	for _, n := range nodes {
		name := f.wf.Name + n.name
		status := v1alpha1.NodeStatus{
			ID: f.id(name), Name: name, DisplayName: n.display, Type: n.typ, TemplateName: n.template,
			Phase: n.phase, Message: n.message, StartedAt: at(n.started), FinishedAt: at(n.finished),
		}
		if status.DisplayName == "" {
			status.DisplayName = name
		}
		if n.typ != v1alpha1.NodeTypeStepGroup && n.typ != v1alpha1.NodeTypeTaskGroup && n.template == "" {
			panic("node " + name + " lacks a template")
		}
		if n.boundary != "-" {
			status.BoundaryID = f.id(f.wf.Name + n.boundary)
		}
		for _, c := range n.children {
			status.Children = append(status.Children, f.id(f.wf.Name+c))
		}
		f.wf.Status.Nodes[status.ID] = status
	}
	return f
}

// seedLoopsMaps is the seed's `argo submit --watch loops-maps.yaml`, as its
// final frame shows it.
func seedLoopsMaps() *v1alpha1.Workflow {
	items := []string{"(0:image:debian,tag:9.1)", "(1:image:debian,tag:8.9)", "(2:image:alpine,tag:3.6)", "(3:image:ubuntu,tag:17.10)"}
	durations := []int{2, 3, 3, 2}
	f := newFixture("loops-maps-qzv56", v1alpha1.WorkflowSucceeded, 0, 4)
	var kids []string
	for i, item := range items {
		kids = append(kids, "[0].test-linux"+item)
		f.add(node{name: "[0].test-linux" + item, display: "test-linux" + item, typ: v1alpha1.NodeTypePod,
			template: "cat-os-release", boundary: "", phase: v1alpha1.NodeSucceeded, started: 0, finished: durations[i]})
	}
	f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "loop-map-example", boundary: "-", phase: v1alpha1.NodeSucceeded, finished: 4, children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, boundary: "", phase: v1alpha1.NodeSucceeded, finished: 4, children: kids},
	)
	return f.wf
}

// runningSteps is a workflow of three step groups caught in the second: a
// parallel pair, one running and one waiting for its pod.
func runningSteps() *v1alpha1.Workflow {
	f := newFixture("steps-x7k2p", v1alpha1.WorkflowRunning, 1, -1)
	f.wf.Status.Progress = "1/3"
	f.wf.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "message", Value: anyString("hello world")}}
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "hello-hello-hello", boundary: "-", phase: v1alpha1.NodeRunning, started: 1, finished: -1, children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeSucceeded, started: 1, finished: 9, children: []string{"[0].hello1"}},
		node{name: "[0].hello1", display: "hello1", typ: v1alpha1.NodeTypePod, template: "whalesay", phase: v1alpha1.NodeSucceeded, started: 1, finished: 9, children: []string{"[1]"}},
		node{name: "[1]", display: "[1]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeRunning, started: 9, finished: -1, children: []string{"[1].hello2a", "[1].hello2b"}},
		node{name: "[1].hello2a", display: "hello2a", typ: v1alpha1.NodeTypePod, template: "whalesay", phase: v1alpha1.NodeRunning, started: 9, finished: -1},
		node{name: "[1].hello2b", display: "hello2b", typ: v1alpha1.NodeTypePod, template: "whalesay", phase: v1alpha1.NodePending, started: 9, finished: -1,
			message: "ContainerCreating"},
	).wf
}

// failedSteps is a workflow whose second step failed, so that its last step
// was never reached, a `when` skipped a step, and the exit handler ran.
func failedSteps() *v1alpha1.Workflow {
	f := newFixture("exit-handlers-jh6cj", v1alpha1.WorkflowFailed, 0, 14)
	f.wf.Status.Message = "child 'exit-handlers-jh6cj[1].fail' failed"
	f.wf.Status.Progress = "2/3"
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "main", boundary: "-", phase: v1alpha1.NodeFailed, finished: 10,
			message: "child 'exit-handlers-jh6cj[1].fail' failed", children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeSucceeded, finished: 5, children: []string{"[0].setup", "[0].optional"}},
		node{name: "[0].setup", display: "setup", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, finished: 5, children: []string{"[1]"}},
		node{name: "[0].optional", display: "optional", typ: v1alpha1.NodeTypeSkipped, template: "echo", phase: v1alpha1.NodeSkipped, finished: 0,
			message: "when 'false == true' evaluated false", children: []string{"[1]"}},
		node{name: "[1]", display: "[1]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeFailed, started: 5, finished: 10,
			message: "child 'exit-handlers-jh6cj[1].fail' failed", children: []string{"[1].fail"}},
		node{name: "[1].fail", display: "fail", typ: v1alpha1.NodeTypePod, template: "exit", phase: v1alpha1.NodeFailed, started: 5, finished: 10,
			message: "Error (exit code 1)"},
		node{name: ".onExit", display: "exit-handlers-jh6cj.onExit", typ: v1alpha1.NodeTypePod, template: "notify", boundary: "-",
			phase: v1alpha1.NodeSucceeded, started: 11, finished: 14},
	).wf
}

// retries is a step retried twice before it succeeded, next to one whose
// retries ran out.
func retries() *v1alpha1.Workflow {
	f := newFixture("retry-backoff-9sd2m", v1alpha1.WorkflowFailed, 0, 40)
	f.wf.Status.Message = "child 'retry-backoff-9sd2m[0].flaky-b' failed"
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "main", boundary: "-", phase: v1alpha1.NodeFailed, finished: 40,
			message: "child 'retry-backoff-9sd2m[0].flaky-b' failed", children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeFailed, finished: 40,
			children: []string{"[0].flaky-a", "[0].flaky-b"}},
		node{name: "[0].flaky-a", display: "flaky-a", typ: v1alpha1.NodeTypeRetry, template: "flaky", phase: v1alpha1.NodeSucceeded, finished: 21,
			children: []string{"[0].flaky-a(0)", "[0].flaky-a(1)", "[0].flaky-a(2)"}},
		node{name: "[0].flaky-a(0)", display: "flaky-a(0)", typ: v1alpha1.NodeTypePod, template: "flaky", phase: v1alpha1.NodeFailed, finished: 3,
			message: "Error (exit code 1)"},
		node{name: "[0].flaky-a(1)", display: "flaky-a(1)", typ: v1alpha1.NodeTypePod, template: "flaky", phase: v1alpha1.NodeFailed, started: 5, finished: 8,
			message: "Error (exit code 1)"},
		node{name: "[0].flaky-a(2)", display: "flaky-a(2)", typ: v1alpha1.NodeTypePod, template: "flaky", phase: v1alpha1.NodeSucceeded, started: 18, finished: 21},
		node{name: "[0].flaky-b", display: "flaky-b", typ: v1alpha1.NodeTypeRetry, template: "flaky", phase: v1alpha1.NodeFailed, finished: 40,
			message: "No more retries left", children: []string{"[0].flaky-b(0)", "[0].flaky-b(1)"}},
		node{name: "[0].flaky-b(0)", display: "flaky-b(0)", typ: v1alpha1.NodeTypePod, template: "flaky", phase: v1alpha1.NodeFailed, finished: 3,
			message: "Error (exit code 1)"},
		node{name: "[0].flaky-b(1)", display: "flaky-b(1)", typ: v1alpha1.NodeTypePod, template: "flaky", phase: v1alpha1.NodeError, started: 35, finished: 40,
			message: "pod deleted"},
	).wf
}

// loops is a loop over a sequence between two single steps, the last still
// running.
func loops() *v1alpha1.Workflow {
	f := newFixture("loops-sequence-chf8g", v1alpha1.WorkflowRunning, 0, -1)
	f.wf.Status.Progress = "4/5"
	items := []string{"(0:1)", "(1:2)", "(2:3)"}
	var kids []string
	for i, item := range items {
		kids = append(kids, "[1].count"+item)
		f.add(node{name: "[1].count" + item, display: "count" + item, typ: v1alpha1.NodeTypePod, template: "echo",
			phase: v1alpha1.NodeSucceeded, started: 4, finished: 6 + i, children: []string{"[2]"}})
	}
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "main", boundary: "-", phase: v1alpha1.NodeRunning, finished: -1, children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeSucceeded, finished: 4, children: []string{"[0].generate"}},
		node{name: "[0].generate", display: "generate", typ: v1alpha1.NodeTypePod, template: "gen", phase: v1alpha1.NodeSucceeded, finished: 4, children: []string{"[1]"}},
		node{name: "[1]", display: "[1]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeSucceeded, started: 4, finished: 8, children: kids},
		node{name: "[2]", display: "[2]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeRunning, started: 8, finished: -1, children: []string{"[2].sum"}},
		node{name: "[2].sum", display: "sum", typ: v1alpha1.NodeTypePod, template: "sum", phase: v1alpha1.NodeRunning, started: 8, finished: -1},
	).wf
}

// dagDiamond is the diamond A → B, C → D, with C looping over two items.
func dagDiamond() *v1alpha1.Workflow {
	f := newFixture("dag-diamond-4mq8w", v1alpha1.WorkflowSucceeded, 0, 30)
	f.wf.Status.Progress = "5/5"
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeDAG, template: "diamond", boundary: "-", phase: v1alpha1.NodeSucceeded, finished: 30, children: []string{".A"}},
		node{name: ".A", display: "A", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, finished: 8, children: []string{".B", ".C"}},
		node{name: ".B", display: "B", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, started: 8, finished: 16, children: []string{".D"}},
		node{name: ".C", display: "C", typ: v1alpha1.NodeTypeTaskGroup, phase: v1alpha1.NodeSucceeded, started: 8, finished: 19, children: []string{".C(0:x)", ".C(1:y)"}},
		node{name: ".C(0:x)", display: "C(0:x)", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, started: 8, finished: 17, children: []string{".D"}},
		node{name: ".C(1:y)", display: "C(1:y)", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, started: 8, finished: 19, children: []string{".D"}},
		node{name: ".D", display: "D", typ: v1alpha1.NodeTypePod, template: "echo", phase: v1alpha1.NodeSucceeded, started: 19, finished: 30},
	).wf
}

// nestedSteps is the nested-steps example as the cluster ran it: two steps
// in parallel, each a steps template of two groups.
func nestedSteps() *v1alpha1.Workflow {
	f := newFixture("nested-steps-l6849", v1alpha1.WorkflowSucceeded, 0, 15)
	f.wf.Status.Progress = "4/4"
	inner := func(step string, first, second int) []node {
		return []node{
			{name: "[0]." + step, display: step, typ: v1alpha1.NodeTypeSteps, template: "greet", phase: v1alpha1.NodeSucceeded, finished: second,
				children: []string{"[0]." + step + "[0]"}},
			{name: "[0]." + step + "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, boundary: "[0]." + step, phase: v1alpha1.NodeSucceeded, finished: first,
				children: []string{"[0]." + step + "[0].hello"}},
			{name: "[0]." + step + "[0].hello", display: "hello", typ: v1alpha1.NodeTypePod, template: "print-message", boundary: "[0]." + step,
				phase: v1alpha1.NodeSucceeded, finished: first, children: []string{"[0]." + step + "[1]"}},
			{name: "[0]." + step + "[1]", display: "[1]", typ: v1alpha1.NodeTypeStepGroup, boundary: "[0]." + step, phase: v1alpha1.NodeSucceeded,
				started: first, finished: second, children: []string{"[0]." + step + "[1].goodbye"}},
			{name: "[0]." + step + "[1].goodbye", display: "goodbye", typ: v1alpha1.NodeTypePod, template: "print-message", boundary: "[0]." + step,
				phase: v1alpha1.NodeSucceeded, started: first, finished: second},
		}
	}
	f.add(inner("greet-alice", 10, 15)...)
	f.add(inner("greet-bob", 9, 14)...)
	return f.add(
		node{name: "", typ: v1alpha1.NodeTypeSteps, template: "main", boundary: "-", phase: v1alpha1.NodeSucceeded, finished: 15, children: []string{"[0]"}},
		node{name: "[0]", display: "[0]", typ: v1alpha1.NodeTypeStepGroup, phase: v1alpha1.NodeSucceeded, finished: 15,
			children: []string{"[0].greet-alice", "[0].greet-bob"}},
	).wf
}

func anyString(s string) *v1alpha1.AnyString {
	v := v1alpha1.AnyString(s)
	return &v
}
