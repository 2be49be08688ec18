package workflow

import (
	"slices"
	"testing"

	"k8s.io/client-go/kubernetes/fake"

	"github.com/weft-dev/weft/pkg/controller/config"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/imageconfig"
)

func TestImageLookupsReadTheResolver(t *testing.T) {
	c := &Controller{}
	if c.imageLookups("ns", "ns/wf") != nil {
		t.Fatal("image lookups without a resolver, want none")
	}
	settings := &config.Controller{Images: map[string]config.Image{"argoproj/argosay:v2": {Entrypoint: []string{"/argosay"}}}}
	resolver, err := imageconfig.New(t.Context(), fake.NewClientset(), settings, func(string) {}, imageconfig.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.UseImageConfigs(resolver)
	got, ok, err := c.imageLookups("ns", "ns/wf").Lookup(engine.ImageLookup{Image: "argoproj/argosay:v2"})
	if !ok || err != nil || !slices.Equal(got.Entrypoint, []string{"/argosay"}) {
		t.Errorf("Lookup = %+v, %v, %v; want the configured entrypoint", got, ok, err)
	}
}
