package api

import (
	"bufio"
	"net/http"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// packedRun is a running workflow whose two nodes are packed as Argo packs them.
func packedRun(t *testing.T) *v1alpha1.Workflow {
	wf := workflow("loops", v1alpha1.WorkflowRunning)
	wf.Status = packedLikeArgo(t, map[string]v1alpha1.NodeStatus{
		"loops":       {ID: "loops", Name: "loops", Type: v1alpha1.NodeTypeSteps, Phase: v1alpha1.NodeRunning, Children: []string{"loops-print"}},
		"loops-print": {ID: "loops-print", Name: "loops[0].print(0:a)", Type: v1alpha1.NodeTypePod, Phase: v1alpha1.NodeRunning, TemplateName: "print", BoundaryID: "loops"},
	})
	return wf
}

func TestGetWorkflowUnpacksNodesAndNamesPods(t *testing.T) {
	f := newFixture(t, []runtime.Object{packedRun(t)})
	rec := f.do(http.MethodGet, "/api/workflows/team-a/loops", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET: %d %s", rec.Code, rec.Body)
	}
	var got workflowView
	decode(t, rec.Body.Bytes(), &got)
	if got.Workflow.Status.CompressedNodes != "" || len(got.Workflow.Status.Nodes) != 2 {
		t.Errorf("nodes not unpacked: %d nodes, compressedNodes %q", len(got.Workflow.Status.Nodes), got.Workflow.Status.CompressedNodes)
	}
	if got.Workflow.Kind != "Workflow" || got.Workflow.APIVersion != "weft.dev/v1alpha1" {
		t.Errorf("kind %q apiVersion %q", got.Workflow.Kind, got.Workflow.APIVersion)
	}
	want := engine.PodName("loops", "loops[0].print(0:a)", "print")
	if len(got.PodNames) != 1 || got.PodNames["loops-print"] != want {
		t.Errorf("podNames %v, want loops-print: %s", got.PodNames, want)
	}
}

func TestGetWorkflowPassesTheServersRefusal(t *testing.T) {
	f := newFixture(t, nil)
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "weft.dev", Resource: "workflows"}, "loops", nil)
	forbidden.ErrStatus.Message = `workflows.weft.dev "loops" is forbidden: User "viewer" cannot get resource "workflows" in API group "weft.dev" in the namespace "team-a"`
	f.weft.PrependReactor("get", "workflows", func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, forbidden })
	rec := f.do(http.MethodGet, "/api/workflows/team-a/loops", "")
	if s := statusIn(t, rec); rec.Code != http.StatusForbidden || s.Message != forbidden.ErrStatus.Message || s.Reason != metav1.StatusReasonForbidden {
		t.Errorf("GET of a forbidden workflow: %d %+v", rec.Code, s)
	}
	if rec := f.do(http.MethodGet, "/api/nothing/here", ""); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown path: %d %s", rec.Code, rec.Body)
	} else {
		statusIn(t, rec)
	}
}

func TestWatchWorkflowSendsTheLatestStatePerInterval(t *testing.T) {
	f := newFixture(t, []runtime.Object{packedRun(t)})
	f.handler.watchInterval = time.Second
	resp := watchLoops(t, f)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("watch: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() watchEvent {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("the stream ended: %v", lines.Err())
		}
		var ev watchEvent
		decode(t, lines.Bytes(), &ev)
		return ev
	}
	first := next()
	if first.Type != "ADDED" || len(first.Workflow.Status.Nodes) != 2 || len(first.PodNames) != 1 {
		t.Fatalf("first event: %s with %d nodes, pods %v", first.Type, len(first.Workflow.Status.Nodes), first.PodNames)
	}
	waitForWatch(t, f)
	workflows := f.weft.WeftV1alpha1().Workflows(testNS)
	ctx := t.Context()
	for _, step := range []string{"1", "2", "3"} {
		wf, err := workflows.Get(ctx, "loops", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wf.Labels = map[string]string{"step": step}
		if _, err := workflows.Update(ctx, wf, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	modified := next()
	if modified.Type != "MODIFIED" || modified.Workflow.Labels["step"] != "3" || len(modified.Workflow.Status.Nodes) != 2 {
		t.Errorf("after three updates in an interval: %s step %q with %d nodes; want one MODIFIED with step 3",
			modified.Type, modified.Workflow.Labels["step"], len(modified.Workflow.Status.Nodes))
	}
	if err := workflows.Delete(ctx, "loops", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if deleted := next(); deleted.Type != "DELETED" || deleted.Workflow.Name != "loops" {
		t.Errorf("after the delete: %s %+v", deleted.Type, deleted.Workflow)
	}
}

// waitForWatch waits until the handler watches the workflow, whose changes
// the fake clientset sends only to watches made before them.
func waitForWatch(t *testing.T, f *fixture) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, a := range f.weft.Actions() {
			if a.GetVerb() == "watch" {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the handler did not watch the workflow")
}
