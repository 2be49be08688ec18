package identity

import (
	"reflect"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestCreator(t *testing.T) {
	user, ok := Creator(map[string]string{
		v1alpha1.AnnotationCreator:       "alice",
		v1alpha1.AnnotationCreatorUID:    "u-1",
		v1alpha1.AnnotationCreatorGroups: "team-a,system:authenticated",
	})
	want := rest.ImpersonationConfig{UserName: "alice", UID: "u-1", Groups: []string{"team-a", "system:authenticated"}}
	if !ok || !reflect.DeepEqual(user, want) {
		t.Errorf("Creator = %+v, %v; want %+v", user, ok, want)
	}
	if _, ok := Creator(map[string]string{"other": "x"}); ok {
		t.Error("an object without creator annotations has a creator")
	}
}

func TestConfigAs(t *testing.T) {
	base := &rest.Config{Host: "https://api"}
	c := ConfigAs(base, rest.ImpersonationConfig{UserName: "alice"})
	if c.Impersonate.UserName != "alice" || c.Host != "https://api" {
		t.Errorf("ConfigAs = %+v", c)
	}
	if base.Impersonate.UserName != "" {
		t.Error("ConfigAs changed the controller's own configuration")
	}
}
