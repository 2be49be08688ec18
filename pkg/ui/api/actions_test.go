package api

import (
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// suspendedRelease is a running workflow with spec.suspend and a suspend
// step waiting for the supplied output parameter "approve".
func suspendedRelease() *v1alpha1.Workflow {
	wf := workflow("release", v1alpha1.WorkflowRunning)
	yes := true
	wf.Spec.Suspend = &yes
	wf.Spec.Templates = []v1alpha1.Template{{Name: "gate", Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{
		{Name: "approve", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
	}}}}
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"release":         {ID: "release", Name: "release", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeRunning},
		"release-approve": {ID: "release-approve", Name: "release[0].approve", DisplayName: "approve", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeRunning, TemplateName: "gate", BoundaryID: "release"},
	}
	return wf
}

// failedNightly is a stopped workflow whose test step failed.
func failedNightly() *v1alpha1.Workflow {
	wf := workflow("nightly", v1alpha1.WorkflowFailed)
	wf.Spec.Shutdown = v1alpha1.ShutdownStop
	wf.Status.Nodes = map[string]v1alpha1.NodeStatus{
		"nightly":      {ID: "nightly", Name: "nightly", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeFailed, Children: []string{"nightly-g0"}},
		"nightly-g0":   {ID: "nightly-g0", Name: "nightly[0]", Type: v1alpha1.NodeTypeStepGroup, Phase: v1alpha1.NodeFailed, BoundaryID: "nightly", Children: []string{"nightly-test"}},
		"nightly-test": {ID: "nightly-test", Name: "nightly[0].test", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeFailed, TemplateName: "test", BoundaryID: "nightly"},
	}
	return wf
}

func TestWorkflowActionsMakeTheCLIsCalls(t *testing.T) {
	testPod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: engine.PodName("nightly", "nightly[0].test", "test"), Namespace: testNS}}
	cases := []struct {
		path, body string
		calls      []string
		check      func(t *testing.T, f *fixture, answer []byte)
	}{
		{"/api/workflows/team-a/running/suspend", "", []string{"get workflows", "patch workflows"}, func(t *testing.T, f *fixture, answer []byte) {
			var got workflowView
			decode(t, answer, &got)
			if got.Workflow.Spec.Suspend == nil || !*got.Workflow.Spec.Suspend {
				t.Errorf("suspend answered %+v", got.Workflow.Spec)
			}
		}},
		{"/api/workflows/team-a/running/stop", "", []string{"get workflows", "patch workflows"}, specIs(v1alpha1.ShutdownStop)},
		{"/api/workflows/team-a/running/terminate", "{}", []string{"get workflows", "patch workflows"}, specIs(v1alpha1.ShutdownTerminate)},
		{"/api/workflows/team-a/release/resume", `{"nodeFieldSelector":"displayName=approve","parameters":{"approve":"YES"}}`,
			[]string{"get workflows", "patch workflows/status"}, func(t *testing.T, f *fixture, answer []byte) {
				var got workflowView
				decode(t, answer, &got)
				n := got.Workflow.Status.Nodes["release-approve"]
				if n.Phase != v1alpha1.NodeSucceeded || n.Outputs == nil || *n.Outputs.Parameters[0].Value != "YES" || got.Workflow.Spec.Suspend == nil {
					t.Errorf("resume of the selected step left %s %+v, spec.suspend %v", n.Phase, n.Outputs, got.Workflow.Spec.Suspend)
				}
			}},
		{"/api/workflows/team-a/release/resume", `{"parameters":{"approve":"YES"}}`,
			[]string{"get workflows", "patch workflows/status", "patch workflows"}, func(t *testing.T, f *fixture, answer []byte) {
				var got workflowView
				decode(t, answer, &got)
				if got.Workflow.Spec.Suspend != nil {
					t.Errorf("resume of everything left spec.suspend %v", *got.Workflow.Spec.Suspend)
				}
			}},
		{"/api/workflows/team-a/nightly/retry", "", []string{"get workflows", "patch workflows", "update workflows/status", "delete pods", "get pods"},
			func(t *testing.T, f *fixture, answer []byte) {
				var got workflowView
				decode(t, answer, &got)
				if got.Workflow.Status.Phase != v1alpha1.WorkflowRunning || got.Workflow.Spec.Shutdown != "" || len(got.Workflow.Status.Nodes) != 0 {
					t.Errorf("retry left %s, shutdown %q, nodes %v", got.Workflow.Status.Phase, got.Workflow.Spec.Shutdown, got.Workflow.Status.Nodes)
				}
			}},
		{"/api/workflows/team-a/nightly/resubmit", `{"parameters":{"day":"tue"}}`, []string{"get workflows", "create workflows"},
			func(t *testing.T, f *fixture, answer []byte) {
				var got workflowView
				decode(t, answer, &got)
				p := got.Workflow.Spec.Arguments.Parameters
				if got.Workflow.Name != "nightly-x7k2p" || got.Workflow.Labels["weft.dev/resubmitted-from"] != "nightly" || len(p) != 1 || *p[0].Value != "tue" {
					t.Errorf("resubmit created %s %v %+v", got.Workflow.Name, got.Workflow.Labels, p)
				}
			}},
		{"/api/workflows/team-a/nightly/delete", "", []string{"delete workflows"}, func(t *testing.T, f *fixture, answer []byte) {
			if strings.TrimSpace(string(answer)) != "{}" {
				t.Errorf("delete answered %s", answer)
			}
		}},
	}
	for _, c := range cases {
		f := newFixture(t, []runtime.Object{workflow("running", v1alpha1.WorkflowRunning), suspendedRelease(), failedNightly()}, testPod)
		f.calls()
		rec := f.do(http.MethodPost, c.path, c.body)
		if rec.Code != http.StatusOK {
			t.Errorf("POST %s: %d %s", c.path, rec.Code, rec.Body)
			continue
		}
		if got := f.calls(); strings.Join(got, ", ") != strings.Join(c.calls, ", ") {
			t.Errorf("POST %s %s made %v, want %v", c.path, c.body, got, c.calls)
		}
		c.check(t, f, rec.Body.Bytes())
	}
}

