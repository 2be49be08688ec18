package engine

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/executor"
)

// start is the simulated time of the first Reconcile.
var start = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

var testConfig = Config{ExecutorImage: "weft.localhost/executor:test", ExecutorImagePullPolicy: corev1.PullIfNotPresent}

// outcome is how a simulated pod ends.
type outcome struct {
	phase    corev1.PodPhase // Succeeded (default) or Failed
	exitCode int32
	reason   string
	message  string
	result   *string
	params   map[string]string
	missing  map[string]string
	overflow []string
	noReport bool // send no executor report
	deleted  bool
	logRes   *string
	hold     bool // keep the pod Running
	pending  bool // keep the pod Pending with reason/message
	unready  bool // keep a Running pod not Ready (a failing readiness probe)
	// containerExits are a containerSet's exit codes by container.
	containerExits map[string]int32
	// http is the response an http template's agent pod reports.
	http *executor.HTTPResponse

	// saved and artifactErrors are the executor's report on artifacts.
	saved          []string
	artifactErrors map[string]string
}

// sim drives a workflow through Reconcile like a controller with a fake
// kubelet: created pods go Pending, then Running, then end as told.
type sim struct {
	t        *testing.T
	wf       *v1alpha1.Workflow
	now      time.Time
	pods     map[string]*corev1.Pod
	obs      map[string]*PodObservation
	order    []string
	last     Decision
	events   []Event
	rounds   int
	outcome  func(p *corev1.Pod) outcome
	maxAlive int
	// locks and memo are what Reconcile observes besides pods.
	locks LockManager
	memo  MemoCache
	// repo is the artifact repository Reconcile observes.
	repo *ArtifactRepository
	// decisions are every decision Reconcile made, in order.
	decisions []Decision
	// deleted are the pods Reconcile deleted while they ran, in order;
	// collected the finished pods it deleted.
	deleted, collected []string
}

