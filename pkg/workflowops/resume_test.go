package workflowops

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func ptr[T any](v T) *T { return &v }

// approval is a running workflow suspended at two nodes: approve, whose
// template takes a supplied output parameter "choice" without default and
// "note" with one, and wait, which takes none.
func approval() *v1alpha1.Workflow {
	wf := workflow(v1alpha1.WorkflowRunning,
		n{name: "", typ: steps, phase: running, children: []string{"[0]"}},
		n{name: "[0]", typ: stepGroup, phase: running, children: []string{"[0].approve", "[0].wait"}},
		n{name: "[0].approve", typ: suspend, phase: running, template: "approve"},
		n{name: "[0].wait", typ: suspend, phase: running, template: "wait"},
		n{name: "[0].done", typ: suspend, phase: ok, template: "wait"},
	)
	wf.Status.Message = ""
	wf.Spec.Templates = []v1alpha1.Template{
		{Name: "approve", Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{
			{Name: "choice", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
			{Name: "note", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}, Default: ptr(v1alpha1.AnyString("none"))}},
		}}},
		{Name: "wait"},
	}
	return wf
}

func byName(name string) func(*v1alpha1.NodeStatus) bool {
	return func(n *v1alpha1.NodeStatus) bool { return n.DisplayName == name }
}

func TestPlanResumeSuppliesParameters(t *testing.T) {
	wf := approval()
	wf.Spec.Suspend = ptr(true)
	plan, err := PlanResume(wf, ResumeOptions{Values: map[string]string{"choice": "yes"}})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Unsuspend {
		t.Error("spec.suspend is true and a resume of every node does not clear it")
	}
	var names []string
	for _, n := range plan.Nodes {
		names = append(names, n.Name)
	}
	if !reflect.DeepEqual(names, []string{"wf[0].approve", "wf[0].wait"}) {
		t.Fatalf("resumes %v, want the two running suspend nodes", names)
	}
	approve := plan.Nodes[0]
	params := approve.Outputs.Parameters
	if len(params) != 2 || params[0].Name != "choice" || params[0].Value == nil || *params[0].Value != "yes" ||
		params[0].ValueFrom == nil || params[0].ValueFrom.Supplied == nil {
		t.Errorf("approve's choice is %+v, want the value given, still marked supplied", params)
	}
	if params[1].Name != "note" || params[1].Value != nil {
		t.Errorf("approve's note is %+v, want it left for the engine to default", params[1])
	}
	if plan.Nodes[1].Outputs != nil {
		t.Errorf("wait has no outputs, and gets %+v", plan.Nodes[1].Outputs)
	}

	patch, err := plan.StatusPatch(testStart)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Status struct {
			Nodes map[string]struct {
				Phase      string            `json:"phase"`
				FinishedAt string            `json:"finishedAt"`
				Message    string            `json:"message"`
				Outputs    *v1alpha1.Outputs `json:"outputs"`
			} `json:"nodes"`
		} `json:"status"`
	}
	if err := json.Unmarshal(patch, &got); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"wf[0].approve", "wf[0].wait"} {
		n := got.Status.Nodes[id]
		if n.Phase != "Succeeded" || n.Message != "Resumed" || n.FinishedAt != "2026-11-25T12:00:00Z" {
			t.Errorf("patch of %s: %+v", id, n)
		}
	}
	if o := got.Status.Nodes["wf[0].approve"].Outputs; o == nil || len(o.Parameters) != 2 || *o.Parameters[0].Value != "yes" {
		t.Errorf("patch of approve's outputs: %+v", o)
	}
	if len(got.Status.Nodes) != 2 {
		t.Errorf("patch touches %d nodes: %s", len(got.Status.Nodes), patch)
	}
}

func TestPlanResumeSelectsNodes(t *testing.T) {
	wf := approval()
	wf.Spec.Suspend = ptr(true)
	plan, err := PlanResume(wf, ResumeOptions{Selects: byName("wait")})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Unsuspend || len(plan.Nodes) != 1 || plan.Nodes[0].Name != "wf[0].wait" {
		t.Errorf("plan %+v; want only wait, spec.suspend left alone", plan)
	}
}

func TestPlanResumeRefusesMissingParameters(t *testing.T) {
	_, err := PlanResume(approval(), ResumeOptions{})
	var missing *MissingParametersError
	if !errors.As(err, &missing) {
		t.Fatalf("error %v, want the missing parameter", err)
	}
	want := []MissingParameter{{Node: "wf[0].approve", DisplayName: "approve", Parameter: "choice"}}
	if !reflect.DeepEqual(missing.Missing, want) {
		t.Errorf("missing %+v, want %+v", missing.Missing, want)
	}
	if !strings.Contains(err.Error(), `node approve (wf[0].approve) waits for output parameter "choice", which has no default`) {
		t.Errorf("message %q", err)
	}
}

func TestPlanResumeRefusesUnusedValues(t *testing.T) {
	_, err := PlanResume(approval(), ResumeOptions{Selects: byName("approve"), Values: map[string]string{"choice": "no", "colour": "red"}})
	var unused *UnusedValuesError
	if !errors.As(err, &unused) || !reflect.DeepEqual(unused.Names, []string{"colour"}) || !reflect.DeepEqual(unused.Declared, []string{"choice", "note"}) {
		t.Fatalf("error %v, want colour unused", err)
	}
	if err.Error() != "no suspended node being resumed has a supplied output parameter named colour (they take: choice, note)" {
		t.Errorf("message %q", err)
	}
}

func TestPlanResumeFindsReferencedTemplates(t *testing.T) {
	wf := approval()
	approve := wf.Status.Nodes["wf[0].approve"]
	approve.TemplateRef = &v1alpha1.TemplateRef{Name: "gates", Template: "approve", ClusterScope: true}
	wf.Status.Nodes["wf[0].approve"] = approve
	wf.Status.StoredTemplates = map[string]v1alpha1.Template{"cluster/gates/approve": wf.Spec.Templates[0]}
	wf.Spec.Templates = nil
	_, err := PlanResume(wf, ResumeOptions{})
	var missing *MissingParametersError
	if !errors.As(err, &missing) {
		t.Errorf("error %v; the stored template's supplied parameter was not found", err)
	}
}

func TestPlanResumeKeepsValuesTheNodeHas(t *testing.T) {
	wf := approval()
	approve := wf.Status.Nodes["wf[0].approve"]
	approve.Outputs = &v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{
		{Name: "choice", Value: ptr(v1alpha1.AnyString("set-by-node-set")), ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
	}}
	wf.Status.Nodes["wf[0].approve"] = approve
	plan, err := PlanResume(wf, ResumeOptions{Selects: byName("approve")})
	if err != nil {
		t.Fatal(err)
	}
	if p := plan.Nodes[0].Outputs.Parameters; len(p) != 2 || *p[0].Value != "set-by-node-set" || p[1].Name != "note" {
		t.Errorf("outputs %+v", p)
	}
}

func TestSuspended(t *testing.T) {
	wf := approval()
	if !Suspended(wf) {
		t.Error("a workflow with running suspend nodes is not suspended")
	}
	for id, n := range wf.Status.Nodes {
		n.Phase = ok
		wf.Status.Nodes[id] = n
	}
	if Suspended(wf) {
		t.Error("a workflow with no running suspend node is suspended")
	}
	wf.Spec.Suspend = ptr(true)
	if !Suspended(wf) {
		t.Error("spec.suspend does not suspend")
	}
	wf.Status.Phase = v1alpha1.WorkflowSucceeded
	if Suspended(wf) {
		t.Error("a finished workflow is suspended")
	}
}
