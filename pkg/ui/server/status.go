package server

import (
	"errors"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

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
