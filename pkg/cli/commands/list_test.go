package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func TestListFilters(t *testing.T) {
	elsewhere := finished("other-ns", v1alpha1.WorkflowRunning, time.Minute, 0)
	elsewhere.Namespace = "team-b"
	h := newHarness(t,
		finished("nightly-new", v1alpha1.WorkflowRunning, time.Minute, 0),
		finished("nightly-old", v1alpha1.WorkflowSucceeded, 3*time.Hour, 2*time.Hour),
		finished("adhoc-failed", v1alpha1.WorkflowFailed, 30*time.Minute, 20*time.Minute),
		finished("adhoc-pending", "", 10*time.Second, 0),
		elsewhere,
	)
	cases := []struct {
		args []string
		want string
	}{
		{nil, "adhoc-pending nightly-new adhoc-failed nightly-old"},
		{[]string{"--running"}, "adhoc-pending nightly-new"},
		{[]string{"--completed"}, "adhoc-failed nightly-old"},
		{[]string{"--status", "failed,Succeeded"}, "adhoc-failed nightly-old"},
		{[]string{"--status", "Pending"}, "adhoc-pending"},
		{[]string{"--since", "1h"}, "adhoc-pending nightly-new adhoc-failed"},
		{[]string{"--prefix", "nightly-"}, "nightly-new nightly-old"},
		{[]string{"-A", "--running"}, "adhoc-pending nightly-new other-ns"},
	}
	for _, c := range cases {
		r := h.run(append([]string{"list", "-o", "name"}, c.args...)...)
		got := strings.Fields(strings.ReplaceAll(r.stdout, "workflow.weft.dev/", ""))
		if strings.Join(got, " ") != c.want {
			t.Errorf("list %v: %v, want %s", c.args, got, c.want)
		}
	}
	table := h.run("list").stdout
	if !strings.HasPrefix(table, "NAME           STATUS     AGE  DURATION  PRIORITY  MESSAGE\nadhoc-pending  Pending    10s  10s       0\n") {
		t.Errorf("list:\n%s", table)
	}
	if r := h.run("list", "--prefix", "none"); r.stdout != "" || r.stderr != "No workflows found in namespace team-a.\n" {
		t.Errorf("an empty list: %q %q", r.stdout, r.stderr)
	}
}
