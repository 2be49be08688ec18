package engine

import (
	"encoding/json"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// loopWorkflow is a steps workflow looping over n items.
func loopWorkflow(b *testing.B, n int) *v1alpha1.Workflow {
	wf := decodeWorkflow(b, `
metadata: {name: bench-xxxxx}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: echo, arguments: {parameters: [{name: m, value: "{{item.n}}"}]}}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.m}}"]}
`)
	items := make([]v1alpha1.Item, n)
	for i := range items {
		items[i].Value = json.RawMessage(fmt.Sprintf(`{"n":%d}`, i))
	}
	wf.Spec.Templates[0].Steps[0][0].WithItems = items
	return wf
}

// BenchmarkReconcileStart1000 measures the first Reconcile of a 1000-item
// loop: it expands the loop and builds 1000 pods.
func BenchmarkReconcileStart1000(b *testing.B) {
	wf := loopWorkflow(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		d := Reconcile(wf, Observed{}, start, testConfig)
		if len(d.CreatePods) != 1000 {
			b.Fatalf("%d pods", len(d.CreatePods))
		}
	}
}

// BenchmarkReconcileRunning1000 measures a Reconcile of the same loop while
// its 1000 pods run and nothing changes.
func BenchmarkReconcileRunning1000(b *testing.B) {
	wf := loopWorkflow(b, 1000)
	d := Reconcile(wf, Observed{}, start, testConfig)
	wf.Status = d.Status
	obs := make([]PodObservation, len(d.CreatePods))
	for i, p := range d.CreatePods {
		obs[i] = PodObservation{Name: p.Name, Phase: corev1.PodRunning}
	}
	b.ReportAllocs()
	for b.Loop() {
		Reconcile(wf, Observed{Pods: obs}, start, testConfig)
	}
}

// BenchmarkReconcileFinish1000 measures the Reconcile that sees all 1000
// pods succeed and finishes the workflow.
func BenchmarkReconcileFinish1000(b *testing.B) {
	wf := loopWorkflow(b, 1000)
	d := Reconcile(wf, Observed{}, start, testConfig)
	wf.Status = d.Status
	obs := make([]PodObservation, len(d.CreatePods))
	code := int32(0)
	for i, p := range d.CreatePods {
		result := "ok"
		obs[i] = PodObservation{Name: p.Name, Phase: corev1.PodSucceeded, ExitCode: &code, Outputs: &ExecutorReport{Result: &result}}
	}
	b.ReportAllocs()
	for b.Loop() {
		d := Reconcile(wf, Observed{Pods: obs}, start, testConfig)
		if d.Status.Phase != v1alpha1.WorkflowSucceeded {
			b.Fatalf("phase %s", d.Status.Phase)
		}
	}
}
