package workflow

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func workflowAt(uid, resourceVersion string) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "ns", UID: types.UID(uid), ResourceVersion: resourceVersion}}
}

func TestNewestPrefersTheWrittenCopyUntilTheInformerCatchesUp(t *testing.T) {
	written := newWrittenWorkflows()
	stale, fresh := workflowAt("a", "10"), workflowAt("a", "12")
	if got := written.newest("ns/wf", stale); got != stale {
		t.Fatalf("nothing written yet: got version %s, want the informer's", got.ResourceVersion)
	}
	written.remember("ns/wf", fresh)
	if got := written.newest("ns/wf", stale); got != fresh {
		t.Fatalf("informer behind: got version %s, want the written 12", got.ResourceVersion)
	}
	caughtUp := workflowAt("a", "12")
	if got := written.newest("ns/wf", caughtUp); got != caughtUp {
		t.Fatalf("informer caught up: got %p, want the informer's copy", got)
	}
	if got := written.newest("ns/wf", stale); got != stale {
		t.Fatalf("the written copy was not forgotten once the informer caught up")
	}
}

func TestNewestIgnoresTheWrittenCopyOfAnotherIncarnationOrAnUnorderedVersion(t *testing.T) {
	for name, cached := range map[string]*v1alpha1.Workflow{
		"recreated under the same name": workflowAt("b", "5"),
		"unordered version":             workflowAt("a", "x"),
		"newer spec change":             workflowAt("a", "20"),
	} {
		t.Run(name, func(t *testing.T) {
			written := newWrittenWorkflows()
			written.remember("ns/wf", workflowAt("a", "12"))
			if got := written.newest("ns/wf", cached); got != cached {
				t.Fatalf("got version %s of uid %s, want the informer's copy", got.ResourceVersion, got.UID)
			}
		})
	}
}
