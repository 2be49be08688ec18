package engine

import (
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// wfCase drives one workflow to its end and checks the result.
type wfCase struct {
	name    string
	file    string // an example, or
	yaml    string // a workflow written here
	outcome func(p *corev1.Pod) outcome
	check   func(t *testing.T, s *sim)
}

func runCases(t *testing.T, cases []wfCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var wf *v1alpha1.Workflow
			if c.file != "" {
				wf = loadExample(t, c.file)
			} else {
				wf = decodeWorkflow(t, c.yaml)
			}
			s := newSim(t, wf)
			if c.outcome != nil {
				s.outcome = c.outcome
			}
			s.run()
			for _, n := range s.wf.Status.Nodes {
				if !fulfilled(n.Phase) {
					t.Errorf("node %s is %s after the workflow finished", n.Name, n.Phase)
				}
			}
			c.check(t, s)
		})
	}
}

// expectNode checks a node's type, phase and, when given, its children.
func expectNode(t *testing.T, s *sim, name string, typ v1alpha1.NodeType, phase v1alpha1.NodePhase, children ...string) v1alpha1.NodeStatus {
	t.Helper()
	n := s.node(name)
	if n.Type != typ || n.Phase != phase {
		t.Errorf("node %s: got %s %s (%q), want %s %s", name, n.Type, n.Phase, n.Message, typ, phase)
	}
	if children != nil && !reflect.DeepEqual(s.children(name), children) {
		t.Errorf("node %s children: got %q, want %q", name, s.children(name), children)
	}
	return n
}

func expectEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

func expectWorkflow(t *testing.T, s *sim, phase v1alpha1.WorkflowPhase, progress, message string) {
	t.Helper()
	st := s.wf.Status
	if st.Phase != phase || st.Progress != progress || st.Message != message {
		t.Errorf("workflow: got %s %s %q, want %s %s %q%s", st.Phase, st.Progress, st.Message, phase, progress, message, s.dump())
	}
	if st.StartedAt.IsZero() || st.FinishedAt.IsZero() {
		t.Errorf("workflow startedAt/finishedAt not set: %v %v", st.StartedAt, st.FinishedAt)
	}
}

// byNode picks an outcome by the pod's node name suffix.
func byNode(outcomes map[string]outcome) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		name := nodeNameOf(p)
		for suffix, o := range outcomes {
			if strings.HasSuffix(name, suffix) {
				return o
			}
		}
		return outcome{}
	}
}

