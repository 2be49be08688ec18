package engine

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestTemplateMetricsDoNotStopTheNode(t *testing.T) {
	s := newSim(t, decodeWorkflow(t, `
metadata: {name: metrics}
spec:
  entrypoint: main
  templates:
  - name: main
    metrics:
      prometheus:
      - name: duration_gauge
        help: "Duration gauge"
        gauge: {realtime: true, value: "{{duration}}"}
    steps:
    - - name: random-int
        template: random-int
  - name: random-int
    metrics:
      prometheus:
      - name: random_int
        help: "The int"
        when: "{{status}} == Succeeded"
        histogram: {buckets: [2.01, 4.01], value: "{{outputs.parameters.rand-int-value}}"}
    outputs:
      parameters:
      - {name: rand-int-value, valueFrom: {path: /tmp/rand_int.txt}}
    container: {image: busybox, command: [sh, -c, "echo 3 > /tmp/rand_int.txt"]}
`))
	s.outcome = func(*corev1.Pod) outcome { return outcome{params: map[string]string{"rand-int-value": "3"}} }
	s.run()
	expectEqual(t, "phase", s.wf.Status.Phase, v1alpha1.WorkflowSucceeded)
}
