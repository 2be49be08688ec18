package app

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/engine"
)

func TestBoundFlags(t *testing.T) {
	if got := parsed(t).Bounds; got != engine.DefaultBounds() {
		t.Errorf("default bounds %+v, want engine's %+v", got, engine.DefaultBounds())
	}
	o := parsed(t, "--max-loop-items=5", "--max-workflow-nodes=6", "--max-template-depth=7", "--max-parameter-bytes=8")
	if want := (engine.Bounds{MaxLoopItems: 5, MaxNodes: 6, MaxTemplateDepth: 7, MaxParameterBytes: 8}); o.Bounds != want {
		t.Errorf("bounds %+v, want %+v", o.Bounds, want)
	}
	for _, flag := range []string{"--max-loop-items", "--max-workflow-nodes", "--max-template-depth", "--max-parameter-bytes"} {
		err := parsed(t, flag+"=0").Validate()
		if err == nil || !strings.Contains(err.Error(), flag+" 0: at least 1") {
			t.Errorf("%s=0: Validate() = %v, want it refused by name", flag, err)
		}
	}
}
