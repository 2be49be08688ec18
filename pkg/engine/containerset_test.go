package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

// containerOutcomes are the ended containers of a simulated containerSet
// pod, as the executor would leave them: each exits with its code in
// out.containerExits (0 when absent), except that a container whose
// dependency failed does not run and exits 1. Nil for other pods.
func containerOutcomes(p *corev1.Pod, out outcome, now time.Time) []ContainerObservation {
	if p == nil || out.containerExits == nil {
		return nil
	}
	codes := map[string]int32{}
	reports := map[string]*executor.Report{}
	for changed := true; changed; {
		changed = false
		for _, c := range p.Spec.Containers {
			if _, done := codes[c.Name]; done {
				continue
			}
			m := memberOf(c)
			ready, failed := true, ""
			for _, dep := range m.Dependencies {
				code, done := codes[dep]
				switch {
				case !done:
					ready = false
				case code != 0 && failed == "":
					failed = dep
				}
			}
			switch {
			case failed != "":
				codes[c.Name] = 1
				reports[c.Name] = &executor.Report{ExitCode: 1, Error: executor.NotRunPrefix + "container \"" + failed + "\" it depends on failed"}
			case ready:
				code := out.containerExits[c.Name]
				result := c.Name + " says hi"
				codes[c.Name] = code
				reports[c.Name] = &executor.Report{ExitCode: code, Result: &result}
			default:
				continue
			}
			changed = true
		}
	}
	var obs []ContainerObservation
	for _, c := range p.Spec.Containers {
		obs = append(obs, ContainerObservation{
			Name: c.Name, Terminated: true, ExitCode: codes[c.Name], Outputs: reports[c.Name],
			StartedAt: metav1.NewTime(now.Add(-time.Second)), FinishedAt: metav1.NewTime(now),
		})
	}
	return obs
}

// memberOf is the containerSet member spec of a container.
func memberOf(c corev1.Container) executor.SetMember {
	for _, e := range c.Env {
		var spec executor.Spec
		if e.Name == executor.SpecEnv && json.Unmarshal([]byte(e.Value), &spec) == nil && spec.Member != nil {
			return *spec.Member
		}
	}
	return executor.SetMember{}
}

const graphSet = `
metadata: {name: graph}
spec:
  entrypoint: main
  templates:
  - name: main
    volumes: [{name: workspace, emptyDir: {}}]
    containerSet:
      volumeMounts: [{name: workspace, mountPath: /workspace}]
      retryStrategy: {retries: "2", duration: 1s}
      containers:
      - {name: a, image: busybox, command: [sh, -c, "echo a"]}
      - {name: b, image: busybox, command: [sh, -c, "echo b"], dependencies: [a]}
      - {name: c, image: busybox, command: [sh, -c, "echo c"], dependencies: [a]}
      - {name: main, image: busybox, command: [sh, -c, "echo main"], dependencies: [b, c]}
    outputs:
      parameters:
      - {name: out, valueFrom: {path: /workspace/out}}
`