func TestExamples(t *testing.T) {
	runCases(t, []wfCase{{
		name: "loops-maps",
		file: "loops-maps.yaml",
		check: func(t *testing.T, s *sim) {
			wf := "loops-maps-xxxxx"
			items := []string{
				wf + "[0].test-linux(0:image:weft.localhost/debian,tag:12)",
				wf + "[0].test-linux(1:image:weft.localhost/busybox,tag:1.35)",
				wf + "[0].test-linux(2:image:weft.localhost/python3,tag:3.11)",
				wf + "[0].test-linux(3:image:weft.localhost/debian,tag:12-slim)",
			}
			root := expectNode(t, s, wf, v1alpha1.NodeTypeSteps, v1alpha1.NodeSucceeded, wf+"[0]")
			expectEqual(t, "root ID", root.ID, wf)
			expectEqual(t, "root progress", root.Progress, "4/4")
			sg := expectNode(t, s, wf+"[0]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded, items...)
			expectEqual(t, "group display name", sg.DisplayName, "[0]")
			expectEqual(t, "group boundary", sg.BoundaryID, wf)
			expectEqual(t, "group progress", sg.Progress, "4/4")
			images := []string{"weft.localhost/debian:12", "weft.localhost/busybox:1.35", "weft.localhost/python3:3.11", "weft.localhost/debian:12-slim"}
			for i, name := range items {
				n := expectNode(t, s, name, v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
				expectEqual(t, "boundary", n.BoundaryID, wf)
				expectEqual(t, "template", n.TemplateName, "cat-os-release")
				expectEqual(t, "display name", n.DisplayName, strings.TrimPrefix(name, wf+"[0]."))
				expectEqual(t, "ID", n.ID, nodeID(wf, name))
				p := s.pod(name)
				expectEqual(t, "pod name", p.Name, wf+"-cat-os-release-"+fnvDecimal(name))
				expectEqual(t, "image", p.Spec.Containers[0].Image, images[i])
				expectEqual(t, "command", mainCommand(p), []string{"cat", "/etc/os-release"})
			}
			expectEqual(t, "outbound", root.OutboundNodes, []string{nodeID(wf, items[0]), nodeID(wf, items[1]), nodeID(wf, items[2]), nodeID(wf, items[3])})
			expectEqual(t, "all four pods in one decision", s.maxAlive, 4)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "4/4", "")
			reasons := []string{}
			for _, e := range s.events {
				reasons = append(reasons, e.Reason)
			}
			expectEqual(t, "first event", reasons[0], "WorkflowRunning")
			expectEqual(t, "last event", reasons[len(reasons)-1], "WorkflowSucceeded")
		},
	}, {
		name: "steps with parameters",
		file: "steps.yaml",
		check: func(t *testing.T, s *sim) {
			wf := "steps-xxxxx"
			expectNode(t, s, wf, v1alpha1.NodeTypeSteps, v1alpha1.NodeSucceeded, wf+"[0]")
			expectNode(t, s, wf+"[0]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded, wf+"[0].hello1")
			expectNode(t, s, wf+"[0].hello1", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+"[1]")
			expectNode(t, s, wf+"[1]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded, wf+"[1].hello2a", wf+"[1].hello2b")
			n := expectNode(t, s, wf+"[1].hello2b", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectEqual(t, "inputs", n.Inputs.Parameters[0].Name, "message")
			expectEqual(t, "input value", string(*n.Inputs.Parameters[0].Value), "hello2b")
			expectEqual(t, "args", mainCommand(s.pod(wf+"[1].hello2b")), []string{"echo", "hello2b"})
			expectEqual(t, "started after hello1", s.pod(wf+"[1].hello2a") != nil, true)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "3/3", "")
		},
	}, {
		name: "global parameters, defaults and enum",
		file: "parameters.yaml",
		check: func(t *testing.T, s *sim) {
			p := s.pod("parameters-xxxxx[0].print")
			expectEqual(t, "args", mainCommand(p), []string{"echo", "[info]", ">>", "hello from weft"})
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/1", "")
		},
	}, {
		name: "hello world runs in a pod named like the workflow",
		file: "hello-world.yaml",
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "hello-world-xxxxx", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectEqual(t, "pod", s.pod(n.Name).Name, "hello-world-xxxxx")
			expectEqual(t, "exit code", *n.Outputs.ExitCode, "0")
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/1", "")
		},
	}, {
		name: "nested steps",
		file: "nested-steps.yaml",
		check: func(t *testing.T, s *sim) {
			wf := "nested-steps-xxxxx"
			alice := expectNode(t, s, wf+"[0].greet-alice", v1alpha1.NodeTypeSteps, v1alpha1.NodeSucceeded, wf+"[0].greet-alice[0]")
			expectEqual(t, "alice boundary", alice.BoundaryID, wf)
			expectEqual(t, "alice progress", alice.Progress, "2/2")
			hello := expectNode(t, s, wf+"[0].greet-alice[0].hello", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+"[0].greet-alice[1]")
			expectEqual(t, "hello boundary", hello.BoundaryID, alice.ID)
			expectEqual(t, "message", mainCommand(s.pod(hello.Name)), []string{"echo", "hello alice"})
			expectEqual(t, "alice outbound", alice.OutboundNodes, []string{nodeID(wf, wf+"[0].greet-alice[1].goodbye")})
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "4/4", "")
		},
	}})
}

func TestCoinFlip(t *testing.T) {
	flip := func(side string) func(p *corev1.Pod) outcome {
		return byNode(map[string]outcome{".flip-coin": {result: strPtr(side)}})
	}
	for _, side := range []string{"heads", "tails"} {
		other := map[string]string{"heads": "tails", "tails": "heads"}[side]
		runCases(t, []wfCase{{
			name:    side,
			file:    "coin-flip.yaml",
			outcome: flip(side),
			check: func(t *testing.T, s *sim) {
				wf := "coin-flip-xxxxx"
				flipNode := expectNode(t, s, wf+"[0].flip-coin", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+"[1]")
				expectEqual(t, "result", *flipNode.Outputs.Result, side)
				expectNode(t, s, wf+"[1]."+side, v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
				skipped := expectNode(t, s, wf+"[1]."+other, v1alpha1.NodeTypeSkipped, v1alpha1.NodeSkipped)
				expectEqual(t, "skip message", skipped.Message, "when '"+side+" == "+other+"' evaluated false")
				p := s.pod(flipNode.Name)
				expectEqual(t, "script command", mainCommand(p), []string{"python3", "/var/run/weft/script"})
				spec := executorSpec(t, p)
				if spec.Script == nil || !strings.Contains(spec.Script.Source, "random.randint") {
					t.Errorf("script source not passed to the executor: %+v", spec.Script)
				}
				expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
			},
		}})
	}
}

func TestDAG(t *testing.T) {
	runCases(t, []wfCase{{
		name: "diamond with dependencies",
		file: "dag-diamond.yaml",
		check: func(t *testing.T, s *sim) {
			wf := "dag-diamond-xxxxx"
			root := expectNode(t, s, wf, v1alpha1.NodeTypeDAG, v1alpha1.NodeSucceeded, wf+".A")
			expectNode(t, s, wf+".A", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+".B", wf+".C")
			expectNode(t, s, wf+".B", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+".D")
			expectNode(t, s, wf+".C", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+".D")
			d := expectNode(t, s, wf+".D", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectEqual(t, "D boundary", d.BoundaryID, wf)
			expectEqual(t, "D display name", d.DisplayName, "D")
			expectEqual(t, "outbound", root.OutboundNodes, []string{d.ID})
			expectEqual(t, "command", mainCommand(s.pod(d.Name)), []string{"echo", "D"})
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "4/4", "")
		},
	}, {
		name: "diamond with depends and task results",
		file: "dag-diamond-depends.yaml",
		outcome: byNode(map[string]outcome{
			".B": {result: strPtr("B")}, ".C": {result: strPtr("C")},
		}),
		check: func(t *testing.T, s *sim) {
			wf := "dag-diamond-depends-xxxxx"
			expectNode(t, s, wf+".C", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, wf+".D", wf+".E")
			expectEqual(t, "D's message", mainCommand(s.pod(wf+".D")), []string{"echo", "D after B and C"})
			expectNode(t, s, wf+".E", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "5/5", "")
		},
	}, {
		name:    "depends runs the fallback of a failed task and omits the rest",
		file:    "dag-diamond-depends.yaml",
		outcome: byNode(map[string]outcome{".B": {phase: corev1.PodFailed, exitCode: 1}}),
		check: func(t *testing.T, s *sim) {
			wf := "dag-diamond-depends-xxxxx"
			b := expectNode(t, s, wf+".B", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			expectEqual(t, "B message", b.Message, "Error (exit code 1)")
			d := expectNode(t, s, wf+".D", v1alpha1.NodeTypeSkipped, v1alpha1.NodeOmitted)
			expectEqual(t, "D message", d.Message, "omitted: depends condition not met")
			expectNode(t, s, wf+".E", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "3/4", "child '"+wf+".B' failed")
		},
	}, {
		name:    "failFast stops new tasks after a failure",
		yaml:    dagFailFast(""),
		outcome: slowAndBad(),
		check: func(t *testing.T, s *sim) {
			if s.hasNode("ff-xxxxx.after-slow") {
				t.Errorf("after-slow started after bad failed:%s", s.dump())
			}
			expectNode(t, s, "ff-xxxxx.bad", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "1/2", "child 'ff-xxxxx.bad' failed")
		},
	}, {
		name:    "failFast false lets other branches finish",
		yaml:    dagFailFast("      failFast: false\n"),
		outcome: slowAndBad(),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "ff-xxxxx.after-slow", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectNode(t, s, "ff-xxxxx.after-bad", v1alpha1.NodeTypeSkipped, v1alpha1.NodeOmitted)
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "2/3", "child 'ff-xxxxx.bad' failed")
		},
	}, {
		name: "continueOn failed lets dependents run",
		yaml: `
metadata: {name: co-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: run, continueOn: {failed: true}}
      - {name: B, template: run, dependencies: [A]}
  - name: run
    container: {image: busybox, command: [sh, -c, "exit 3"]}
`,
		outcome: byNode(map[string]outcome{".A": {phase: corev1.PodFailed, exitCode: 3}}),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "co-xxxxx.A", v1alpha1.NodeTypePod, v1alpha1.NodeFailed, "co-xxxxx.B")
			expectNode(t, s, "co-xxxxx.B", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/2", "")
		},
	}, {
		name: "a looping task makes a task group",
		yaml: `
metadata: {name: tg-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: echo, withItems: [x, z], arguments: {parameters: [{name: m, value: "{{item}}"}]}}
      - {name: B, template: echo, depends: "A.AnySucceeded", arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`,
		outcome: func(p *corev1.Pod) outcome {
			return outcome{result: strPtr(strings.TrimPrefix(mainCommand(p)[1], ""))}
		},
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "tg-xxxxx.A", v1alpha1.NodeTypeTaskGroup, v1alpha1.NodeSucceeded, "tg-xxxxx.A(0:x)", "tg-xxxxx.A(1:z)")
			expectNode(t, s, "tg-xxxxx.A(1:z)", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, "tg-xxxxx.B")
			expectEqual(t, "aggregated result", mainCommand(s.pod("tg-xxxxx.B")), []string{"echo", `["x","z"]`})
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "3/3", "")
		},
	}})
}

