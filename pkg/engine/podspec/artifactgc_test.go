package podspec

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/executor"
)

func TestBuildArtifactGCErrorsNameTheField(t *testing.T) {
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "ns", UID: "u"}}
	for _, tc := range []struct {
		name string
		in   ArtifactGCInput
		want string
	}{
		{"patch", ArtifactGCInput{Workflow: wf, PodName: "p", PodSpecPatch: "containers: 3"}, "spec.artifactGC.podSpecPatch gives an invalid pod spec"},
		{"too many", ArtifactGCInput{Workflow: wf, PodName: "p", Spec: executor.GCSpec{Artifacts: []executor.ArtifactSpec{{Name: strings.Repeat("x", maxEnvBytes)}}}},
			"do not fit in one pod's environment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := BuildArtifactGC(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
