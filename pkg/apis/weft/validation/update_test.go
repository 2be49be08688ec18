package validation_test

import (
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

const updateSpec = `
entrypoint: main
parallelism: 2
templates:
- name: main
  container: {image: alpine}
`

// storedWorkflow returns a Workflow as the server stores it, with a
// resource version.
func storedWorkflow(t *testing.T) *weft.Workflow {
	t.Helper()
	wf := workflowWith(t, updateSpec)
	wf.ResourceVersion = "1"
	return wf
}

// TestWorkflowUpdate covers which spec fields a workflow may change.
func TestWorkflowUpdate(t *testing.T) {
	yes, limit, deadline := true, int64(5), int64(60)
	cases := []struct {
		name   string
		change func(wf *weft.Workflow)
		want   []wantError
	}{
		{"suspend, shutdown, deadline and parallelism", func(wf *weft.Workflow) {
			wf.Spec.Suspend = &yes
			wf.Spec.Shutdown = weft.ShutdownTerminate
			wf.Spec.ActiveDeadlineSeconds = &deadline
			wf.Spec.Parallelism = &limit
		}, nil},
		{"labels", func(wf *weft.Workflow) { wf.Labels = map[string]string{"team": "a"} }, nil},
		{"templates", func(wf *weft.Workflow) { wf.Spec.Templates[0].Container.Image = "busybox" },
			[]wantError{{"spec", forbidden, "this update changes templates: submit a new workflow instead"}}},
		{"entrypoint and arguments", func(wf *weft.Workflow) {
			wf.Spec.Entrypoint = "other"
			wf.Spec.Arguments.Parameters = []weft.Parameter{{Name: "x"}}
		}, []wantError{{"spec", forbidden, "except suspend, shutdown, activeDeadlineSeconds and parallelism; this update changes entrypoint, arguments"}}},
		{"unknown shutdown strategy", func(wf *weft.Workflow) { wf.Spec.Shutdown = "Kill" },
			[]wantError{{"spec.shutdown", notSupported, `"Terminate", "Stop"`}}},
		{"zero parallelism", func(wf *weft.Workflow) { zero := int64(0); wf.Spec.Parallelism = &zero },
			[]wantError{{"spec.parallelism", invalid, "must be at least 1"}}},
		{"name", func(wf *weft.Workflow) { wf.Name = "renamed" },
			[]wantError{{"metadata.name", invalid, "field is immutable"}}},
		{"no resource version", func(wf *weft.Workflow) { wf.ResourceVersion = "" },
			[]wantError{{"metadata.resourceVersion", invalid, "must be specified for an update"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldWf, newWf := storedWorkflow(t), storedWorkflow(t)
			tc.change(newWf)
			expectErrors(t, validation.ValidateWorkflowUpdate(newWf, oldWf), tc.want...)
		})
	}
}

// TestWorkflowStatusUpdate covers the phases a status may report.
func TestWorkflowStatusUpdate(t *testing.T) {
	cases := []struct {
		name   string
		status weft.WorkflowStatus
		want   []wantError
	}{
		{"running with nodes", weft.WorkflowStatus{Phase: weft.WorkflowRunning, Nodes: map[string]weft.NodeStatus{
			"wf": {ID: "wf", Phase: weft.NodeRunning}, "wf-1": {ID: "wf-1", Phase: weft.NodeOmitted},
		}}, nil},
		{"empty phase", weft.WorkflowStatus{}, nil},
		{"unknown phase", weft.WorkflowStatus{Phase: "Done"},
			[]wantError{{"status.phase", notSupported, `"Pending", "Running", "Succeeded", "Failed", "Error"`}}},
		{"unknown node phase", weft.WorkflowStatus{Phase: weft.WorkflowRunning, Nodes: map[string]weft.NodeStatus{
			"wf-2": {ID: "wf-2", Phase: "Waiting"},
		}}, []wantError{{"status.nodes[wf-2].phase", notSupported, `"Skipped"`}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldWf, newWf := storedWorkflow(t), storedWorkflow(t)
			newWf.Status = tc.status
			expectErrors(t, validation.ValidateWorkflowStatusUpdate(newWf, oldWf), tc.want...)
		})
	}
}

// TestTemplateUpdates covers updates of WorkflowTemplates and
// ClusterWorkflowTemplates: the new spec is validated in full.
func TestTemplateUpdates(t *testing.T) {
	oldT := templateWith(t, updateSpec)
	oldT.ResourceVersion = "1"
	newT := templateWith(t, `
entrypoint: main
templates:
- name: main
  steps:
  - - {name: a, template: gone}
`)
	newT.ResourceVersion = "2"
	want := wantError{"spec.templates[0].steps[0][0].template", notFound, `no template named "gone"`}
	expectErrors(t, validation.ValidateWorkflowTemplateUpdate(newT, oldT), want)

	oldC := &weft.ClusterWorkflowTemplate{ObjectMeta: oldT.ObjectMeta, Spec: oldT.Spec}
	oldC.Namespace = ""
	newC := &weft.ClusterWorkflowTemplate{ObjectMeta: newT.ObjectMeta, Spec: newT.Spec}
	newC.Namespace = ""
	expectErrors(t, validation.ValidateClusterWorkflowTemplateUpdate(newC, oldC), want)
	expectErrors(t, validation.ValidateClusterWorkflowTemplateUpdate(oldC, oldC))

	renamed := templateWith(t, updateSpec)
	renamed.ResourceVersion = "2"
	renamed.Name = "other"
	expectErrors(t, validation.ValidateWorkflowTemplateUpdate(renamed, oldT), wantError{"metadata.name", invalid, "field is immutable"})
}

// TestCronWorkflowUpdates covers updates of CronWorkflows and their status.
func TestCronWorkflowUpdates(t *testing.T) {
	stored := func() *weft.CronWorkflow {
		c := cronWith(t, `
schedules: ["0 * * * *"]
workflowSpec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
`)
		c.ResourceVersion = "1"
		return c
	}
	t.Run("suspend", func(t *testing.T) {
		newC := stored()
		newC.Spec.Suspend = true
		expectErrors(t, validation.ValidateCronWorkflowUpdate(newC, stored()))
	})
	t.Run("schedule that does not parse", func(t *testing.T) {
		newC := stored()
		newC.Spec.Schedules = []string{"every hour"}
		expectErrors(t, validation.ValidateCronWorkflowUpdate(newC, stored()), wantError{"spec.schedules[0]", invalid, "is not a cron schedule"})
	})
	t.Run("status", func(t *testing.T) {
		newC := stored()
		newC.Status = weft.CronWorkflowStatus{Phase: "Stopped", Succeeded: 3, Failed: 1}
		expectErrors(t, validation.ValidateCronWorkflowStatusUpdate(newC, stored()))
	})
	t.Run("status with unknown phase and negative counts", func(t *testing.T) {
		newC := stored()
		newC.Status = weft.CronWorkflowStatus{Phase: "Paused", Succeeded: -1, Failed: -1}
		expectErrors(t, validation.ValidateCronWorkflowStatusUpdate(newC, stored()),
			wantError{"status.phase", notSupported, `"Active", "Stopped"`},
			wantError{"status.succeeded", invalid, "must be at least 0"},
			wantError{"status.failed", invalid, "must be at least 0"})
	})
}