// slowAndBad fails bad at once and lets slow run a few rounds longer.
func slowAndBad() func(p *corev1.Pod) outcome {
	slowRounds := 0
	return func(p *corev1.Pod) outcome {
		switch {
		case strings.HasSuffix(nodeNameOf(p), ".bad"):
			return outcome{phase: corev1.PodFailed, exitCode: 2}
		case strings.HasSuffix(nodeNameOf(p), ".slow"):
			slowRounds++
			return outcome{hold: slowRounds < 4}
		}
		return outcome{}
	}
}

// dagFailFast is a DAG where bad fails while slow runs; after-slow would start after slow.
func dagFailFast(failFast string) string {
	return `
metadata: {name: ff-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
` + failFast + `      tasks:
      - {name: bad, template: run}
      - {name: slow, template: run}
      - {name: after-bad, template: run, dependencies: [bad]}
      - {name: after-slow, template: run, dependencies: [slow]}
  - name: run
    container: {image: busybox, command: [sh, -c, "true"]}
`
}

func TestLoopsAndOutputs(t *testing.T) {
	runCases(t, []wfCase{{
		name:    "withParam over a step's JSON output",
		file:    "loops-param.yaml",
		outcome: byNode(map[string]outcome{".generate": {result: strPtr(`[{"name": "alpha", "seconds": 1}, {"name": "beta", "seconds": 2}, {"name": "gamma", "seconds": 3}]`)}}),
		check: func(t *testing.T, s *sim) {
			wf := "loops-param-xxxxx"
			expectNode(t, s, wf+"[1]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded,
				wf+"[1].sleep(0:name:alpha,seconds:1)", wf+"[1].sleep(1:name:beta,seconds:2)", wf+"[1].sleep(2:name:gamma,seconds:3)")
			args := mainCommand(s.pod(wf + "[1].sleep(1:name:beta,seconds:2)"))
			expectEqual(t, "args", args[2], "echo \"beta: sleeping for 2 seconds\"\nsleep 2\necho \"beta: done\"\n")
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "4/4", "")
		},
	}, {
		name: "withSequence",
		file: "loops-sequence.yaml",
		check: func(t *testing.T, s *sim) {
			wf := "loops-sequence-xxxxx[0]."
			for _, name := range []string{"sequence-count(4:4)", "sequence-start-end(5:105)", "sequence-param(2:202)", "sequence-negative(5:0)", "sequence-format(4:2020-05-05)"} {
				expectNode(t, s, wf+name, v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			}
			if s.hasNode(wf + "sequence-param(3:203)") {
				t.Error("sequence-param ran past its count")
			}
			expectEqual(t, "format", mainCommand(s.pod(wf+"sequence-format(0:2020-05-01)")), []string{"echo", "2020-05-01"})
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "25/25", "")
		},
	}, {
		name: "output parameters from files and globalName",
		file: "output-parameter.yaml",
		outcome: byNode(map[string]outcome{".generate-parameter": {
			params:  map[string]string{"message-length": "11"},
			missing: map[string]string{"hello-param": "open /tmp/hello_world.txt: no such file or directory"},
		}}),
		check: func(t *testing.T, s *sim) {
			wf := "output-parameter-xxxxx"
			gen := expectNode(t, s, wf+"[0].generate-parameter", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectEqual(t, "default used", string(*gen.Outputs.Parameters[0].Value), "Foobar")
			spec := executorSpec(t, s.pod(gen.Name))
			expectEqual(t, "parameter paths", len(spec.Parameters), 2)
			expectEqual(t, "consumer args", mainCommand(s.pod(wf+"[1].consume-parameter")), []string{"echo", "Foobar (11 characters)"})
			out := s.wf.Status.Outputs
			if out == nil || len(out.Parameters) != 1 || out.Parameters[0].Name != "message-length" || string(*out.Parameters[0].Value) != "11" {
				t.Errorf("global outputs: %+v", out)
			}
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
		},
	}, {
		name: "looped step outputs aggregate to JSON lists",
		yaml: `
metadata: {name: agg-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen, withItems: [1, 2]}
    - - name: use
        template: echo
        arguments:
          parameters:
          - {name: a, value: "{{steps.gen.outputs.parameters.p}}"}
          - {name: b, value: "{{steps.gen.outputs.result}}"}
          - {name: c, value: "{{=1 + 1}}"}
  - name: gen
    container: {image: busybox, command: [sh, -c, "echo x"]}
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
  - name: echo
    inputs: {parameters: [{name: a}, {name: b}, {name: c}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.a}}", "{{inputs.parameters.b}}", "{{inputs.parameters.c}}", "{{workflow.name}}", "{{pod.name}}"]}
`,
		outcome: byNode(map[string]outcome{"(0:1)": {result: strPtr("one"), params: map[string]string{"p": "1"}}, "(1:2)": {result: strPtr(`{"k":2}`), params: map[string]string{"p": "2"}}}),
		check: func(t *testing.T, s *sim) {
			use := s.pod("agg-xxxxx[1].use")
			expectEqual(t, "args", mainCommand(use), []string{"echo", "[1,2]", `["one",{"k":2}]`, "2", "agg-xxxxx", use.Name})
			expectNode(t, s, "agg-xxxxx[0]", v1alpha1.NodeTypeStepGroup, v1alpha1.NodeSucceeded, "agg-xxxxx[0].gen(0:1)", "agg-xxxxx[0].gen(1:2)")
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "3/3", "")
		},
	}, {
		name: "an unresolvable expression errors its step",
		yaml: `
metadata: {name: agg-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen, withItems: [1, 2]}
    - - name: use
        template: echo
        arguments:
          parameters:
          - {name: a, value: "{{steps.gen.outputs.parameters.p}}"}
          - {name: b, value: "{{steps.gen.outputs.result}}"}
          - {name: c, value: "{{=asInt(inputs.parameters.n) + 1}}"}
  - name: gen
    container: {image: busybox, command: [sh, -c, "echo x"]}
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
  - name: echo
    inputs: {parameters: [{name: a}, {name: b}, {name: c}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.a}}", "{{inputs.parameters.b}}", "{{inputs.parameters.c}}", "{{workflow.name}}", "{{pod.name}}"]}
`,
		outcome: byNode(map[string]outcome{"(0:1)": {result: strPtr("one"), params: map[string]string{"p": "1"}}, "(1:2)": {result: strPtr(`{"k":2}`), params: map[string]string{"p": "2"}}}),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "agg-xxxxx[1].use", v1alpha1.NodeTypeSkipped, v1alpha1.NodeError)
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "2/2", "child 'agg-xxxxx[1].use' failed")
			if msg := s.node("agg-xxxxx[1].use").Message; !strings.Contains(msg, "{{=asInt(inputs.parameters.n) + 1}}") {
				t.Errorf("message does not name the expression: %q", msg)
			}
		},
	}})
}

