package workflowops

import (
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestResubmit(t *testing.T) {
	old := stepsFailed()
	old.Labels = map[string]string{"app": "nightly", "weft.dev/cron-workflow": "nightly"}
	old.Annotations = map[string]string{
		"team": "data", v1alpha1.AnnotationCreator: "alice",
		"kubectl.kubernetes.io/last-applied-configuration": "{}",
	}
	old.UID, old.ResourceVersion = "u-1", "42"
	old.Spec.Entrypoint = "main"
	old.Spec.Shutdown = v1alpha1.ShutdownTerminate
	old.Spec.Arguments.Parameters = []v1alpha1.Parameter{{Name: "message", Value: ptr(v1alpha1.AnyString("hi"))}}
	before := old.DeepCopy()

	got := Resubmit(old)
	want := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName: "wf-", Namespace: "team-a",
			Labels:      map[string]string{"app": "nightly", LabelResubmittedFrom: "wf"},
			Annotations: map[string]string{"team": "data"},
		},
		Spec: v1alpha1.WorkflowSpec{Entrypoint: "main", Arguments: old.Spec.Arguments},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Resubmit:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(old, before) {
		t.Error("Resubmit changed the workflow it was given")
	}
	got.Spec.Arguments.Parameters[0].Name = "changed"
	if old.Spec.Arguments.Parameters[0].Name != "message" {
		t.Error("the new workflow shares its spec with the old one")
	}
}
