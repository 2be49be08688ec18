package engine

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// boundedConfig is testConfig with bounds changed by set.
func boundedConfig(set func(*Bounds)) Config {
	cfg := testConfig
	set(&cfg.Bounds)
	return cfg
}

// boundCase is a workflow run under bounds until it ends, and what it
// should end with: the workflow's message, and a node in Error or Failed
// whose message is the same.
type boundCase struct {
	name   string
	bounds func(*Bounds)
	wf     string
	// report is what each pod's executor reports when it succeeds.
	report ExecutorReport
	// message is the workflow's message, exactly.
	message string
}

// runBounded reconciles the case's workflow, its pods succeeding at once,
// until it finishes, and returns every decision.
func runBounded(t *testing.T, tc boundCase) []Decision {
	t.Helper()
	wf := decodeWorkflow(t, tc.wf)
	cfg := boundedConfig(tc.bounds)
	var decisions []Decision
	var created []*corev1.Pod
	for round := 0; round < 20; round++ {
		code := int32(0)
		obs := make([]PodObservation, 0, len(created))
		for _, p := range created {
			report := tc.report
			obs = append(obs, PodObservation{Name: p.Name, NodeID: p.Labels["weft.dev/node-id"], Phase: corev1.PodSucceeded, ExitCode: &code, Outputs: &report})
		}
		d := Reconcile(wf, Observed{Pods: obs}, start.Add(time.Duration(round)*time.Second), cfg)
		decisions = append(decisions, d)
		wf.Status = d.Status
		created = append(created, d.CreatePods...)
		if finishedPhase(d.Status.Phase) {
			return decisions
		}
	}
	t.Fatalf("the workflow did not finish in 20 rounds: %s %q", wf.Status.Phase, wf.Status.Message)
	return nil
}

func TestRunTimeBounds(t *testing.T) {
	for _, tc := range []boundCase{
		{
			name:   "withParam longer than --max-loop-items",
			bounds: func(b *Bounds) { b.MaxLoopItems = 3 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: echo, withParam: "[1, 2, 3, 4, 5]"}
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			message: "withParam expands to 5 items, more than --max-loop-items (3) allows: split the loop or raise the flag",
		},
		{
			name:   "withParam of a DAG task from a step's output",
			bounds: func(b *Bounds) { b.MaxLoopItems = 2 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: gen, template: echo}
      - {name: each, template: echo, depends: gen, withParam: "{{tasks.gen.outputs.result}}"}
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			report:  ExecutorReport{Result: new(`["a", "b", "c"]`)},
			message: "withParam expands to 3 items, more than --max-loop-items (2) allows: split the loop or raise the flag",
		},
		{
			name:   "withSequence of a trillion numbers, none of them made",
			bounds: func(*Bounds) {},
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: echo, withSequence: {start: "-5", end: "999999999999"}}
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			message: "withSequence expands to 1000000000005 items, more than --max-loop-items (10000) allows: split the loop or raise the flag",
		},
		{
			name:   "withItems the server did not check",
			bounds: func(b *Bounds) { b.MaxLoopItems = 1 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: echo, withItems: [a, b]}
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			message: "withItems expands to 2 items, more than --max-loop-items (1) allows: split the loop or raise the flag",
		},
		{
			name:   "nested loops past --max-workflow-nodes",
			bounds: func(b *Bounds) { b.MaxNodes = 30 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: row, template: row, withSequence: {count: "10"}}
  - name: row
    steps:
    - - {name: cell, template: echo, withSequence: {count: "10"}}
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			message: "workflow grows past 30 nodes, the most --max-workflow-nodes (30) allows: split the workflow into smaller ones (a workflow may create workflows), or raise the flag",
		},
		{
			name:   "a template that runs itself for ever",
			bounds: func(b *Bounds) { b.MaxTemplateDepth = 5 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: again
  templates:
  - name: again
    steps:
    - - {name: deeper, template: again}
`,
			message: `template "again" nests 6 steps and DAG templates deep, more than --max-template-depth (5) allows: end the recursion sooner, or raise the flag`,
		},
		{
			name:   "recursion through a DAG, at the default depth",
			bounds: func(*Bounds) {},
			wf: `
metadata: {name: wf}
spec:
  entrypoint: again
  templates:
  - name: again
    dag:
      tasks:
      - {name: deeper, template: again}
`,
			message: `template "again" nests 1001 steps and DAG templates deep, more than --max-template-depth (1000) allows: end the recursion sooner, or raise the flag`,
		},
		{
			name:   "output parameter longer than --max-parameter-bytes",
			bounds: func(b *Bounds) { b.MaxParameterBytes = 8 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: echo
  templates:
  - name: echo
    container: {image: busybox, command: [echo]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
`,
			report:  ExecutorReport{Parameters: map[string]string{"out": "123456789"}},
			message: `output parameter "out" is 9 bytes, more than --max-parameter-bytes (8) allows: pass large data as an artifact, or raise the flag`,
		},
		{
			name:   "result longer than --max-parameter-bytes",
			bounds: func(b *Bounds) { b.MaxParameterBytes = 4 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: echo
  templates:
  - {name: echo, container: {image: busybox, command: [echo]}}
`,
			report:  ExecutorReport{Result: new("hello")},
			message: `output result is 5 bytes, more than --max-parameter-bytes (4) allows: pass large data as an artifact, or raise the flag`,
		},
		{
			name:   "input parameter built longer than --max-parameter-bytes",
			bounds: func(b *Bounds) { b.MaxParameterBytes = 8 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: main
  arguments: {parameters: [{name: p, value: "12345"}]}
  templates:
  - name: main
    steps:
    - - {name: twice, template: echo, arguments: {parameters: [{name: m, value: "{{workflow.parameters.p}}{{workflow.parameters.p}}"}]}}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo]}
`,
			message: `input parameter "m" is 10 bytes, more than --max-parameter-bytes (8) allows: pass large data as an artifact, or raise the flag`,
		},
		{
			name:   "past a bound in the exit handler",
			bounds: func(b *Bounds) { b.MaxLoopItems = 2 },
			wf: `
metadata: {name: wf}
spec:
  entrypoint: echo
  onExit: exit
  templates:
  - {name: echo, container: {image: busybox, command: [echo]}}
  - name: exit
    steps:
    - - {name: each, template: echo, withParam: "[1, 2, 3]"}
`,
			message: "exit handler failed: withParam expands to 3 items, more than --max-loop-items (2) allows: split the loop or raise the flag",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			decisions := runBounded(t, tc)
			last := decisions[len(decisions)-1]
			if last.Status.Phase != v1alpha1.WorkflowFailed || last.Status.Message != tc.message {
				t.Fatalf("workflow %s %q, want Failed %q", last.Status.Phase, last.Status.Message, tc.message)
			}
			bound := strings.TrimPrefix(tc.message, "exit handler failed: ")
			var named bool
			for _, n := range last.Status.Nodes {
				if !fulfilled(n.Phase) {
					t.Errorf("node %s is left %s", n.Name, n.Phase)
				}
				named = named || (failedOrError(n.Phase) && n.Message == bound)
			}
			if !named {
				t.Errorf("no failed node says %q", bound)
			}
			for _, p := range last.CreatePods {
				t.Errorf("pod %s is created by the decision that ends the workflow", p.Name)
			}
		})
	}
}

