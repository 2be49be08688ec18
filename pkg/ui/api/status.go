package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// statusOf is the Status to answer err with: the API server's own when err
// carries one, a 409 Conflict for an action refused for the state of what
// it acts on, else a 500 whose message says what failed and why.
func statusOf(err error, what string) metav1.Status {
	var api apierrors.APIStatus
	var refused *actions.RefusedError
	var status metav1.Status
	switch {
	case errors.As(err, &api):
		status = api.Status()
	case errors.As(err, &refused):
		status = metav1.Status{Status: metav1.StatusFailure, Code: http.StatusConflict, Reason: metav1.StatusReasonConflict, Message: refused.Error()}
	default:
		status = metav1.Status{Status: metav1.StatusFailure, Code: http.StatusInternalServerError, Reason: metav1.StatusReasonInternalError, Message: fmt.Sprintf("%s: %v", what, err)}
	}
	status.TypeMeta = metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}
	if status.Status == "" {
		status.Status = metav1.StatusFailure
	}
	if status.Code == 0 {
		status.Code = http.StatusInternalServerError
	}
	return status
}

// writeError answers with the Status of err; what says what failed.
func writeError(w http.ResponseWriter, err error, what string) {
	status := statusOf(err, what)
	writeJSON(w, int(status.Code), status)
}

// badRequest answers 400 with a Status saying what is wrong with the request.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, apierrors.NewBadRequest(fmt.Sprintf(format, args...)), "")
}

// writeJSON answers code with v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
