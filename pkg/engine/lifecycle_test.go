package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// failFirst fails the pods of the first n attempts of every retried node
// with exit code 1, and lets later ones succeed.
func failFirst(n int) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		name := nodeNameOf(p)
		for i := 0; i < n; i++ {
			if strings.HasSuffix(name, "("+string(rune('0'+i))+")") {
				return outcome{phase: corev1.PodFailed, exitCode: 1}
			}
		}
		return outcome{}
	}
}

func alwaysFail(code int32) func(p *corev1.Pod) outcome {
	return func(*corev1.Pod) outcome { return outcome{phase: corev1.PodFailed, exitCode: code} }
}

const retryWorkflow = `
metadata: {name: retry}
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy: %s
    container: {image: busybox, command: [sh, -c, "echo attempt {{retries}}"]}
`

func retryYAML(strategy string) string {
	return strings.Replace(retryWorkflow, "%s", strategy, 1)
}

func TestRetries(t *testing.T) {
	runCases(t, []wfCase{{
		name:    "retry-backoff example succeeds on the third attempt, waiting 1s then 2s",
		file:    "retry-backoff.yaml",
		outcome: failFirst(2),
		check: func(t *testing.T, s *sim) {
			root := s.wf.Name
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
			expectNode(t, s, root, v1alpha1.NodeTypeRetry, v1alpha1.NodeSucceeded, root+"(0)", root+"(1)", root+"(2)")
			a0 := expectNode(t, s, root+"(0)", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			a1 := expectNode(t, s, root+"(1)", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
			a2 := expectNode(t, s, root+"(2)", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			if gap := a1.StartedAt.Sub(a0.FinishedAt.Time); gap < time.Second {
				t.Errorf("second attempt started %s after the first ended, want at least 1s", gap)
			}
			if gap := a2.StartedAt.Sub(a1.FinishedAt.Time); gap < 2*time.Second {
				t.Errorf("third attempt started %s after the second ended, want at least 2s", gap)
			}
			if a1.NodeFlag == nil || !a1.NodeFlag.Retried {
				t.Errorf("attempt has no retried flag: %+v", a1.NodeFlag)
			}
		},
	}, {
		name:    "limit reached fails the Retry node like its last attempt",
		yaml:    retryYAML(`{limit: 2}`),
		outcome: alwaysFail(1),
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed, "retry(0)", "retry(1)", "retry(2)")
			if !strings.Contains(n.Message, "retryStrategy.limit is 2") || !strings.Contains(n.Message, "exit code 1") {
				t.Errorf("message %q should give the exit code and the limit", n.Message)
			}
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
		},
	}, {
		name:    "retries substitutes the attempt number",
		yaml:    retryYAML(`{limit: 3}`),
		outcome: failFirst(1),
		check: func(t *testing.T, s *sim) {
			cmd := strings.Join(mainCommand(s.pod("retry(1)")), " ")
			if !strings.Contains(cmd, "echo attempt 1") {
				t.Errorf("second attempt's command %q does not hold attempt 1", cmd)
			}
		},
	}, {
		name:    "OnError does not retry a failure",
		yaml:    retryYAML(`{limit: 3, retryPolicy: OnError}`),
		outcome: alwaysFail(1),
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed, "retry(0)")
			if !strings.Contains(n.Message, "OnError") {
				t.Errorf("message %q should name the policy", n.Message)
			}
		},
	}, {
		name:    "Always retries a failure",
		yaml:    retryYAML(`{limit: 1, retryPolicy: Always}`),
		outcome: alwaysFail(1),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed, "retry(0)", "retry(1)")
		},
	}, {
		name:    "a false expression stops retrying",
		yaml:    retryYAML(`{limit: 5, expression: 'asInt(lastRetry.exitCode) > 1 && lastRetry.status == "Failed"'}`),
		outcome: alwaysFail(1),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed, "retry(0)")
		},
	}, {
		name:    "a true expression retries",
		yaml:    retryYAML(`{limit: 1, expression: 'asInt(lastRetry.exitCode) == 2'}`),
		outcome: alwaysFail(2),
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed, "retry(0)", "retry(1)")
		},
	}, {
		name:    "maxDuration ends the retries",
		yaml:    retryYAML(`{limit: 10, backoff: {duration: "4s", maxDuration: "6s"}}`),
		outcome: alwaysFail(1),
		check: func(t *testing.T, s *sim) {
			n := expectNode(t, s, "retry", v1alpha1.NodeTypeRetry, v1alpha1.NodeFailed)
			if !strings.Contains(n.Message, "maxDuration") {
				t.Errorf("message %q should name maxDuration", n.Message)
			}
			if len(n.Children) > 2 {
				t.Errorf("%d attempts within a 6s maxDuration with 4s waits", len(n.Children))
			}
		},
	}, {
		name: "a retried step's outputs are its steps' outputs",
		yaml: `
metadata: {name: retry-out}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flaky, template: flaky}
    - - {name: use, template: echo, arguments: {parameters: [{name: v, value: "{{steps.flaky.outputs.result}}"}]}}
  - name: flaky
    retryStrategy: {limit: 2}
    script: {image: busybox, command: [sh], source: "echo hi"}
  - name: echo
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.v}}"]}
`,
		outcome: func(p *corev1.Pod) outcome {
			if strings.HasSuffix(nodeNameOf(p), "(0)") {
				return outcome{phase: corev1.PodFailed, exitCode: 1}
			}
			return outcome{result: strPtr("fine")}
		},
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "retry-out[0].flaky", v1alpha1.NodeTypeRetry, v1alpha1.NodeSucceeded)
			cmd := strings.Join(mainCommand(s.pod("retry-out[1].use")), " ")
			if !strings.Contains(cmd, "echo fine") {
				t.Errorf("use's command %q should echo the retried step's result", cmd)
			}
		},
	}})
}

