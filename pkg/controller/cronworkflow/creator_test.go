package cronworkflow

import (
	"context"
	"strings"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cron"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

func TestWorkflowsAreCreatedAsTheCronWorkflowsCreator(t *testing.T) {
	cw := nightly(v1alpha1.AllowConcurrent)
	cw.Annotations = map[string]string{
		v1alpha1.AnnotationCreator:       "alice",
		v1alpha1.AnnotationCreatorGroups: "team-a,system:authenticated",
	}
	f := newFixture(t, at(10, 5, 1), cw)
	var as []rest.ImpersonationConfig
	f.controller.CreateAsCreator(func(user rest.ImpersonationConfig) (versioned.Interface, error) {
		as = append(as, user)
		return f.weft, nil
	})
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].UserName != "alice" || strings.Join(as[0].Groups, ",") != "team-a,system:authenticated" {
		t.Errorf("created as %+v, want alice and her groups", as)
	}
	if len(f.workflows(t)) != 1 {
		t.Errorf("%d workflows, want 1", len(f.workflows(t)))
	}
}

func TestACronWorkflowWithoutCreatorSubmitsNothing(t *testing.T) {
	f := newFixture(t, at(10, 5, 1), nightly(v1alpha1.AllowConcurrent))
	f.controller.CreateAsCreator(func(rest.ImpersonationConfig) (versioned.Interface, error) {
		t.Fatal("asked for a client without a creator")
		return nil, nil
	})
	if _, err := f.controller.sync(context.Background(), "default/nightly"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.workflows(t)); n != 0 {
		t.Errorf("%d workflows created without a creator", n)
	}
	cw := f.cron(t)
	if len(cw.Status.Conditions) != 1 || cw.Status.Conditions[0].Type != cron.ConditionSubmissionError || !strings.Contains(cw.Status.Conditions[0].Message, "no creator annotations") {
		t.Errorf("conditions %+v", cw.Status.Conditions)
	}
}
