package engine

import (
	"fmt"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// nestedWorkflow is a steps workflow whose outer loop of outer items runs an
// inner steps template looping over inner items of a container: outer*inner
// pods, and outer*inner + 2*outer + 2 nodes.
func nestedWorkflow(t testing.TB, outer, inner int) *v1alpha1.Workflow {
	return decodeWorkflow(t, fmt.Sprintf(`
metadata: {name: nested-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: row, template: row, withSequence: {count: "%d"}, arguments: {parameters: [{name: row, value: "{{item}}"}]}}
  - name: row
    inputs: {parameters: [{name: row}]}
    steps:
    - - {name: cell, template: cell, withSequence: {count: "%d"}, arguments: {parameters: [{name: row, value: "{{inputs.parameters.row}}"}, {name: col, value: "{{item}}"}]}}
  - name: cell
    inputs: {parameters: [{name: row}, {name: col}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.row}}", "{{inputs.parameters.col}}"]}
`, outer, inner))
}

// nestedNodes is how many nodes nestedWorkflow makes.
func nestedNodes(outer, inner int) int {
	return outer*inner + 2*outer + 2
}

// observePods is what a controller observes of pods in a phase; a
// succeeded pod reports exit code 0.
func observePods(pods []*corev1.Pod, phase corev1.PodPhase) []PodObservation {
	code := int32(0)
	obs := make([]PodObservation, len(pods))
	for i, p := range pods {
		obs[i] = PodObservation{Name: p.Name, NodeID: p.Labels[podspec.LabelNodeID], Phase: phase}
		if phase == corev1.PodSucceeded {
			obs[i].ExitCode = &code
			obs[i].Outputs = &ExecutorReport{}
		}
	}
	return obs
}

// startedNested is the nested workflow after its first Reconcile, with the
// pods that Reconcile created.
func startedNested(b *testing.B, outer, inner int) (*v1alpha1.Workflow, []*corev1.Pod) {
	wf := nestedWorkflow(b, outer, inner)
	d := Reconcile(wf, Observed{}, start, testConfig)
	if len(d.CreatePods) != outer*inner {
		b.Fatalf("%d pods created, want %d", len(d.CreatePods), outer*inner)
	}
	if len(d.Status.Nodes) != nestedNodes(outer, inner) {
		b.Fatalf("%d nodes, want %d", len(d.Status.Nodes), nestedNodes(outer, inner))
	}
	wf.Status = d.Status
	return wf, d.CreatePods
}

// reportCPU reports the CPU time the process spent per iteration from now
// until the benchmark ends, garbage collection on other cores included: on a
// busy machine it varies less than the time per iteration.
func reportCPU(b *testing.B) {
	start := cpuTime(b)
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
		}
	})
}

// cpuTime is the user and system CPU time of the process, in nanoseconds.
func cpuTime(b *testing.B) int64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return usage.Utime.Nano() + usage.Stime.Nano()
}

func benchmarkNestedStart(b *testing.B, outer, inner int) {
	wf := nestedWorkflow(b, outer, inner)
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		d := Reconcile(wf, Observed{}, start, testConfig)
		if len(d.CreatePods) != outer*inner {
			b.Fatalf("%d pods", len(d.CreatePods))
		}
	}
}

func benchmarkNestedRunning(b *testing.B, outer, inner int) {
	wf, pods := startedNested(b, outer, inner)
	obs := observePods(pods, corev1.PodRunning)
	wf.Status = Reconcile(wf, Observed{Pods: obs}, start, testConfig).Status
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		d := Reconcile(wf, Observed{Pods: obs}, start, testConfig)
		if len(d.CreatePods) != 0 || d.Status.Phase != v1alpha1.WorkflowRunning {
			b.Fatalf("%d pods created, phase %s", len(d.CreatePods), d.Status.Phase)
		}
	}
}

func benchmarkNestedFinish(b *testing.B, outer, inner int) {
	wf, pods := startedNested(b, outer, inner)
	wf.Status = Reconcile(wf, Observed{Pods: observePods(pods, corev1.PodRunning)}, start, testConfig).Status
	obs := observePods(pods, corev1.PodSucceeded)
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		d := Reconcile(wf, Observed{Pods: obs}, start, testConfig)
		if d.Status.Phase != v1alpha1.WorkflowSucceeded {
			b.Fatalf("phase %s", d.Status.Phase)
		}
	}
}

// BenchmarkReconcileStart10k measures the first Reconcile of a 100 x 100
// nested loop: it expands both loops and builds 10,000 pods.
func BenchmarkReconcileStart10k(b *testing.B) { benchmarkNestedStart(b, 100, 100) }

// BenchmarkReconcileRunning10k measures a Reconcile of the 100 x 100 loop
// while its 10,000 pods run and nothing changes.
func BenchmarkReconcileRunning10k(b *testing.B) { benchmarkNestedRunning(b, 100, 100) }

// BenchmarkReconcileFinish10k measures the Reconcile that sees all 10,000
// pods succeed and finishes the workflow.
func BenchmarkReconcileFinish10k(b *testing.B) { benchmarkNestedFinish(b, 100, 100) }

// BenchmarkReconcileStart50k measures the first Reconcile of a 250 x 200
// nested loop: it expands both loops and builds 50,000 pods.
func BenchmarkReconcileStart50k(b *testing.B) { benchmarkNestedStart(b, 250, 200) }

// BenchmarkReconcileRunning50k measures a Reconcile of the 250 x 200 loop
// while its 50,000 pods run and nothing changes.
func BenchmarkReconcileRunning50k(b *testing.B) { benchmarkNestedRunning(b, 250, 200) }

// BenchmarkReconcileFinish50k measures the Reconcile that sees all 50,000
// pods succeed and finishes the workflow.
func BenchmarkReconcileFinish50k(b *testing.B) { benchmarkNestedFinish(b, 250, 200) }