func TestExitHandlers(t *testing.T) {
	runCases(t, []wfCase{{
		name: "exit-handlers example: the workflow fails and the handler cries",
		file: "exit-handlers.yaml",
		outcome: func(p *corev1.Pod) outcome {
			if strings.Contains(strings.Join(mainCommand(p), " "), "intentional failure") {
				return outcome{phase: corev1.PodFailed, exitCode: 1}
			}
			return outcome{}
		},
		check: func(t *testing.T, s *sim) {
			exit := exitHandlerName(s.wf.Name)
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
			n := expectNode(t, s, exit, v1alpha1.NodeTypeSteps, v1alpha1.NodeSucceeded)
			if n.NodeFlag == nil || !n.NodeFlag.Hooked {
				t.Errorf("exit handler node not flagged as a hook: %+v", n.NodeFlag)
			}
			expectNode(t, s, exit+"[0].cry", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectNode(t, s, exit+"[0].celebrate", v1alpha1.NodeTypeSkipped, v1alpha1.NodeSkipped)
			args := strings.Join(mainCommand(s.pod(exit+"[0].notify")), " ")
			if !strings.Contains(args, s.wf.Name+" Failed") {
				t.Errorf("notify's args %q should hold the workflow's status", args)
			}
			if !strings.Contains(s.wf.Status.Message, "exit code 1") {
				t.Errorf("workflow message %q should keep the main failure", s.wf.Status.Message)
			}
		},
	}, {
		name: "a failing exit handler fails a workflow that succeeded",
		yaml: `
metadata: {name: exit-fails}
spec:
  entrypoint: ok
  onExit: bad
  templates:
  - {name: ok, container: {image: busybox, command: ["true"]}}
  - {name: bad, container: {image: "busybox:bad", command: ["false"]}}
`,
		outcome: failImage("busybox:bad"),
		check: func(t *testing.T, s *sim) {
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
			if !strings.HasPrefix(s.wf.Status.Message, "exit handler failed") {
				t.Errorf("message %q should blame the exit handler", s.wf.Status.Message)
			}
		},
	}, {
		name: "workflow.failures lists the failed nodes",
		yaml: `
metadata: {name: failures}
spec:
  entrypoint: bad
  hooks:
    exit: {template: report, arguments: {parameters: [{name: f, value: "{{workflow.failures}}"}]}}
  templates:
  - {name: bad, container: {image: "busybox:bad", command: ["false"]}}
  - name: report
    inputs: {parameters: [{name: f}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.f}}"]}
`,
		outcome: failImage("busybox:bad"),
		check: func(t *testing.T, s *sim) {
			cmd := mainCommand(s.pod(exitHandlerName("failures")))
			var list []map[string]string
			if err := json.Unmarshal([]byte(cmd[len(cmd)-1]), &list); err != nil {
				t.Fatalf("workflow.failures %q is not a JSON list: %v", cmd[len(cmd)-1], err)
			}
			if len(list) != 1 || list[0]["displayName"] != "failures" || list[0]["phase"] != "Failed" || list[0]["podName"] != "failures" {
				t.Errorf("workflow.failures = %v", list)
			}
		},
	}, {
		name: "step onExit and hooks.exit run after the step; the next step waits",
		yaml: `
metadata: {name: step-exit}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: work, onExit: cleanup}
      - name: b
        template: work
        hooks:
          exit: {template: report, arguments: {parameters: [{name: s, value: "{{steps.b.status}}"}]}}
    - - {name: c, template: work}
  - {name: work, container: {image: busybox, command: ["true"]}}
  - {name: cleanup, container: {image: busybox, command: ["true"]}}
  - name: report
    inputs: {parameters: [{name: s}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.s}}"]}
`,
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "step-exit[0].a.onExit", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			hook := expectNode(t, s, "step-exit[0].b.hooks.exit", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			if !contains(s.children("step-exit[0].b"), "step-exit[0].b.hooks.exit") {
				t.Errorf("the hook is not a child of its step: %v", s.children("step-exit[0].b"))
			}
			if got := strings.Join(mainCommand(s.pod("step-exit[0].b.hooks.exit")), " "); !strings.Contains(got, "echo Succeeded") {
				t.Errorf("hook command %q should hold the step's status", got)
			}
			c := expectNode(t, s, "step-exit[1].c", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			if c.StartedAt.Before(&hook.FinishedAt) {
				t.Errorf("step c started at %s, before the hook ended at %s", c.StartedAt, hook.FinishedAt)
			}
		},
	}, {
		name: "an expression hook runs once while its task runs",
		yaml: `
metadata: {name: expr-hook}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: a
        template: work
        hooks:
          running: {expression: 'tasks.a.status == "Running"', template: work}
  - {name: work, container: {image: busybox, command: ["true"]}}
`,
		outcome: func(p *corev1.Pod) outcome {
			return outcome{}
		},
		check: func(t *testing.T, s *sim) {
			expectNode(t, s, "expr-hook.a.hooks.running", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
		},
	}})
}

// failImage fails, with exit code 1, the pods whose main container runs an
// image, and lets the others succeed.
func failImage(image string) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		for _, c := range p.Spec.Containers {
			if c.Image == image {
				return outcome{phase: corev1.PodFailed, exitCode: 1}
			}
		}
		return outcome{}
	}
}

// runRounds reconciles and steps n times.
func (s *sim) runRounds(n int) {
	s.t.Helper()
	for i := 0; i < n && !finishedPhase(s.wf.Status.Phase); i++ {
		s.reconcile()
		s.step()
	}
}

const longStep = `
metadata: {name: long, annotations: {"weft.dev/shutdown-by": "alice"}}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps:
    - - {name: slow, template: slow}
    - - {name: after, template: slow}
  - {name: slow, container: {image: busybox, command: ["true"]}}
  - {name: bye, container: {image: busybox, command: ["true"]}}
`

// holdTemplate keeps the pods of one template running.
func holdTemplate(template string) func(p *corev1.Pod) outcome {
	return func(p *corev1.Pod) outcome {
		if strings.Contains(nodeNameOf(p), "."+template) {
			return outcome{hold: true}
		}
		return outcome{}
	}
}

func TestShutdown(t *testing.T) {
	t.Run("Terminate kills the running pod and skips the exit handler", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, longStep))
		s.outcome = holdTemplate("slow")
		s.runRounds(3)
		s.wf.Spec.Shutdown = v1alpha1.ShutdownTerminate
		s.run()
		expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
		expectEqual(t, "message", s.wf.Status.Message, "Stopped with strategy 'Terminate' by alice")
		slow := expectNode(t, s, "long[0].slow", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
		expectEqual(t, "node message", slow.Message, "Stopped with strategy 'Terminate' by alice")
		expectEqual(t, "deleted pods", s.deleted, []string{s.pod("long[0].slow").Name})
		if s.hasNode("long[1].after") || s.hasNode(exitHandlerName("long")) {
			t.Errorf("nodes started after Terminate: %s", s.dumpNames())
		}
	})
	t.Run("Stop lets the running pod finish, starts nothing new and runs the exit handler", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, longStep))
		s.runRounds(1)
		s.wf.Spec.Shutdown = v1alpha1.ShutdownStop
		s.run()
		expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
		expectEqual(t, "message", s.wf.Status.Message, "Stopped with strategy 'Stop' by alice")
		expectNode(t, s, "long[0].slow", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
		expectNode(t, s, exitHandlerName("long"), v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
		if s.hasNode("long[1].after") {
			t.Errorf("a step started after Stop: %s", s.dumpNames())
		}
		if len(s.deleted) != 0 {
			t.Errorf("Stop deleted pods %v", s.deleted)
		}
	})
	t.Run("an exceeded activeDeadlineSeconds kills pods and still runs the exit handler", func(t *testing.T) {
		wf := decodeWorkflow(t, longStep)
		deadline := int64(5)
		wf.Spec.ActiveDeadlineSeconds = &deadline
		s := newSim(t, wf)
		s.outcome = holdTemplate("slow")
		s.run()
		expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowFailed)
		expectEqual(t, "message", s.wf.Status.Message, "Workflow exceeded its deadline: spec.activeDeadlineSeconds is 5")
		expectNode(t, s, exitHandlerName("long"), v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
		if got := s.wf.Status.FinishedAt.Sub(s.wf.Status.StartedAt.Time); got > 10*time.Second {
			t.Errorf("workflow ran %s with a 5s deadline", got)
		}
	})
	t.Run("activeDeadlineSeconds can be shortened while the workflow runs", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, longStep))
		s.outcome = holdTemplate("slow")
		s.runRounds(10)
		zero := int64(0)
		s.wf.Spec.ActiveDeadlineSeconds = &zero
		s.run()
		expectEqual(t, "message", s.wf.Status.Message, "Workflow exceeded its deadline: spec.activeDeadlineSeconds is 0")
	})
	t.Run("a template timeout fails the node and names the deadline", func(t *testing.T) {
		wf := decodeWorkflow(t, longStep)
		wf.Spec.Templates[1].Timeout = "3s"
		s := newSim(t, wf)
		s.outcome = holdTemplate("slow")
		s.run()
		n := expectNode(t, s, "long[0].slow", v1alpha1.NodeTypePod, v1alpha1.NodeFailed)
		expectEqual(t, "node message", n.Message, "Pod exceeded its deadline: the template's timeout is 3s")
		expectEqual(t, "deleted pods", s.deleted, []string{s.pod("long[0].slow").Name})
	})
}