func TestFailures(t *testing.T) {
	runCases(t, []wfCase{{
		name:    "a failing step fails the workflow",
		file:    "steps.yaml",
		outcome: byNode(map[string]outcome{".hello1": {phase: corev1.PodFailed, exitCode: 1}}),
		check: func(t *testing.T, s *sim) {
			wf := "steps-xxxxx"
			n := expectNode(t, s, wf+"[0].hello1", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			expectEqual(t, "pod message", n.Message, "Error (exit code 1)")
			expectEqual(t, "exit code output", *n.Outputs.ExitCode, "1")
			msg := "child 'steps-xxxxx[0].hello1' failed"
			expectEqual(t, "group message", s.node(wf+"[0]").Message, msg)
			expectNode(t, s, wf, v1alpha1.NodeTypeSteps, v1alpha1.NodeFailed)
			if s.hasNode(wf + "[1]") {
				t.Error("the second group started after the first failed")
			}
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "0/1", msg)
			last := s.events[len(s.events)-1]
			expectEqual(t, "last event", last, Event{Type: corev1.EventTypeWarning, Reason: "WorkflowFailed", Message: "Workflow failed: " + msg})
		},
	}, {
		name:    "continueOn lets the steps go on",
		yaml:    continueOnSteps,
		outcome: byNode(map[string]outcome{".bad": {phase: corev1.PodFailed, exitCode: 1, reason: "OOMKilled"}}),
		check: func(t *testing.T, s *sim) {
			expectEqual(t, "OOM message", s.node("con-xxxxx[0].bad").Message, "OOMKilled (exit code 1)")
			expectNode(t, s, "con-xxxxx[1].next", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/2", "")
		},
	}, {
		name:    "a deleted pod errors its node",
		file:    "hello-world.yaml",
		outcome: func(*corev1.Pod) outcome { return outcome{deleted: true} },
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "hello-world-xxxxx", v1alpha1.NodeTypePod, v1alpha1.NodeError)
			expectWorkflow(t, s, v1alpha1.WorkflowError, "0/1", "pod deleted")
		},
	}, {
		name: "an unsupported template type",
		yaml: `
metadata: {name: res-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: make, template: call}]]
  - name: call
    data: {source: {artifactPaths: {name: logs, s3: {key: logs}}}, transformation: [{expression: "data"}]}
`,
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "res-xxxxx[0].make", v1alpha1.NodeTypePod, v1alpha1.NodeError)
			expectEqual(t, "message", n.Message, `template "call": data templates are not supported yet`)
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "0/1", "child 'res-xxxxx[0].make' failed")
			expectEqual(t, "no pod", len(s.pods), 0)
		},
	}, {
		name: "an unresolved reference",
		yaml: `
metadata: {name: unres-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: run}
    - - {name: use, template: echo, arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.result}}"}]}}
  - name: run
    container: {image: busybox, command: [sh, -c, "true"]}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`,
		outcome: func(*corev1.Pod) outcome { return outcome{noReport: true} },
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "unres-xxxxx[1].use", v1alpha1.NodeTypeSkipped, v1alpha1.NodeError)
			expectEqual(t, "message", n.Message, "unable to resolve {{steps.gen.outputs.result}}: step gen has no result")
			expectWorkflow(t, s, v1alpha1.WorkflowFailed, "1/1", "child 'unres-xxxxx[1].use' failed")
		},
	}, {
		name: "a container without a command",
		yaml: `
metadata: {name: nocmd-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox}
`,
		check: func(t *testing.T, s *sim) {
			expectWorkflow(t, s, v1alpha1.WorkflowError, "0/1", `template "main": container.command is required (Weft does not look up image entrypoints)`)
		},
	}, {
		name:    "a parameter too large for the termination message",
		file:    "output-parameter.yaml",
		outcome: byNode(map[string]outcome{".generate-parameter": {params: map[string]string{"hello-param": "x"}, overflow: []string{"message-length"}}}),
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "output-parameter-xxxxx[0].generate-parameter", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			expectEqual(t, "message", n.Message, `output parameter "message-length" is larger than the 4096-byte termination message limit`)
		},
	}, {
		name:    "a result too large, read from the log instead",
		file:    "coin-flip.yaml",
		outcome: byNode(map[string]outcome{".flip-coin": {overflow: []string{"result"}, logRes: strPtr("tails\n")}}),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "coin-flip-xxxxx[1].tails", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
		},
	}, {
		name:    "a result too large without the log",
		file:    "coin-flip.yaml",
		outcome: byNode(map[string]outcome{".flip-coin": {overflow: []string{"result"}}}),
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "coin-flip-xxxxx[0].flip-coin", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			if !strings.Contains(n.Message, "4096-byte termination message limit") {
				t.Errorf("message: %q", n.Message)
			}
		},
	}})
}

