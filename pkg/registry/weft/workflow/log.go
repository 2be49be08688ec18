package workflow

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/logs"
)

// DevModeLogMessage is why the log subresource is unavailable when
// weft-apiserver has no kube-apiserver to read pods from.
const DevModeLogMessage = "the log subresource needs a kube-apiserver; weft-apiserver runs in --dev-mode"

// workflowSource is what the log subresource needs of the workflows storage.
type workflowSource interface {
	rest.Getter
	rest.Watcher
}

// LogREST serves the workflows/log subresource, in the style of pods/log:
// the logs of a workflow's pods as text/plain, which weft-apiserver reads
// from the kube-apiserver with its own credentials. RBAC on workflows/log
// decides who may read them.
type LogREST struct {
	workflows workflowSource
	kube      kubernetes.Interface
	// maxFollow is the longest a followed log streams.
	maxFollow time.Duration
}

var (
	_ rest.GetterWithOptions = &LogREST{}
	_ rest.StorageMetadata   = &LogREST{}
)

// NewLogREST returns the log subresource of the workflows in workflows,
// whose pods and logs kube reads. With a nil kube (dev mode) it answers 503.
// A followed log streams for maxFollow at most (DefaultMaxLogStreamDuration
// when zero).
func NewLogREST(workflows workflowSource, kube kubernetes.Interface, maxFollow time.Duration) *LogREST {
	if maxFollow <= 0 {
		maxFollow = DefaultMaxLogStreamDuration
	}
	return &LogREST{workflows: workflows, kube: kube, maxFollow: maxFollow}
}

// New implements rest.Storage.
func (*LogREST) New() runtime.Object { return &weft.Workflow{} }

// Destroy implements rest.Storage.
func (*LogREST) Destroy() {}

// NewGetOptions implements rest.GetterWithOptions: the query parameters
// decode into WorkflowLogOptions.
func (*LogREST) NewGetOptions() (runtime.Object, bool, string) {
	return &weft.WorkflowLogOptions{}, false, ""
}

// ProducesMIMETypes implements rest.StorageMetadata.
func (*LogREST) ProducesMIMETypes(string) []string { return []string{"text/plain"} }

// ProducesObject implements rest.StorageMetadata: the response is text.
func (*LogREST) ProducesObject(string) interface{} { return "" }

// Get returns the log stream of the named workflow. Bad options are a 400,
// a missing workflow a 404, and no kube-apiserver (dev mode) a 503.
func (r *LogREST) Get(ctx context.Context, name string, options runtime.Object) (runtime.Object, error) {
	in, ok := options.(*weft.WorkflowLogOptions)
	if !ok {
		return nil, apierrors.NewBadRequest(fmt.Sprintf("invalid log options: %T", options))
	}
	opts, errs := logs.NewOptions(in)
	if len(errs) > 0 {
		return nil, invalidOptions(name, errs)
	}
	obj, err := r.workflows.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	if r.kube == nil {
		return nil, apierrors.NewServiceUnavailable(DevModeLogMessage)
	}
	wf := obj.(*weft.Workflow)
	pods := r.kube.CoreV1().Pods(wf.Namespace)
	reader := &logs.Reader{Source: podLogs{pods}, Options: opts}
	if opts.Follow && !finished(wf) {
		t := newTracker(r.workflows, pods, wf, opts.Pod.Container)
		return &logStream{run: followFor(r.maxFollow, func(ctx context.Context, w io.Writer) error {
			updates := make(chan logs.Update)
			go t.run(ctx, updates)
			return reader.Follow(ctx, w, updates)
		})}, nil
	}
	if wf, err = withNodes(wf); err != nil {
		return nil, apierrors.NewInternalError(err)
	}
	list, _, err := listPods(ctx, pods, wf)
	if err != nil {
		return nil, apierrors.NewInternalError(fmt.Errorf("listing the pods of workflow %q: %w", name, err))
	}
	selected := opts.Select(logPods(wf, list, opts.Pod.Container, nil, true))
	if len(selected) == 0 && !opts.Prefixed() {
		return nil, noPod(name, opts)
	}
	return &logStream{run: func(ctx context.Context, w io.Writer) error {
		return reader.ReadAll(ctx, w, selected)
	}}, nil
}

// finished says whether wf has ended: no pod will start any more.
func finished(wf *weft.Workflow) bool {
	switch wf.Status.Phase {
	case weft.WorkflowSucceeded, weft.WorkflowFailed, weft.WorkflowError:
		return true
	}
	return false
}

// invalidOptions is the 400 Bad Request of log options that do not
// validate, with a cause for each error at its query parameter.
func invalidOptions(name string, errs field.ErrorList) error {
	causes := make([]metav1.StatusCause, 0, len(errs))
	for _, err := range errs {
		causes = append(causes, metav1.StatusCause{Type: metav1.CauseType(err.Type), Message: err.ErrorBody(), Field: err.Field})
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    http.StatusBadRequest,
		Reason:  metav1.StatusReasonBadRequest,
		Message: fmt.Sprintf("invalid log options for workflow %q: %v", name, errs.ToAggregate()),
		Details: &metav1.StatusDetails{Group: weft.GroupName, Kind: "Workflow", Name: name, Causes: causes},
	}}
}

// noPod is the 404 Not Found of options that select no pod of the workflow.
func noPod(name string, opts *logs.Options) error {
	what := fmt.Sprintf("pod %q", opts.PodName)
	if opts.NodeID != "" {
		what = fmt.Sprintf("pod for node %q", opts.NodeID)
	}
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status:  metav1.StatusFailure,
		Code:    http.StatusNotFound,
		Reason:  metav1.StatusReasonNotFound,
		Message: fmt.Sprintf("workflow %q has no %s", name, what),
	}}
}