func TestPodsStartedBeforeABoundAreDeleted(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: slow, template: echo}
      - {name: gen, template: echo}
      - {name: each, template: echo, depends: gen, withParam: "{{tasks.gen.outputs.result}}"}
  - {name: echo, container: {image: busybox, command: [echo]}}
`)
	cfg := boundedConfig(func(b *Bounds) { b.MaxLoopItems = 2 })
	first := Reconcile(wf, Observed{}, start, cfg)
	if len(first.CreatePods) != 2 {
		t.Fatalf("first Reconcile created %d pods, want slow's and gen's", len(first.CreatePods))
	}
	wf.Status = first.Status
	code := int32(0)
	obs := observePods(first.CreatePods, corev1.PodRunning)
	var slow string
	for i := range obs {
		if wf.Status.Nodes[obs[i].NodeID].DisplayName == "gen" {
			obs[i].Phase, obs[i].ExitCode = corev1.PodSucceeded, &code
			obs[i].Outputs = &ExecutorReport{Result: new(`[1, 2, 3]`)}
		} else {
			slow = obs[i].Name
		}
	}
	d := Reconcile(wf, Observed{Pods: obs}, start.Add(time.Second), cfg)
	if d.Status.Phase != v1alpha1.WorkflowFailed || !strings.Contains(d.Status.Message, "--max-loop-items (2)") {
		t.Fatalf("workflow %s %q, want Failed naming --max-loop-items", d.Status.Phase, d.Status.Message)
	}
	if len(d.DeletePods) != 1 || d.DeletePods[0] != slow || len(d.CreatePods) != 0 {
		t.Errorf("deleted %v and created %d pods, want the running pod %s deleted and none created", d.DeletePods, len(d.CreatePods), slow)
	}
}

func TestDefaultBoundsAdmitTheNestedBenchmark(t *testing.T) {
	wf := nestedWorkflow(t, 250, 200)
	d := Reconcile(wf, Observed{}, start, Config{ExecutorImage: testConfig.ExecutorImage})
	if d.Status.Phase != v1alpha1.WorkflowRunning || len(d.Status.Nodes) != nestedNodes(250, 200) {
		t.Fatalf("workflow %s %q with %d nodes, want Running with %d", d.Status.Phase, d.Status.Message, len(d.Status.Nodes), nestedNodes(250, 200))
	}
	for _, limit := range []int{nestedNodes(10, 10), nestedNodes(10, 10) - 1} {
		d = Reconcile(nestedWorkflow(t, 10, 10), Observed{}, start, boundedConfig(func(b *Bounds) { b.MaxNodes = limit }))
		if fits := limit == nestedNodes(10, 10); fits != (d.Status.Phase == v1alpha1.WorkflowRunning) {
			t.Errorf("%d nodes under --max-workflow-nodes %d: workflow %s %q", nestedNodes(10, 10), limit, d.Status.Phase, d.Status.Message)
		}
	}
}

func TestBoundsDefaults(t *testing.T) {
	want := Bounds{MaxLoopItems: 10000, MaxNodes: 60000, MaxTemplateDepth: 1000, MaxParameterBytes: 256 << 10}
	if got := (Bounds{}).withDefaults(); got != want {
		t.Errorf("zero bounds take %+v, want %+v", got, want)
	}
	if got := (Bounds{MaxNodes: 7, MaxLoopItems: -1}).withDefaults(); got.MaxNodes != 7 || got.MaxLoopItems != 10000 {
		t.Errorf("set bounds are kept and others defaulted: got %+v", got)
	}
}

func TestCountJSONList(t *testing.T) {
	for value, want := range map[string]int{
		`[]`:                     0,
		`[1, "two", {"a": [3]}]`: 3,
		` [[1, 2], [3]] `:        2,
		`{"a": 1}`:               -1,
		`[1, 2`:                  -1,
		`not json`:               -1,
	} {
		if got := countJSONList(value); got != want {
			t.Errorf("countJSONList(%q) = %d, want %d", value, got, want)
		}
	}
}
