package api

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
	"github.com/weft-dev/weft/pkg/statusnodes/statusnodestest"
	"github.com/weft-dev/weft/pkg/ui/uiclient"
)

// testNS is the namespace of the tests' objects.
const testNS = "team-a"

// testNow is the clock of the tests.
var testNow = time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC)

// fixture is a handler over fake clientsets.
type fixture struct {
	t       *testing.T
	weft    *fake.Clientset
	kube    *kubefake.Clientset
	config  *rest.Config
	handler *handler
}

func newFixture(t *testing.T, weftObjects []runtime.Object, kubeObjects ...runtime.Object) *fixture {
	f := &fixture{t: t, weft: fake.NewSimpleClientset(weftObjects...), kube: kubefake.NewClientset(kubeObjects...), config: &rest.Config{Host: "https://127.0.0.1:1"}}
	f.weft.PrependReactor("create", "workflows", func(action clienttesting.Action) (bool, runtime.Object, error) {
		wf := action.(clienttesting.CreateAction).GetObject().(*v1alpha1.Workflow)
		if wf.Name == "" {
			wf.Name = wf.GenerateName + "x7k2p"
		}
		return false, nil, nil
	})
	f.handler = &handler{
		forRequest: func(*http.Request) (*uiclient.Clients, error) {
			return &uiclient.Clients{Config: f.config, Kube: f.kube, Weft: f.weft}, nil
		},
		watchInterval: watchInterval,
		now:           func() time.Time { return testNow },
		resolves:      func(context.Context, string) bool { return false },
		dial:          (&net.Dialer{}).DialContext,
	}
	return f
}

// do serves one request and returns the response.
func (f *fixture) do(method, path, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	rec := httptest.NewRecorder()
	newHandler(f.handler).ServeHTTP(rec, req)
	return rec
}

// calls are the API calls the fake clientsets saw since the last look, as
// "verb resource[/subresource]".
func (f *fixture) calls() []string {
	var out []string
	for _, set := range []interface {
		Actions() []clienttesting.Action
		ClearActions()
	}{f.weft, f.kube} {
		for _, a := range set.Actions() {
			resource := a.GetResource().Resource
			if a.GetSubresource() != "" {
				resource += "/" + a.GetSubresource()
			}
			out = append(out, a.GetVerb()+" "+resource)
		}
		set.ClearActions()
	}
	return out
}

// decode reads a JSON answer into v.
func decode(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("answer %q is not JSON: %v", data, err)
	}
}

// statusIn is the Status of an error answer.
func statusIn(t *testing.T, rec *httptest.ResponseRecorder) metav1.Status {
	t.Helper()
	var s metav1.Status
	decode(t, rec.Body.Bytes(), &s)
	if s.Kind != "Status" || s.APIVersion != "v1" || int(s.Code) != rec.Code {
		t.Errorf("answer %d %s is not a Status of its code", rec.Code, rec.Body)
	}
	return s
}

// packedLikeArgo is a status whose nodes are in compressedNodes, gzipped
// as Argo packs them.
func packedLikeArgo(t *testing.T, nodes map[string]v1alpha1.NodeStatus) v1alpha1.WorkflowStatus {
	return v1alpha1.WorkflowStatus{Phase: v1alpha1.WorkflowRunning, CompressedNodes: statusnodestest.PackedLikeArgo(t, nodes)}
}

// workflow is a workflow of the tests' namespace in a phase.
func workflow(name string, phase v1alpha1.WorkflowPhase) *v1alpha1.Workflow {
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: testNS, ResourceVersion: "1"},
		Status:     v1alpha1.WorkflowStatus{Phase: phase, StartedAt: metav1.NewTime(testNow.Add(-time.Hour))},
	}
}
