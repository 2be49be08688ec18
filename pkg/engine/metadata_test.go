package engine

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestWorkflowMetadata(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: meta, labels: {team: own}}
spec:
  entrypoint: main
  workflowMetadata:
    labels: {team: template, tier: batch}
    annotations: {owner: data}
    labelsFrom:
      run: {expression: 'workflow.name + "-" + workflow.parameters.size'}
  arguments: {parameters: [{name: size, value: large}]}
  templates:
  - {name: main, container: {image: busybox, command: ["true"]}}
`)
	d := Reconcile(wf, Observed{}, start, testConfig)
	expectEqual(t, "labels", d.Metadata.Labels, map[string]string{"tier": "batch", "run": "meta-large"})
	expectEqual(t, "annotations", d.Metadata.Annotations, map[string]string{"owner": "data"})

	wf.Labels = map[string]string{"team": "own", "tier": "batch", "run": "meta-large"}
	wf.Annotations = map[string]string{"owner": "data"}
	if d := Reconcile(wf, Observed{}, start, testConfig); !d.Metadata.Empty() {
		t.Errorf("metadata already set, yet the decision adds %+v", d.Metadata)
	}

	stored := wf.DeepCopy()
	stored.Labels = nil
	stored.Spec = v1alpha1.WorkflowSpec{WorkflowTemplateRef: &v1alpha1.WorkflowTemplateRef{Name: "tmpl"}}
	stored.Status.StoredWorkflowTemplateSpec = wf.Spec.DeepCopy()
	d = Reconcile(stored, Observed{}, start, testConfig)
	if d.Metadata.Labels["team"] != "template" {
		t.Errorf("the WorkflowTemplate's workflowMetadata is not applied: %+v", d.Metadata)
	}
}

func TestScheduledTimeFromTheCronAnnotation(t *testing.T) {
	wf := decodeWorkflow(t, `
metadata: {name: cron-1, annotations: {"weft.dev/scheduled-time": "2026-03-10T10:05:00Z"}}
spec:
  entrypoint: main
  templates:
  - {name: main, container: {image: busybox, command: [echo, "{{workflow.scheduledTime}}"]}}
`)
	d := Reconcile(wf, Observed{}, start, testConfig)
	if len(d.CreatePods) != 1 {
		t.Fatalf("no pod: %s", d.Status.Message)
	}
	expectEqual(t, "command", mainCommand(d.CreatePods[0]), []string{"echo", "2026-03-10T10:05:00Z"})
}