func TestSuspendAndResume(t *testing.T) {
	t.Run("spec.suspend holds new nodes until it is cleared", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, longStep))
		suspend := true
		s.wf.Spec.Suspend = &suspend
		s.runRounds(5)
		if len(s.pods) != 0 {
			t.Fatalf("pods created while suspended: %s", s.dumpNames())
		}
		s.wf.Spec.Suspend = nil
		s.run()
		expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
	})
	approval := `
metadata: {name: approve}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: approve, template: approve}
    - - {name: deploy, template: deploy, arguments: {parameters: [{name: env, value: "{{steps.approve.outputs.parameters.env}}"}, {name: count, value: "{{steps.approve.outputs.parameters.replicas}}"}]}}
  - name: approve
    suspend: {}
    outputs:
      parameters:
      - {name: env, valueFrom: {supplied: {}}}
      - {name: replicas, valueFrom: {default: "1", supplied: {}}, globalName: replicas}
  - name: deploy
    inputs: {parameters: [{name: env}, {name: count}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.env}}", "{{inputs.parameters.count}}"]}
`
	resume := func(s *sim, supplied map[string]string) {
		id := nodeID("approve", "approve[0].approve")
		n := s.wf.Status.Nodes[id]
		if n.Type != v1alpha1.NodeTypeSuspend || n.Phase != v1alpha1.NodeRunning {
			s.t.Fatalf("approve is %s %s, want a running Suspend node", n.Type, n.Phase)
		}
		n.Phase = v1alpha1.NodeSucceeded
		n.Outputs = &v1alpha1.Outputs{}
		for k, v := range supplied {
			value := v1alpha1.AnyString(v)
			n.Outputs.Parameters = append(n.Outputs.Parameters, v1alpha1.Parameter{Name: k, Value: &value})
		}
		s.wf.Status.Nodes[id] = n
	}
	t.Run("a resumed suspend node supplies its outputs, defaults filling the rest", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, approval))
		s.runRounds(4)
		if s.hasNode("approve[1].deploy") {
			t.Fatal("deploy started before approve was resumed")
		}
		resume(s, map[string]string{"env": "prod"})
		s.run()
		expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
		cmd := strings.Join(mainCommand(s.pod("approve[1].deploy")), " ")
		if !strings.Contains(cmd, "echo prod 1") {
			t.Errorf("deploy's command %q should hold the supplied env and the default replicas", cmd)
		}
		if out := s.wf.Status.Outputs; out == nil || len(out.Parameters) != 1 || string(*out.Parameters[0].Value) != "1" {
			t.Errorf("global output replicas not exported: %+v", out)
		}
	})
	t.Run("a resumed suspend node without a supplied value errors and names it", func(t *testing.T) {
		s := newSim(t, decodeWorkflow(t, approval))
		s.runRounds(4)
		resume(s, nil)
		s.run()
		n := expectNode(t, s, "approve[0].approve", v1alpha1.NodeTypeSuspend, v1alpha1.NodeError)
		if !strings.Contains(n.Message, "env") {
			t.Errorf("message %q should name the missing parameter", n.Message)
		}
	})
}

