package commands

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestDelete(t *testing.T) {
	seed := func() *harness {
		return newHarness(t,
			finished("running", v1alpha1.WorkflowRunning, time.Minute, 0),
			finished("done-recently", v1alpha1.WorkflowSucceeded, time.Hour, time.Minute),
			finished("done-long-ago", v1alpha1.WorkflowFailed, 48*time.Hour, 47*time.Hour),
		)
	}
	cases := []struct {
		args []string
		left string
	}{
		{[]string{"running"}, "done-long-ago done-recently"},
		{[]string{"--completed"}, "running"},
		{[]string{"--older", "24h"}, "done-recently running"},
		{[]string{"--all"}, ""},
	}
	for _, c := range cases {
		h := seed()
		r := h.run(append([]string{"delete"}, c.args...)...)
		if r.code != 0 {
			t.Errorf("delete %v: %v", c.args, r.err)
		}
		var left []string
		for _, wf := range h.workflows(kubeconfigNamespace) {
			left = append(left, wf.Name)
		}
		sort.Strings(left)
		if strings.Join(left, " ") != c.left {
			t.Errorf("delete %v left %v, want %s", c.args, left, c.left)
		}
	}
	h := seed()
	r := h.run("delete", "running", "missing")
	if r.code != ExitFailure || r.stdout != "workflow.weft.dev/running deleted\n" || !strings.Contains(r.stderr, `"missing" not found`) {
		t.Errorf("delete running missing: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
