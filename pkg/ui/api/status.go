package api

import (
	"errors"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/ui/respond"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// statusOf is the Status to answer err with: the API server's own when err
// carries one, a 409 Conflict for an action refused for the state of what
// it acts on, else a 500 whose message says what failed and why.
func statusOf(err error, what string) metav1.Status {
	var api apierrors.APIStatus
	var refused *actions.RefusedError
	switch {
	case errors.As(err, &api):
		return respond.Complete(api.Status())
	case errors.As(err, &refused):
		return respond.Complete(metav1.Status{Code: http.StatusConflict, Reason: metav1.StatusReasonConflict, Message: refused.Error()})
	default:
		return respond.Complete(metav1.Status{Reason: metav1.StatusReasonInternalError, Message: fmt.Sprintf("%s: %v", what, err)})
	}
}

// writeError answers with the Status of err; what says what failed.
func writeError(w http.ResponseWriter, err error, what string) {
	respond.Status(w, statusOf(err, what))
}

// badRequest answers 400 with a Status saying what is wrong with the request.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, apierrors.NewBadRequest(fmt.Sprintf(format, args...)), "")
}
