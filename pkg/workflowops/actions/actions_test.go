package actions

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	"github.com/weft-dev/weft/pkg/workflowops"
)

var testNow = time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC)

// gate is a running workflow with spec.suspend and a suspend step waiting
// for the supplied output parameter "approve".
func gate(phase v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	yes := true
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: "release", Namespace: "team-a"},
		Spec: v1alpha1.WorkflowSpec{Suspend: &yes, Templates: []v1alpha1.Template{{Name: "gate", Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{
			{Name: "approve", ValueFrom: &v1alpha1.ValueFrom{Supplied: &v1alpha1.SuppliedValueFrom{}}},
		}}}}},
		Status: v1alpha1.WorkflowStatus{Phase: phase, Nodes: map[string]v1alpha1.NodeStatus{
			"release-approve": {ID: "release-approve", Name: "release[0].approve", DisplayName: "approve", Type: v1alpha1.NodeTypeSuspend, Phase: v1alpha1.NodeRunning, TemplateName: "gate"},
		}},
	}
}

// verbs are the calls a fake clientset saw, as "verb resource[/subresource]".
func verbs(client *fake.Clientset) string {
	var out []string
	for _, a := range client.Actions() {
		v := a.GetVerb() + " " + a.GetResource().Resource
		if a.GetSubresource() != "" {
			v += "/" + a.GetSubresource()
		}
		out = append(out, v)
	}
	return strings.Join(out, ", ")
}

func TestResumePlansAnewAfterAConflict(t *testing.T) {
	client := fake.NewSimpleClientset(gate(v1alpha1.WorkflowRunning))
	conflicts := 1
	client.PrependReactor("patch", "workflows", func(a clienttesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() == "status" && conflicts > 0 {
			conflicts--
			return true, nil, apierrors.NewConflict(schema.GroupResource{Group: "weft.dev", Resource: "workflows"}, "release", errors.New("the object has been modified"))
		}
		return false, nil, nil
	})
	wf, err := Resume(context.Background(), client.WeftV1alpha1().Workflows("team-a"), "release",
		ResumeOptions{Values: map[string]string{"approve": "YES"}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	want := "get workflows, patch workflows/status, get workflows, patch workflows/status, patch workflows"
	if got := verbs(client); got != want {
		t.Errorf("calls %s, want %s", got, want)
	}
	if wf.Spec.Suspend != nil || wf.Status.Nodes["release-approve"].Phase != v1alpha1.NodeSucceeded {
		t.Errorf("resume left spec.suspend %v and the step %s", wf.Spec.Suspend, wf.Status.Nodes["release-approve"].Phase)
	}
}

func TestRefusalsChangeNothing(t *testing.T) {
	client := fake.NewSimpleClientset(gate(v1alpha1.WorkflowRunning))
	workflows := client.WeftV1alpha1().Workflows("team-a")
	ctx := context.Background()
	_, err := Resume(ctx, workflows, "release", ResumeOptions{Now: testNow})
	var refusal *RefusedError
	var missing *workflowops.MissingParametersError
	if !errors.As(err, &refusal) || !errors.As(err, &missing) {
		t.Errorf("resume without the supplied parameter: %v", err)
	}
	_, err = Resume(ctx, workflows, "release", ResumeOptions{NodeFieldSelector: "displayName=other", Now: testNow})
	var noStep *NoStepMatchesError
	if !errors.As(err, &refusal) || !errors.As(err, &noStep) || noStep.Selector != "displayName=other" {
		t.Errorf("resume of no step: %v", err)
	}
	if got := verbs(client); strings.Contains(got, "patch") {
		t.Errorf("refused resumes wrote: %s", got)
	}
	done := fake.NewSimpleClientset(gate(v1alpha1.WorkflowSucceeded))
	for _, act := range []func(context.Context, *fake.Clientset) error{
		func(ctx context.Context, c *fake.Clientset) error {
			_, err := Suspend(ctx, c.WeftV1alpha1().Workflows("team-a"), "release")
			return err
		},
		func(ctx context.Context, c *fake.Clientset) error {
			_, err := Retry(ctx, c.WeftV1alpha1().Workflows("team-a"), nil, "release", RetryOptions{Now: testNow})
			return err
		},
	} {
		if err := act(ctx, done); !errors.As(err, &refusal) {
			t.Errorf("an action on a workflow that succeeded: %v, want a RefusedError", err)
		}
	}
	if got := verbs(done); got != "get workflows, get workflows" {
		t.Errorf("refused actions made %s", got)
	}
}

func TestCheckParameters(t *testing.T) {
	declared := []v1alpha1.Parameter{{Name: "message"}, {Name: "level"}}
	if err := CheckParameters("WorkflowTemplate greet", declared, []params.Param{{Name: "message", Value: "hi"}}); err != nil {
		t.Errorf("a declared parameter: %v", err)
	}
	err := CheckParameters("WorkflowTemplate greet", declared, []params.Param{{Name: "size"}, {Name: "colour"}, {Name: "level"}})
	want := "WorkflowTemplate greet has no parameter colour, size: it takes message, level"
	var refusal *RefusedError
	if !errors.As(err, &refusal) || err.Error() != want {
		t.Errorf("unknown parameters: %v, want %s", err, want)
	}
	if err := CheckParameters("WorkflowTemplate bare", nil, []params.Param{{Name: "x"}}); err == nil || !strings.HasSuffix(err.Error(), "it takes none") {
		t.Errorf("a template without parameters: %v", err)
	}
}
