package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cron"
	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// Next runs: how many by default, and at most.
const (
	defaultNextRuns = 5
	maxNextRuns     = 20
)

// cronAction answers POST /api/cronworkflows/{ns}/{name}/{suspend|resume}
// with {"cronWorkflow": ...} as `weft cron suspend|resume` leaves it.
func (h *handler) cronAction(w http.ResponseWriter, r *http.Request) {
	ns, name, verb := r.PathValue("ns"), r.PathValue("name"), r.PathValue("action")
	if verb != "suspend" && verb != "resume" {
		notFound(w, r)
		return
	}
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	cw, err := actions.SuspendCron(r.Context(), c.Weft.WeftV1alpha1().CronWorkflows(ns), name, verb == "suspend")
	if err != nil {
		writeError(w, err, fmt.Sprintf("%s of cron workflow %s/%s", verb, ns, name))
		return
	}
	cw.TypeMeta = metav1.TypeMeta{Kind: "CronWorkflow", APIVersion: v1alpha1.SchemeGroupVersion.String()}
	respond.JSON(w, http.StatusOK, map[string]any{"cronWorkflow": cw})
}

// cronNext answers GET /api/cronworkflows/{ns}/{name}/next?count=N with
// {"times": [...]}: the next N times it is scheduled, in RFC 3339 in its
// time zone (UTC when it names none: the controller's zone is not known
// here); none while it is suspended or stopped.
func (h *handler) cronNext(w http.ResponseWriter, r *http.Request) {
	ns, name := r.PathValue("ns"), r.PathValue("name")
	count := defaultNextRuns
	if text := r.URL.Query().Get("count"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 || n > maxNextRuns {
			badRequest(w, "count=%s: give a number from 1 to %d", text, maxNextRuns)
			return
		}
		count = n
	}
	c, ok := h.clients(w, r)
	if !ok {
		return
	}
	cw, err := c.Weft.WeftV1alpha1().CronWorkflows(ns).Get(r.Context(), name, metav1.GetOptions{})
	if err != nil {
		writeError(w, err, fmt.Sprintf("reading cron workflow %s/%s", ns, name))
		return
	}
	zone := time.UTC
	if cw.Spec.Timezone != "" {
		if zone, err = time.LoadLocation(cw.Spec.Timezone); err != nil {
			writeError(w, err, fmt.Sprintf("the time zone of cron workflow %s/%s", ns, name))
			return
		}
	}
	times := make([]string, 0, count)
	for _, t := range nextRuns(cw, h.now(), count) {
		times = append(times, t.In(zone).Format(time.RFC3339))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"times": times})
}

// nextRuns are the next count times cw is scheduled after now, each found
// by cron.NextScheduledTime as if the one before had just run.
func nextRuns(cw *v1alpha1.CronWorkflow, now time.Time, count int) []time.Time {
	probe := cw.DeepCopy()
	var out []time.Time
	for len(out) < count {
		t := cron.NextScheduledTime(probe, now)
		if t.IsZero() {
			break
		}
		out = append(out, t)
		probe.Status.LastScheduledTime = &metav1.Time{Time: t}
		now = t
	}
	return out
}