func TestDaemons(t *testing.T) {
	runCases(t, []wfCase{{
		name: "a daemon runs beside the next steps, which read its IP, and is deleted when its steps end",
		yaml: `
metadata: {name: daemon}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: server}
    - - {name: client, template: client, arguments: {parameters: [{name: ip, value: "{{steps.server.ip}}"}]}}
  - {name: server, daemon: true, container: {image: busybox, command: ["true"]}}
  - name: client
    inputs: {parameters: [{name: ip}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.ip}}"]}
`,
		outcome: holdTemplate("server"),
		check: func(t *testing.T, s *sim) {
			server := expectNode(t, s, "daemon[0].server", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
			if server.Daemoned == nil || !*server.Daemoned {
				t.Error("server is not marked daemoned")
			}
			if cmd := strings.Join(mainCommand(s.pod("daemon[1].client")), " "); !strings.Contains(cmd, "echo 10.0.0.1") {
				t.Errorf("client's command %q should hold the daemon's IP", cmd)
			}
			expectEqual(t, "deleted pods", s.deleted, []string{s.pod("daemon[0].server").Name})
		},
	}})
}

func TestHooksDoNotStartWhileStopping(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, `
metadata: {name: stop-hooks}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: slow, onExit: cleanup}
  - {name: slow, container: {image: busybox, command: ["true"]}}
  - {name: cleanup, container: {image: busybox, command: ["true"]}}
`))
	s.outcome = holdTemplate("a")
	s.runRounds(3)
	s.wf.Spec.Shutdown = v1alpha1.ShutdownTerminate
	s.run()
	if s.hasNode("stop-hooks[0].a.onExit") {
		t.Errorf("the step's exit hook started after Terminate: %s", s.dumpNames())
	}
}

// TestRetryPassesSettle: a pass over a Retry node waiting out its backoff,
// after a pass that changed nothing else, changes nothing, so Reconcile's
// passes end instead of running to their bound.
func TestRetryPassesSettle(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, retryYAML(`{limit: 3, backoff: {duration: "1m"}}`)))
	s.outcome = alwaysFail(1)
	waiting := func() bool { return s.hasNode("retry") && strings.HasPrefix(s.node("retry").Message, "Backoff") }
	for i := 0; i < 10 && !waiting(); i++ {
		s.reconcile()
		s.step()
	}
	if !strings.HasPrefix(s.node("retry").Message, "Backoff") {
		t.Fatalf("the retry is not waiting out its backoff: %s", s.dump())
	}
	o := newOperation(s.wf.DeepCopy(), Observed{Pods: s.observations()}, s.now, testConfig)
	if err := o.prepare(); err != nil {
		t.Fatal(err)
	}
	root := call{name: "retry", displayName: "retry", holder: templateHolder{Template: "main"}}
	o.executeTemplate(root)
	o.changed = false
	o.executeTemplate(root)
	if o.changed {
		t.Error("a second pass over the waiting retry changed the status")
	}
}
