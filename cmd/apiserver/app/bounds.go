package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/pflag"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
	"github.com/weft-dev/weft/pkg/apiserver"
	"github.com/weft-dev/weft/pkg/registry/weft/workflow"
)

// Flag names of the bounds weft-apiserver applies besides validation's.
const (
	flagMaxRequestBodyBytes  = "--max-request-body-bytes"
	flagMaxLogStreamDuration = workflow.FlagMaxLogStreamDuration
)

// addBoundFlags adds the flags of the bounds on what a spec holds and on
// how long a log is followed.
func (o *Options) addBoundFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.Bounds.MaxTemplates, flagName(validation.FlagMaxTemplates), o.Bounds.MaxTemplates,
		"Most entries of spec.templates in a Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow; more are refused (422) naming this flag.")
	fs.IntVar(&o.Bounds.MaxLoopItems, flagName(validation.FlagMaxLoopItems), o.Bounds.MaxLoopItems,
		"Most items of a withItems written in a spec; more are refused (422). weft-controller's flag of the same name bounds every loop as it runs.")
	fs.IntVar(&o.Bounds.MaxParameterBytes, flagName(validation.FlagMaxParameterBytes), o.Bounds.MaxParameterBytes,
		"Longest parameter value (value, default, valueFrom.default, enum entry) written in a spec, in bytes; longer ones are refused (422). "+
			"weft-controller's flag of the same name bounds the values made as workflows run.")
	fs.DurationVar(&o.MaxLogStreamDuration, flagName(flagMaxLogStreamDuration), o.MaxLogStreamDuration,
		"Longest a workflows/log request with follow=true streams; it then ends with a last line naming this flag, and the client may ask again.")
}

// validateBounds refuses bounds that are not positive, naming their flag.
func (o *Options) validateBounds() []error {
	var errs []error
	if err := o.Bounds.Validate(); err != nil {
		errs = append(errs, err)
	}
	if o.MaxLogStreamDuration <= 0 {
		errs = append(errs, fmt.Errorf("%s is %s: it must be positive", flagMaxLogStreamDuration, o.MaxLogStreamDuration))
	}
	return errs
}

// applyBounds makes config refuse request bodies over
// --max-request-body-bytes with a message naming it, and weft.dev objects
// past the bounds with a 422 whose causes name the field and the flag.
func (o *Options) applyBounds(config *genericapiserver.RecommendedConfig) {
	buildHandlerChain := config.BuildHandlerChainFunc
	limit := o.MaxRequestBodyBytes
	config.BuildHandlerChainFunc = func(api http.Handler, c *genericapiserver.Config) http.Handler {
		return buildHandlerChain(limitRequestBodies(api, limit), c)
	}
	config.AdmissionControl = &boundsAdmission{next: config.AdmissionControl, bounds: o.Bounds}
}

// statusVersion is the version of the Status a refusal is written in.
var statusVersion = schema.GroupVersion{Version: "v1"}

// bodyMethods are the methods whose request bodies are read.
var bodyMethods = sets.New(http.MethodPost, http.MethodPut, http.MethodPatch)

// limitRequestBodies answers 413 to a request whose body is over limit
// bytes, with a message that names --max-request-body-bytes. A body of
// unknown length (chunked) is read up to the limit here, once.
func limitRequestBodies(next http.Handler, limit int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Body == nil || req.Body == http.NoBody || !bodyMethods.Has(req.Method) {
			next.ServeHTTP(w, req)
			return
		}
		if req.ContentLength > limit {
			tooLarge(w, req, fmt.Sprintf("%d bytes", req.ContentLength), limit)
			return
		}
		if req.ContentLength < 0 {
			body, err := io.ReadAll(io.LimitReader(req.Body, limit+1))
			req.Body.Close()
			if err != nil {
				responsewriters.ErrorNegotiated(apierrors.NewBadRequest(fmt.Sprintf("reading the request body: %v", err)),
					apiserver.Codecs, statusVersion, w, req)
				return
			}
			if int64(len(body)) > limit {
				tooLarge(w, req, "more bytes", limit)
				return
			}
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		next.ServeHTTP(w, req)
	})
}

// tooLarge answers 413 Request Entity Too Large for a body of size.
func tooLarge(w http.ResponseWriter, req *http.Request, size string, limit int64) {
	err := apierrors.NewRequestEntityTooLargeError(fmt.Sprintf(
		"the request body has %s, more than %s (%d) allows: make the object smaller, or raise the flag", size, flagMaxRequestBodyBytes, limit))
	responsewriters.ErrorNegotiated(err, apiserver.Codecs, statusVersion, w, req)
}

// boundsAdmission is the admission chain with one more validating step:
// a created or updated weft.dev object must stay within the bounds. An
// update is refused only for a problem the object did not have before, so
// that an object stored under higher bounds can still be labelled or
// deleted.
type boundsAdmission struct {
	next   admission.Interface
	bounds validation.Bounds
}

var (
	_ admission.MutationInterface   = &boundsAdmission{}
	_ admission.ValidationInterface = &boundsAdmission{}
)

// Handles implements admission.Interface: creates and updates at least.
func (a *boundsAdmission) Handles(op admission.Operation) bool {
	return op == admission.Create || op == admission.Update || (a.next != nil && a.next.Handles(op))
}

// Admit implements admission.MutationInterface: the chain's mutation.
func (a *boundsAdmission) Admit(ctx context.Context, attrs admission.Attributes, o admission.ObjectInterfaces) error {
	if m, ok := a.next.(admission.MutationInterface); ok && m.Handles(attrs.GetOperation()) {
		return m.Admit(ctx, attrs, o)
	}
	return nil
}

// Validate implements admission.ValidationInterface: the chain's
// validation, then the bounds.
func (a *boundsAdmission) Validate(ctx context.Context, attrs admission.Attributes, o admission.ObjectInterfaces) error {
	if v, ok := a.next.(admission.ValidationInterface); ok && v.Handles(attrs.GetOperation()) {
		if err := v.Validate(ctx, attrs, o); err != nil {
			return err
		}
	}
	op := attrs.GetOperation()
	if attrs.GetResource().Group != weft.GroupName || attrs.GetSubresource() != "" || (op != admission.Create && op != admission.Update) {
		return nil
	}
	errs := a.bounds.ValidateObject(attrs.GetObject())
	if op == admission.Update && len(errs) > 0 && attrs.GetOldObject() != nil {
		errs = newProblems(errs, a.bounds.ValidateObject(attrs.GetOldObject()))
	}
	if len(errs) == 0 {
		return nil
	}
	return apierrors.NewInvalid(attrs.GetKind().GroupKind(), attrs.GetName(), errs)
}

// newProblems are the errors of errs that old does not have.
func newProblems(errs, old field.ErrorList) field.ErrorList {
	had := sets.New[string]()
	for _, err := range old {
		had.Insert(err.Error())
	}
	var out field.ErrorList
	for _, err := range errs {
		if !had.Has(err.Error()) {
			out = append(out, err)
		}
	}
	return out
}

// flagName is a flag's name without its leading dashes, as pflag takes it.
func flagName(flag string) string {
	return strings.TrimPrefix(flag, "--")
}