// specIs checks that an action answered a workflow with spec.shutdown.
func specIs(want v1alpha1.ShutdownStrategy) func(t *testing.T, f *fixture, answer []byte) {
	return func(t *testing.T, f *fixture, answer []byte) {
		var got workflowView
		decode(t, answer, &got)
		if got.Workflow.Spec.Shutdown != want {
			t.Errorf("spec.shutdown is %q, want %q", got.Workflow.Spec.Shutdown, want)
		}
	}
}

func TestWorkflowActionsPassRefusalsOnVerbatim(t *testing.T) {
	f := newFixture(t, []runtime.Object{workflow("running", v1alpha1.WorkflowRunning), workflow("done", v1alpha1.WorkflowSucceeded)})
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "weft.dev", Resource: "workflows"}, "running", nil)
	forbidden.ErrStatus.Message = `workflows.weft.dev "running" is forbidden: User "viewer" cannot patch resource "workflows" in API group "weft.dev" in the namespace "team-a"`
	f.weft.PrependReactor("patch", "workflows", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, forbidden })
	rec := f.do(http.MethodPost, "/api/workflows/team-a/running/suspend", "")
	if s := statusIn(t, rec); rec.Code != http.StatusForbidden || s.Message != forbidden.ErrStatus.Message {
		t.Errorf("a forbidden suspend: %d %q", rec.Code, s.Message)
	}
	cases := []struct {
		path, body string
		code       int
		message    string
	}{
		{"/api/workflows/team-a/done/stop", "", http.StatusConflict, "cannot stop workflow done: it has already ended Succeeded (weft retry or weft resubmit run it again)"},
		{"/api/workflows/team-a/running/retry", "", http.StatusConflict, "workflow running is Running: only a workflow that ended Failed or Error can be retried"},
		{"/api/workflows/team-a/running/resume", "", http.StatusConflict, "workflow running is not suspended: nothing to resume"},
		{"/api/workflows/team-a/running/resume", `{"nodeFieldSelector":"colour=red"}`, http.StatusBadRequest, `unknown field "colour"`},
		{"/api/workflows/team-a/running/resume", `{"nodes":1}`, http.StatusBadRequest, `unknown field "nodes"`},
		{"/api/workflows/team-a/running/rewind", "", http.StatusNotFound, "weft ui serves no POST /api/workflows/team-a/running/rewind"},
		{"/api/workflows/team-a/missing/delete", "", http.StatusNotFound, `workflows.weft.dev "missing" not found`},
	}
	for _, c := range cases {
		rec := f.do(http.MethodPost, c.path, c.body)
		if s := statusIn(t, rec); rec.Code != c.code || !strings.Contains(s.Message, c.message) {
			t.Errorf("POST %s %s: %d %q, want %d %q", c.path, c.body, rec.Code, s.Message, c.code, c.message)
		}
	}
}
