package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// writeStatus answers with a Kubernetes Status, as the API server words
// its own errors, so that the app shows every refusal the same way.
func writeStatus(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) {
	writeStatusObject(w, metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    int32(code),
		Reason:  reason,
		Message: message,
	})
}

// writeError answers with err: the Status of an API error as the API
// server gave it, else a 500 Status with err's message.
func writeError(w http.ResponseWriter, err error) {
	var apiErr apierrors.APIStatus
	if errors.As(err, &apiErr) {
		writeStatusObject(w, apiErr.Status())
		return
	}
	writeStatus(w, http.StatusInternalServerError, metav1.StatusReasonInternalError, err.Error())
}

// writeStatusObject answers with status, its code the HTTP status.
func writeStatusObject(w http.ResponseWriter, status metav1.Status) {
	status.Kind = "Status"
	status.APIVersion = "v1"
	code := int(status.Code)
	if code == 0 {
		code = http.StatusInternalServerError
		status.Code = int32(code)
	}
	writeJSON(w, code, status)
}

// unreachable is err of a request to the API server: as it is when the API
// server answered, else a 502 that names the API server.
func unreachable(u *user, err error) error {
	var apiErr apierrors.APIStatus
	if errors.As(err, &apiErr) {
		return err
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    http.StatusBadGateway,
		Reason:  metav1.StatusReasonServiceUnavailable,
		Message: fmt.Sprintf("weft ui could not reach the API server at %s: %v", u.apiServer.Host, err),
	}}
}
