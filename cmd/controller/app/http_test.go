package app

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"k8s.io/client-go/tools/leaderelection"

	"github.com/weft-dev/weft/pkg/controller/metrics"
)

func TestProfilesAreServedOnlyWithProfiling(t *testing.T) {
	for _, profiling := range []bool{false, true} {
		handler := httpHandler(profiling, metrics.New(func() map[string]int { return nil }), leaderelection.NewLeaderHealthzAdaptor(time.Second))
		for path, wantWith := range map[string]int{"/debug/pprof/": http.StatusOK, "/debug/pprof/goroutine?debug=1": http.StatusOK, "/metrics": http.StatusOK, "/readyz": http.StatusOK} {
			want := wantWith
			if !profiling && path != "/metrics" && path != "/readyz" {
				want = http.StatusNotFound
			}
			recorder := httptest.NewRecorder()
			handler.ServeHTTP(recorder, httptest.NewRequest(http.MethodGet, path, nil))
			if recorder.Code != want {
				t.Errorf("--profiling=%t: GET %s answered %d, want %d", profiling, path, recorder.Code, want)
			}
		}
	}
}
