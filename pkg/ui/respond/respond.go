// Package respond writes weft ui's answers: JSON bodies, and refusals as
// Kubernetes Status objects worded as the API server words its own, so that
// the web app shows every refusal the same way.
package respond

import (
	"encoding/json"
	"errors"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// JSON answers code with v as JSON, never cached: every answer is what the
// user may see now.
func JSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// Status answers with status, its code the HTTP status (500 when it has
// none), its kind and apiVersion those of a Kubernetes Status.
func Status(w http.ResponseWriter, status metav1.Status) {
	status = Complete(status)
	JSON(w, int(status.Code), status)
}

// Failure answers code with a Status of reason and message.
func Failure(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) {
	Status(w, metav1.Status{Code: int32(code), Reason: reason, Message: message})
}

// Error answers with err: the Status of an API error as the API server gave
// it, else a 500 Status with err's message.
func Error(w http.ResponseWriter, err error) {
	var apiErr apierrors.APIStatus
	if errors.As(err, &apiErr) {
		Status(w, apiErr.Status())
		return
	}
	Failure(w, http.StatusInternalServerError, metav1.StatusReasonInternalError, err.Error())
}

// Complete fills what a Status needs and status may lack: kind and
// apiVersion, the Failure status, and code 500 when it has no code.
func Complete(status metav1.Status) metav1.Status {
	status.TypeMeta = metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}
	if status.Status == "" {
		status.Status = metav1.StatusFailure
	}
	if status.Code == 0 {
		status.Code = http.StatusInternalServerError
	}
	return status
}
