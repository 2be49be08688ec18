package identity

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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

func TestCoreClientsAreKeptPerIdentity(t *testing.T) {
	clients := NewCoreClients(&rest.Config{Host: "https://api"})
	alice := rest.ImpersonationConfig{UserName: "alice", UID: "u-1", Groups: []string{"team-a"}}
	first, err := clients.As(alice)
	if err != nil {
		t.Fatal(err)
	}
	again, err := clients.As(rest.ImpersonationConfig{UserName: "alice", UID: "u-1", Groups: []string{"team-a"}})
	if err != nil {
		t.Fatal(err)
	}
	if first != again {
		t.Error("the same identity got a second client")
	}
	for _, other := range []rest.ImpersonationConfig{
		{UserName: "alice", UID: "u-1", Groups: []string{"team-b"}},
		{UserName: "alice", UID: "u-2", Groups: []string{"team-a"}},
		{UserName: "bob", UID: "u-1", Groups: []string{"team-a"}},
		{UserName: "alice", UID: "u-1", Groups: []string{"team", "a"}},
	} {
		client, err := clients.As(other)
		if err != nil {
			t.Fatal(err)
		}
		if client == first {
			t.Errorf("%+v shares alice's client", other)
		}
	}
}

func TestCoreClientsActAsTheirUser(t *testing.T) {
	var seen http.Header
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"}}`))
	}))
	defer server.Close()
	clients := NewCoreClients(&rest.Config{Host: server.URL})
	client, err := clients.As(rest.ImpersonationConfig{UserName: "alice", UID: "u-1", Groups: []string{"team-a", "system:authenticated"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Pods("ns").Get(context.Background(), "p", metav1.GetOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := seen.Get("Impersonate-User"); got != "alice" {
		t.Errorf("Impersonate-User %q, want alice", got)
	}
	if got := seen.Get("Impersonate-Uid"); got != "u-1" {
		t.Errorf("Impersonate-Uid %q, want u-1", got)
	}
	if got := seen.Values("Impersonate-Group"); !reflect.DeepEqual(got, []string{"team-a", "system:authenticated"}) {
		t.Errorf("Impersonate-Group %q, want team-a and system:authenticated", got)
	}
}
