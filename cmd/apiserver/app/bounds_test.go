package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

func TestBoundFlags(t *testing.T) {
	o := NewOptions()
	if o.Bounds != validation.DefaultBounds() || o.MaxLogStreamDuration != time.Hour {
		t.Errorf("defaults %+v and %s, want validation's and an hour", o.Bounds, o.MaxLogStreamDuration)
	}
	fs := pflag.NewFlagSet("weft-apiserver", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse([]string{"--max-templates=1", "--max-loop-items=2", "--max-parameter-bytes=3", "--max-log-stream-duration=4s"}); err != nil {
		t.Fatal(err)
	}
	if want := (validation.Bounds{MaxTemplates: 1, MaxLoopItems: 2, MaxParameterBytes: 3}); o.Bounds != want || o.MaxLogStreamDuration != 4*time.Second {
		t.Errorf("parsed %+v and %s, want %+v and 4s", o.Bounds, o.MaxLogStreamDuration, want)
	}
	o.Bounds.MaxTemplates, o.MaxLogStreamDuration = 0, 0
	err := o.Validate()
	if err == nil || !strings.Contains(err.Error(), "--max-templates is 0") || !strings.Contains(err.Error(), "--max-log-stream-duration is 0s") {
		t.Errorf("Validate() = %v, want both flags named", err)
	}
}

func TestLimitRequestBodies(t *testing.T) {
	var read []string
	handler := limitRequestBodies(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		read = append(read, string(body))
	}), 8)
	for _, tc := range []struct {
		name, method, body string
		chunked            bool
		code               int
		message            string
	}{
		{name: "at the limit", method: http.MethodPost, body: "12345678", code: http.StatusOK},
		{name: "over the limit", method: http.MethodPut, body: "123456789", code: http.StatusRequestEntityTooLarge,
			message: "Request entity too large: the request body has 9 bytes, more than --max-request-body-bytes (8) allows: make the object smaller, or raise the flag"},
		{name: "chunked at the limit", method: http.MethodPatch, body: "12345678", chunked: true, code: http.StatusOK},
		{name: "chunked over the limit", method: http.MethodPatch, body: "123456789", chunked: true, code: http.StatusRequestEntityTooLarge,
			message: "Request entity too large: the request body has more bytes, more than --max-request-body-bytes (8) allows: make the object smaller, or raise the flag"},
		{name: "a GET is not limited", method: http.MethodGet, body: "123456789", code: http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read = nil
			var body io.Reader = strings.NewReader(tc.body)
			if tc.chunked {
				body = io.MultiReader(body)
			}
			req := httptest.NewRequest(tc.method, "/apis/weft.dev/v1alpha1/namespaces/ns/workflows", body)
			if tc.chunked {
				req.ContentLength = -1
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.code, rec.Body)
			}
			if tc.code == http.StatusOK {
				if len(read) != 1 || read[0] != tc.body {
					t.Errorf("the handler read %q, want the whole body", read)
				}
				return
			}
			if len(read) != 0 || !strings.Contains(rec.Body.String(), `"message":"`+tc.message+`"`) || !strings.Contains(rec.Body.String(), `"code":413`) {
				t.Errorf("handler reached %d times; body %s, want a Status with %q", len(read), rec.Body, tc.message)
			}
		})
	}
}

// workflowWithTemplates is a Workflow with n container templates.
func workflowWithTemplates(n int) *weft.Workflow {
	wf := &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "ns"}}
	for range n {
		wf.Spec.Templates = append(wf.Spec.Templates, weft.Template{Name: "t"})
	}
	return wf
}

func TestBoundsAdmission(t *testing.T) {
	a := &boundsAdmission{bounds: validation.Bounds{MaxTemplates: 2, MaxLoopItems: 2, MaxParameterBytes: 2}}
	attrs := func(op admission.Operation, subresource string, obj, old *weft.Workflow) admission.Attributes {
		return admission.NewAttributesRecord(admissionObject(obj), admissionObject(old), weft.Kind("Workflow").WithVersion(""), "ns", "wf",
			weft.Resource("workflows").WithVersion(""), subresource, op, nil, false, nil)
	}
	for _, tc := range []struct {
		name  string
		attrs admission.Attributes
		want  string
	}{
		{"create within the bounds", attrs(admission.Create, "", workflowWithTemplates(2), nil), ""},
		{"create past a bound", attrs(admission.Create, "", workflowWithTemplates(3), nil),
			`Workflow.weft.dev "wf" is invalid: spec.templates: Too many: 3 templates, more than --max-templates (2) allows`},
		{"update adding a problem", attrs(admission.Update, "", workflowWithTemplates(3), workflowWithTemplates(2)), "3 templates"},
		{"update of an object stored under higher bounds", attrs(admission.Update, "", workflowWithTemplates(3), workflowWithTemplates(3)), ""},
		{"status subresource", attrs(admission.Update, "status", workflowWithTemplates(3), workflowWithTemplates(2)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !a.Handles(tc.attrs.GetOperation()) {
				t.Fatalf("does not handle %s", tc.attrs.GetOperation())
			}
			err := a.Validate(context.Background(), tc.attrs, nil)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (!apierrors.IsInvalid(err) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want a 422 with %q", err, tc.want)
			}
		})
	}
}

// admissionObject is obj as admission takes it: nil stays an untyped nil.
func admissionObject(obj *weft.Workflow) runtime.Object {
	if obj == nil {
		return nil
	}
	return obj
}