const continueOnSteps = `
metadata: {name: con-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: bad, template: run, continueOn: {failed: true}}
    - - {name: next, template: run}
  - name: run
    container: {image: busybox, command: [sh, -c, "true"]}
`

func TestParallelism(t *testing.T) {
	for _, level := range []string{"workflow", "template"} {
		t.Run(level, func(t *testing.T) {
			wf := loadExample(t, "loops-maps.yaml")
			one := int64(1)
			if level == "workflow" {
				wf.Spec.Parallelism = &one
			} else {
				wf.Spec.Templates[0].Parallelism = &one
			}
			s := newSim(t, wf)
			for i := 0; i < 100 && !finishedPhase(s.wf.Status.Phase); i++ {
				d := s.reconcile()
				if len(d.CreatePods) > 1 {
					t.Fatalf("round %d created %d pods", i, len(d.CreatePods))
				}
				s.step()
			}
			expectEqual(t, "most pods alive at once", s.maxAlive, 1)
			expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "4/4", "")
		})
	}
}

func TestSuspendDuration(t *testing.T) {
	s := newSim(t, loadExample(t, "suspend.yaml"))
	for i := 0; i < 3; i++ {
		s.reconcile()
		s.step()
	}
	d := s.reconcile()
	wait := s.node("suspend-xxxxx[1].wait")
	if wait.Type != v1alpha1.NodeTypeSuspend || wait.Phase != v1alpha1.NodeRunning {
		t.Fatalf("wait: %s %s%s", wait.Type, wait.Phase, s.dump())
	}
	if d.RequeueAfter <= 0 || d.RequeueAfter > 20*time.Second {
		t.Fatalf("RequeueAfter = %v, want the rest of 20s", d.RequeueAfter)
	}
	s.now = s.now.Add(d.RequeueAfter)
	s.reconcile()
	expectEqual(t, "wait phase", s.node("suspend-xxxxx[1].wait").Phase, v1alpha1.NodeSucceeded)
	if !s.hasNode("suspend-xxxxx[2].release") {
		t.Fatal("release did not start once the pause was over")
	}
	s.run()
	expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
}