func loadExample(t testing.TB, file string) *v1alpha1.Workflow {
	t.Helper()
	data, err := os.ReadFile("../../examples/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return decodeWorkflow(t, string(data))
}

func decodeWorkflow(t testing.TB, text string) *v1alpha1.Workflow {
	t.Helper()
	var wf v1alpha1.Workflow
	if err := yaml.UnmarshalStrict([]byte(text), &wf); err != nil {
		t.Fatalf("decoding workflow: %v", err)
	}
	if wf.Name == "" {
		wf.Name = wf.GenerateName + "xxxxx"
	}
	wf.Namespace = "default"
	wf.UID = "1f6c5c1e-uid"
	wf.CreationTimestamp = metav1.NewTime(start.Add(-time.Minute))
	return &wf
}

func newSim(t *testing.T, wf *v1alpha1.Workflow) *sim {
	return &sim{t: t, wf: wf, now: start, pods: map[string]*corev1.Pod{}, obs: map[string]*PodObservation{},
		outcome: func(*corev1.Pod) outcome { return outcome{} }}
}

// observations are the current observations, sorted by pod name.
func (s *sim) observations() []PodObservation {
	var out []PodObservation
	for _, name := range s.order {
		if o, ok := s.obs[name]; ok {
			out = append(out, *o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// reconcile runs Reconcile once and applies its decision.
func (s *sim) reconcile() Decision {
	s.t.Helper()
	given := s.wf.DeepCopy()
	d := Reconcile(s.wf, Observed{Pods: s.observations(), Locks: s.locks, Memo: s.memo, ArtifactRepository: s.repo}, s.now, testConfig)
	if !reflect.DeepEqual(s.wf, given) {
		s.t.Fatalf("round %d: Reconcile changed the workflow it was given", s.rounds)
	}
	s.decisions = append(s.decisions, d)
	for _, p := range d.CreatePods {
		if _, dup := s.pods[p.Name]; dup {
			s.t.Fatalf("round %d: pod %s created twice", s.rounds, p.Name)
		}
		s.pods[p.Name] = p
		s.order = append(s.order, p.Name)
		s.obs[p.Name] = &PodObservation{Name: p.Name, NodeID: p.Labels[podspec.LabelNodeID], Phase: corev1.PodPending, Labels: p.Labels}
	}
	for _, name := range d.DeletePods {
		o := s.obs[name]
		switch {
		case o == nil:
		case o.Phase == corev1.PodPending || o.Phase == corev1.PodRunning:
			o.Phase, o.Deleted = corev1.PodFailed, true
			s.deleted = append(s.deleted, name)
		default:
			delete(s.obs, name)
			s.collected = append(s.collected, name)
		}
	}
	alive := 0
	for _, o := range s.obs {
		if o.Phase == corev1.PodPending || o.Phase == corev1.PodRunning {
			alive++
		}
	}
	if alive > s.maxAlive {
		s.maxAlive = alive
	}
	s.wf.Status = d.Status
	s.last = d
	s.events = append(s.events, d.Events...)
	s.rounds++
	return d
}

// step moves every pod one step on: Pending to Running, Running to its end.
func (s *sim) step() {
	s.now = s.now.Add(time.Second)
	for _, name := range s.order {
		o := s.obs[name]
		if o == nil {
			continue
		}
		out := s.outcome(s.pods[name])
		switch o.Phase {
		case corev1.PodPending:
			if out.pending {
				o.Reason, o.Message = out.reason, out.message
				continue
			}
			o.Phase = corev1.PodRunning
			o.StartedAt = metav1.NewTime(s.now)
			o.PodIP, o.HostNodeName = "10.0.0.1", "node-1"
			o.Ready = !out.unready
		case corev1.PodRunning:
			if out.hold {
				continue
			}
			s.finish(o, out)
		}
	}
}

func (s *sim) finish(o *PodObservation, out outcome) {
	o.FinishedAt = metav1.NewTime(s.now)
	o.Deleted = out.deleted
	if out.deleted {
		return
	}
	phase := out.phase
	if phase == "" {
		phase = corev1.PodSucceeded
	}
	o.Phase = phase
	code := out.exitCode
	o.ExitCode = &code
	o.Reason, o.Message = out.reason, out.message
	if phase == corev1.PodFailed && o.Reason == "" {
		o.Reason = "Error"
	}
	if !out.noReport {
		result := ""
		if out.result != nil {
			result = *out.result
		}
		r := &executor.Report{ExitCode: code, Parameters: out.params, Missing: out.missing, Overflow: out.overflow,
			SavedArtifacts: out.saved, ArtifactErrors: out.artifactErrors}
		if len(out.overflow) == 0 || !contains(out.overflow, executor.ResultOverflow) {
			r.Result = &result
		}
		r.HTTP = out.http
		o.Outputs = r
	}
	o.LogResult = out.logRes
	o.Containers = containerOutcomes(s.pods[o.Name], out, s.now)
}

// run reconciles and steps until the workflow finishes.
func (s *sim) run() {
	s.t.Helper()
	for i := 0; i < 200; i++ {
		s.reconcile()
		if finishedPhase(s.wf.Status.Phase) {
			return
		}
		s.step()
	}
	s.t.Fatalf("workflow did not finish: %s", s.dump())
}

func (s *sim) dump() string {
	var b strings.Builder
	var names []string
	for _, n := range s.wf.Status.Nodes {
		names = append(names, n.Name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := s.node(name)
		b.WriteString("\n  " + name + " " + string(n.Type) + " " + string(n.Phase) + " " + n.Message)
	}
	return string(s.wf.Status.Phase) + " " + s.wf.Status.Message + b.String()
}

// node returns the node with a name, or fails the test.
func (s *sim) node(name string) v1alpha1.NodeStatus {
	s.t.Helper()
	n, ok := s.wf.Status.Nodes[nodeID(s.wf.Name, name)]
	if !ok {
		s.t.Fatalf("no node %q:%s", name, s.dumpNames())
	}
	return n
}

func (s *sim) hasNode(name string) bool {
	_, ok := s.wf.Status.Nodes[nodeID(s.wf.Name, name)]
	return ok
}

func (s *sim) dumpNames() string {
	var names []string
	for _, n := range s.wf.Status.Nodes {
		names = append(names, n.Name)
	}
	sort.Strings(names)
	return "\n  " + strings.Join(names, "\n  ")
}

// children are the names of a node's children.
func (s *sim) children(name string) []string {
	var out []string
	for _, id := range s.node(name).Children {
		out = append(out, s.wf.Status.Nodes[id].Name)
	}
	return out
}

// pod is the pod of a node.
func (s *sim) pod(nodeName string) *corev1.Pod {
	s.t.Helper()
	for _, p := range s.pods {
		if p.Annotations[podspec.AnnotationNodeName] == nodeName {
			return p
		}
	}
	s.t.Fatalf("no pod for node %q", nodeName)
	return nil
}

// mainCommand is a pod's main command without the executor wrapper.
func mainCommand(p *corev1.Pod) []string {
	c := p.Spec.Containers[0].Command
	for i, a := range c {
		if a == "--" {
			return c[i+1:]
		}
	}
	return c
}

func executorSpec(t *testing.T, p *corev1.Pod) executor.Spec {
	t.Helper()
	for _, e := range p.Spec.Containers[0].Env {
		if e.Name == executor.SpecEnv {
			var s executor.Spec
			if err := json.Unmarshal([]byte(e.Value), &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
	}
	t.Fatalf("pod %s has no executor spec", p.Name)
	return executor.Spec{}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func strPtr(s string) *string { return &s }

// nodeNameOf is the node name a pod runs.
func nodeNameOf(p *corev1.Pod) string { return p.Annotations[podspec.AnnotationNodeName] }