func TestContainerSets(t *testing.T) {
	runCases(t, []wfCase{
		{
			name: "a graph of containers runs in one pod, each a Container node",
			yaml: graphSet,
			outcome: func(*corev1.Pod) outcome {
				return outcome{result: strPtr("main says hi"), params: map[string]string{"out": "v"}, containerExits: map[string]int32{}}
			},
			check: func(t *testing.T, s *sim) {
				expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "1/1", "")
				n := expectNode(t, s, "graph", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded, "graph.a", "graph.b", "graph.c", "graph.main")
				if n.Outputs == nil || n.Outputs.Result == nil || *n.Outputs.Result != "main says hi" || len(n.Outputs.Parameters) != 1 {
					t.Errorf("outputs %+v: want main's result and parameter", n.Outputs)
				}
				for _, c := range []string{"a", "b", "c", "main"} {
					child := expectNode(t, s, "graph."+c, v1alpha1.NodeTypeContainer, v1alpha1.NodeSucceeded)
					if child.DisplayName != c || child.Outputs == nil || child.Outputs.ExitCode == nil || *child.Outputs.ExitCode != "0" {
						t.Errorf("container node %s: %+v", c, child)
					}
				}
				pod := s.pod("graph")
				if len(pod.Spec.Containers) != 4 {
					t.Fatalf("pod has %d containers, want 4", len(pod.Spec.Containers))
				}
				for _, c := range pod.Spec.Containers {
					mounts := map[string]bool{}
					for _, m := range c.VolumeMounts {
						mounts[m.MountPath] = true
					}
					if !mounts["/workspace"] || !mounts["/var/run/weft"] {
						t.Errorf("container %s mounts %v: want the set's and the executor's", c.Name, c.VolumeMounts)
					}
					if c.Command[0] != "/var/run/weft/weft-executor" || c.TerminationMessagePolicy != corev1.TerminationMessageReadFile {
						t.Errorf("container %s does not run through the executor: %v", c.Name, c.Command)
					}
					m := memberOf(c)
					if m.Name != c.Name || m.Dir != "/var/run/weft/containers" || m.Retries != 2 || m.RetryWait != "1s" {
						t.Errorf("container %s member %+v", c.Name, m)
					}
				}
				if deps := memberOf(pod.Spec.Containers[3]).Dependencies; strings.Join(deps, ",") != "b,c" {
					t.Errorf("main depends on %v", deps)
				}
				if p := executorSpecOf(t, pod, "main").Parameters; len(p) != 1 || p[0].Path != "/workspace/out" {
					t.Errorf("main reads parameters %+v", p)
				}
				if p := executorSpecOf(t, pod, "a").Parameters; len(p) != 0 {
					t.Errorf("a reads parameters %+v: only main does", p)
				}
			},
		},
		{
			name: "a failed container fails the pod and the containers after it do not run",
			yaml: graphSet,
			outcome: func(*corev1.Pod) outcome {
				return outcome{phase: corev1.PodFailed, noReport: true, containerExits: map[string]int32{"b": 2}}
			},
			check: func(t *testing.T, s *sim) {
				expectWorkflow(t, s, v1alpha1.WorkflowFailed, "0/1", "container b: Error (exit code 2)")
				expectNode(t, s, "graph.a", v1alpha1.NodeTypeContainer, v1alpha1.NodeSucceeded)
				expectNode(t, s, "graph.b", v1alpha1.NodeTypeContainer, v1alpha1.NodeFailed)
				expectNode(t, s, "graph.c", v1alpha1.NodeTypeContainer, v1alpha1.NodeSucceeded)
				main := expectNode(t, s, "graph.main", v1alpha1.NodeTypeContainer, v1alpha1.NodeFailed)
				if !strings.HasPrefix(main.Message, "not run: ") {
					t.Errorf("main's message %q should say it did not run", main.Message)
				}
			},
		},
		{
			name: "main's result is the template's result for the next task",
			yaml: `
metadata: {name: result}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: group}
      - {name: b, template: verify, dependencies: [a], arguments: {parameters: [{name: x, value: "{{tasks.a.outputs.result}}"}]}}
  - name: group
    containerSet:
      containers:
      - {name: main, image: busybox, command: [echo, hi]}
  - name: verify
    inputs: {parameters: [{name: x}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.x}}"]}
`,
			outcome: func(p *corev1.Pod) outcome {
				if len(p.Spec.Containers) == 1 && nodeNameOf(p) == "result.a" {
					return outcome{result: strPtr("hi"), containerExits: map[string]int32{}}
				}
				return outcome{}
			},
			check: func(t *testing.T, s *sim) {
				expectWorkflow(t, s, v1alpha1.WorkflowSucceeded, "2/2", "")
				expectNode(t, s, "result.a", v1alpha1.NodeTypePod, v1alpha1.NodeSucceeded)
				expectNode(t, s, "result.a.main", v1alpha1.NodeTypeContainer, v1alpha1.NodeSucceeded)
				if cmd := strings.Join(mainCommand(s.pod("result.b")), " "); cmd != "echo hi" {
					t.Errorf("b runs %q, want a's result", cmd)
				}
			},
		},
		{
			name: "a container without a command is an error that says what to set",
			yaml: `
metadata: {name: nocmd}
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - {name: a, image: busybox}
`,
			check: func(t *testing.T, s *sim) {
				expectWorkflow(t, s, v1alpha1.WorkflowError, "0/1", `template "main": containerSet.containers[0] (a): command is required (Weft does not look up image entrypoints)`)
			},
		},
	})
}

func TestContainerSetNodesFollowTheirContainers(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, graphSet))
	s.reconcile()
	expectNode(t, s, "graph.a", v1alpha1.NodeTypeContainer, v1alpha1.NodePending)
	pod := s.pod("graph")
	o := s.obs[pod.Name]
	o.Phase = corev1.PodRunning
	o.Containers = []ContainerObservation{
		{Name: "a", Terminated: true, ExitCode: 0},
		{Name: "b", Running: true},
		{Name: "c", Reason: "ImagePullBackOff", Message: "no such image"},
	}
	s.reconcile()
	expectNode(t, s, "graph", v1alpha1.NodeTypePod, v1alpha1.NodeRunning)
	expectNode(t, s, "graph.a", v1alpha1.NodeTypeContainer, v1alpha1.NodeSucceeded)
	expectNode(t, s, "graph.b", v1alpha1.NodeTypeContainer, v1alpha1.NodeRunning)
	if c := expectNode(t, s, "graph.c", v1alpha1.NodeTypeContainer, v1alpha1.NodePending); c.Message != "ImagePullBackOff: no such image" {
		t.Errorf("c's message %q", c.Message)
	}
	o.Phase, o.Deleted = corev1.PodFailed, true
	s.reconcile()
	for _, c := range []string{"graph.b", "graph.c", "graph.main"} {
		if n := expectNode(t, s, c, v1alpha1.NodeTypeContainer, v1alpha1.NodeFailed); n.Message != "pod deleted" {
			t.Errorf("%s's message %q", c, n.Message)
		}
	}
	expectWorkflow(t, s, v1alpha1.WorkflowFailed, "0/1", "pod deleted")
}

func executorSpecOf(t *testing.T, p *corev1.Pod, container string) executor.Spec {
	t.Helper()
	for _, c := range p.Spec.Containers {
		if c.Name != container {
			continue
		}
		for _, e := range c.Env {
			if e.Name == executor.SpecEnv {
				var spec executor.Spec
				if err := json.Unmarshal([]byte(e.Value), &spec); err != nil {
					t.Fatal(err)
				}
				return spec
			}
		}
	}
	t.Fatalf("pod %s has no container %s with an executor spec", p.Name, container)
	return executor.Spec{}
}
