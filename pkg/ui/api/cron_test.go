package api

import (
	"net/http"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// morningCron runs at 09:00 in New York.
func morningCron(name string, suspend bool) *v1alpha1.CronWorkflow {
	return &v1alpha1.CronWorkflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: testNS, CreationTimestamp: metav1.NewTime(testNow.AddDate(0, -1, 0))},
		Spec:       v1alpha1.CronWorkflowSpec{Schedule: "0 9 * * *", Timezone: "America/New_York", Suspend: suspend},
	}
}

func TestCronNextRunsInItsTimeZone(t *testing.T) {
	f := newFixture(t, []runtime.Object{morningCron("morning", false), morningCron("paused", true)})
	cases := []struct {
		path string
		code int
		want string
	}{
		// testNow is 07:00 in New York (EST, -05:00).
		{"/api/cronworkflows/team-a/morning/next?count=3", http.StatusOK,
			`{"times":["2026-11-25T09:00:00-05:00","2026-11-26T09:00:00-05:00","2026-11-27T09:00:00-05:00"]}`},
		{"/api/cronworkflows/team-a/paused/next", http.StatusOK, `{"times":[]}`},
		{"/api/cronworkflows/team-a/morning/next?count=21", http.StatusBadRequest, ""},
		{"/api/cronworkflows/team-a/missing/next", http.StatusNotFound, ""},
	}
	for _, c := range cases {
		rec := f.do(http.MethodGet, c.path, "")
		if rec.Code != c.code || (c.want != "" && strings.TrimSpace(rec.Body.String()) != c.want) {
			t.Errorf("GET %s: %d %s, want %d %s", c.path, rec.Code, rec.Body, c.code, c.want)
		}
	}
	rec := f.do(http.MethodGet, "/api/cronworkflows/team-a/morning/next", "")
	var got struct{ Times []string }
	decode(t, rec.Body.Bytes(), &got)
	if len(got.Times) != defaultNextRuns {
		t.Errorf("next without count: %v, want %d times", got.Times, defaultNextRuns)
	}
}

func TestCronSuspendAndResume(t *testing.T) {
	f := newFixture(t, []runtime.Object{morningCron("morning", false)})
	for _, c := range []struct {
		verb string
		want bool
	}{{"suspend", true}, {"resume", false}} {
		rec := f.do(http.MethodPost, "/api/cronworkflows/team-a/morning/"+c.verb, "")
		var got struct{ CronWorkflow *v1alpha1.CronWorkflow }
		decode(t, rec.Body.Bytes(), &got)
		if rec.Code != http.StatusOK || got.CronWorkflow == nil || got.CronWorkflow.Spec.Suspend != c.want || got.CronWorkflow.Kind != "CronWorkflow" {
			t.Errorf("%s: %d %s", c.verb, rec.Code, rec.Body)
		}
		if calls := strings.Join(f.calls(), ", "); calls != "patch cronworkflows" {
			t.Errorf("%s made %s, want one patch as weft cron %s", c.verb, calls, c.verb)
		}
	}
	if rec := f.do(http.MethodPost, "/api/cronworkflows/team-a/morning/trigger", ""); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown cron action: %d", rec.Code)
	}
}