func TestPendingPodMessages(t *testing.T) {
	s := newSim(t, loadExample(t, "hello-world.yaml"))
	s.outcome = func(*corev1.Pod) outcome {
		return outcome{pending: true, reason: "ImagePullBackOff", message: `Back-off pulling image "weft.localhost/busybox:1.35"`}
	}
	s.reconcile()
	s.step()
	s.reconcile()
	n := s.node("hello-world-xxxxx")
	expectEqual(t, "phase", n.Phase, v1alpha1.NodePending)
	expectEqual(t, "message", n.Message, `ImagePullBackOff: Back-off pulling image "weft.localhost/busybox:1.35"`)
	expectEqual(t, "progress", s.wf.Status.Progress, "0/1")
}

func TestIdempotence(t *testing.T) {
	for _, file := range []string{"loops-maps.yaml", "dag-diamond.yaml", "nested-steps.yaml", "suspend.yaml"} {
		t.Run(file, func(t *testing.T) {
			s := newSim(t, loadExample(t, file))
			for i := 0; i < 6 && !finishedPhase(s.wf.Status.Phase); i++ {
				first := s.reconcile()
				again := Reconcile(s.wf.DeepCopy(), Observed{Pods: s.observations()}, s.now, testConfig)
				if len(again.CreatePods) != 0 {
					t.Fatalf("round %d: the same observations create %d pods again", i, len(again.CreatePods))
				}
				if !reflect.DeepEqual(again.Status, first.Status) {
					t.Fatalf("round %d: the same observations change the status", i)
				}
				if !s.hasNode(s.wf.Name) {
					t.Fatal("no root node")
				}
				s.step()
			}
		})
	}
}

func TestLostStatusDoesNotRecreatePods(t *testing.T) {
	s := newSim(t, loadExample(t, "steps.yaml"))
	s.reconcile()
	s.step()
	s.wf.Status = v1alpha1.WorkflowStatus{}
	d := s.reconcile()
	expectEqual(t, "pods created again", len(d.CreatePods), 0)
	expectEqual(t, "phase from the observed pod", s.node("steps-xxxxx[0].hello1").Phase, v1alpha1.NodeRunning)
}

func TestFinishedWorkflowIsLeftAlone(t *testing.T) {
	s := newSim(t, loadExample(t, "hello-world.yaml"))
	s.run()
	before := s.wf.Status.DeepCopy()
	d := s.reconcile()
	if len(d.CreatePods) != 0 || len(d.Events) != 0 || !reflect.DeepEqual(d.Status, *before) {
		t.Fatal("a finished workflow changed")
	}
}
