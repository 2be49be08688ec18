package respond

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestErrorAnswersWithAKubernetesStatus(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "weft.dev", Resource: "workflows/status"}, "loops",
		errors.New(`User "viewer" cannot patch resource "workflows/status"`))
	cases := []struct {
		name        string
		err         error
		wantCode    int
		wantReason  metav1.StatusReason
		wantMessage string
	}{
		{"the API server's refusal, verbatim", forbidden, http.StatusForbidden, metav1.StatusReasonForbidden, forbidden.Error()},
		{"any other error, as a 500", errors.New("dial tcp: connection refused"), http.StatusInternalServerError, metav1.StatusReasonInternalError, "dial tcp: connection refused"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			Error(rec, c.err)
			var got metav1.Status
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer is not a Status: %v: %s", err, rec.Body)
			}
			if rec.Code != c.wantCode || got.Code != int32(c.wantCode) || got.Reason != c.wantReason || got.Message != c.wantMessage {
				t.Errorf("answered %d %+v, want %d %s %q", rec.Code, got, c.wantCode, c.wantReason, c.wantMessage)
			}
			if got.Kind != "Status" || got.APIVersion != "v1" || got.Status != metav1.StatusFailure {
				t.Errorf("not a failed v1 Status: %+v", got)
			}
			if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Content-Type") != "application/json" {
				t.Errorf("headers %v, want JSON that is never cached", rec.Header())
			}
		})
	}
}

func TestCompleteGivesAStatusWithoutACodeThe500(t *testing.T) {
	got := Complete(metav1.Status{Message: "no code"})
	if got.Code != http.StatusInternalServerError || got.Status != metav1.StatusFailure || got.Kind != "Status" {
		t.Errorf("Complete = %+v, want a failed Status with code 500", got)
	}
	kept := Complete(metav1.Status{Code: http.StatusConflict, Status: metav1.StatusFailure})
	if kept.Code != http.StatusConflict {
		t.Errorf("Complete changed code 409 to %d", kept.Code)
	}
}
