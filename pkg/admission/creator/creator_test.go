package creator

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

func attributes(obj, old runtime.Object, op admission.Operation, who user.Info) admission.Attributes {
	return admission.NewAttributesRecord(obj, old, weft.Kind("Workflow").WithVersion(""), "team-a", "wf",
		weft.Resource("workflows").WithVersion(""), "", op, nil, false, who)
}

func TestCreateRecordsTheRequester(t *testing.T) {
	wf := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{
		v1alpha1.AnnotationCreator: "mallory", v1alpha1.AnnotationCreatorUID: "forged", "keep": "me",
	}}}
	alice := &user.DefaultInfo{Name: "alice", UID: "u-1", Groups: []string{"dev", "system:authenticated"}}
	if err := New().Admit(context.Background(), attributes(wf, nil, admission.Create, alice), nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		v1alpha1.AnnotationCreator:       "alice",
		v1alpha1.AnnotationCreatorUID:    "u-1",
		v1alpha1.AnnotationCreatorGroups: "dev,system:authenticated",
		"keep":                           "me",
	}
	for key, value := range want {
		if wf.Annotations[key] != value {
			t.Errorf("annotation %s = %q, want %q", key, wf.Annotations[key], value)
		}
	}
}

func TestCreateWithoutUserIsForbidden(t *testing.T) {
	err := New().Admit(context.Background(), attributes(&weft.Workflow{}, nil, admission.Create, nil), nil)
	if err == nil {
		t.Error("a create without a user was admitted")
	}
}

func TestUpdateKeepsTheRecordedCreator(t *testing.T) {
	old := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{
		v1alpha1.AnnotationCreator: "alice", v1alpha1.AnnotationCreatorGroups: "dev",
	}}}
	updated := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{
		v1alpha1.AnnotationCreator: "bob", v1alpha1.AnnotationCreatorUID: "added", "note": "x",
	}}}
	bob := &user.DefaultInfo{Name: "bob"}
	if err := New().Admit(context.Background(), attributes(updated, old, admission.Update, bob), nil); err != nil {
		t.Fatal(err)
	}
	if updated.Annotations[v1alpha1.AnnotationCreator] != "alice" || updated.Annotations[v1alpha1.AnnotationCreatorGroups] != "dev" {
		t.Errorf("update changed the recorded creator: %v", updated.Annotations)
	}
	if _, ok := updated.Annotations[v1alpha1.AnnotationCreatorUID]; ok {
		t.Errorf("update added a creator uid the workflow never had: %v", updated.Annotations)
	}
	if updated.Annotations["note"] != "x" {
		t.Errorf("update lost other annotations: %v", updated.Annotations)
	}
}

func TestOtherGroupsAreIgnored(t *testing.T) {
	obj := &metav1.PartialObjectMetadata{}
	attrs := admission.NewAttributesRecord(obj, nil, metav1.SchemeGroupVersion.WithKind("Other"), "ns", "x",
		metav1.SchemeGroupVersion.WithResource("others"), "", admission.Create, nil, false, &user.DefaultInfo{Name: "alice"})
	if err := New().Admit(context.Background(), attrs, nil); err != nil || obj.Annotations != nil {
		t.Errorf("touched an object of another group: %v, %v", err, obj.Annotations)
	}
}

// stopping is a workflow with spec.shutdown and annotations.
func stopping(shutdown weft.ShutdownStrategy, annotations map[string]string) *weft.Workflow {
	wf := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Annotations: annotations}}
	wf.Spec.Shutdown = shutdown
	return wf
}

func TestShutdownRecordsWhoStopped(t *testing.T) {
	forged := func() map[string]string { return map[string]string{AnnotationShutdownBy: "mallory"} }
	recorded := func() map[string]string { return map[string]string{AnnotationShutdownBy: "alice"} }
	cases := []struct {
		name        string
		old, new    *weft.Workflow
		subresource string
		want        string // "" is no annotation
	}{
		{"set on update", stopping("", nil), stopping(weft.ShutdownStop, forged()), "", "bob"},
		{"changed from Stop to Terminate", stopping(weft.ShutdownStop, recorded()), stopping(weft.ShutdownTerminate, recorded()), "", "bob"},
		{"unchanged keeps who set it", stopping(weft.ShutdownStop, recorded()), stopping(weft.ShutdownStop, forged()), "", "alice"},
		{"cleared by a retry", stopping(weft.ShutdownStop, recorded()), stopping("", recorded()), "", ""},
		{"forged without shutdown", stopping("", nil), stopping("", forged()), "", ""},
		{"set on create", nil, stopping(weft.ShutdownTerminate, forged()), "", "bob"},
		{"forged on create", nil, stopping("", forged()), "", ""},
		{"a status update keeps it", stopping(weft.ShutdownStop, recorded()), stopping("", nil), "status", "alice"},
		{"a status update cannot forge it", stopping("", nil), stopping(weft.ShutdownStop, forged()), "status", ""},
	}
	bob := &user.DefaultInfo{Name: "bob"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			op := admission.Update
			var old runtime.Object = c.old
			if c.old == nil {
				op, old = admission.Create, nil
			}
			attrs := admission.NewAttributesRecord(c.new, old, weft.Kind("Workflow").WithVersion(""), "team-a", "wf",
				weft.Resource("workflows").WithVersion(""), c.subresource, op, nil, false, bob)
			if err := New().Admit(context.Background(), attrs, nil); err != nil {
				t.Fatal(err)
			}
			got, ok := c.new.Annotations[AnnotationShutdownBy]
			if got != c.want || ok != (c.want != "") {
				t.Errorf("%s = %q (set: %v), want %q", AnnotationShutdownBy, got, ok, c.want)
			}
		})
	}
}

func TestShutdownWithoutUserIsForbidden(t *testing.T) {
	attrs := attributes(stopping(weft.ShutdownStop, nil), stopping("", nil), admission.Update, nil)
	if err := New().Admit(context.Background(), attrs, nil); err == nil {
		t.Error("a stop without a user was admitted")
	}
}

func TestShutdownAnnotationIsTheEngines(t *testing.T) {
	if AnnotationShutdownBy != engine.AnnotationShutdownBy {
		t.Errorf("the plugin records %s, the engine reads %s", AnnotationShutdownBy, engine.AnnotationShutdownBy)
	}
}
