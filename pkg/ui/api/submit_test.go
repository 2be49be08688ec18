package api

import (
	"net/http"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// greetTemplate is a WorkflowTemplate with the parameter "message".
func greetTemplate() *v1alpha1.WorkflowTemplate {
	hello := v1alpha1.AnyString("hello")
	return &v1alpha1.WorkflowTemplate{
		ObjectMeta: metav1.ObjectMeta{Name: "greet", Namespace: testNS},
		Spec: v1alpha1.WorkflowSpec{Entrypoint: "main", Arguments: v1alpha1.Arguments{Parameters: []v1alpha1.Parameter{
			{Name: "message", Value: &hello},
		}}},
	}
}

func TestSubmitFromATemplate(t *testing.T) {
	f := newFixture(t, []runtime.Object{greetTemplate()})
	rec := f.do(http.MethodPost, "/api/submit/team-a", `{"kind":"WorkflowTemplate","name":"greet","parameters":{"message":"hi"},"labels":{"app":"greeter"}}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("submit: %d %s", rec.Code, rec.Body)
	}
	var got workflowView
	decode(t, rec.Body.Bytes(), &got)
	wf := got.Workflow
	ref := wf.Spec.WorkflowTemplateRef
	if wf.Name != "greet-x7k2p" || wf.Namespace != testNS || wf.GenerateName != "greet-" || ref == nil || ref.Name != "greet" || ref.ClusterScope {
		t.Errorf("submitted %s/%s (generateName %q) running %+v", wf.Namespace, wf.Name, wf.GenerateName, ref)
	}
	if p := wf.Spec.Arguments.Parameters; len(p) != 1 || p[0].Name != "message" || *p[0].Value != "hi" {
		t.Errorf("parameters %+v", p)
	}
	if wf.Labels["app"] != "greeter" {
		t.Errorf("labels %v", wf.Labels)
	}
	if calls := strings.Join(f.calls(), ", "); calls != "get workflowtemplates, create workflows" {
		t.Errorf("submit made %s", calls)
	}
}

func TestSubmitRefuses(t *testing.T) {
	f := newFixture(t, []runtime.Object{greetTemplate()})
	cases := []struct {
		body    string
		code    int
		message string
	}{
		{`{"kind":"WorkflowTemplate","name":"greet","parameters":{"colour":"red","message":"hi"}}`, http.StatusUnprocessableEntity,
			"WorkflowTemplate greet has no parameter colour: it takes message"},
		{`{"kind":"ClusterWorkflowTemplate","name":"greet"}`, http.StatusNotFound, `clusterworkflowtemplates.weft.dev "greet" not found`},
		{`{"kind":"CronWorkflow","name":"greet"}`, http.StatusBadRequest, "kind: cannot submit from a CronWorkflow: give WorkflowTemplate or ClusterWorkflowTemplate"},
		{`{"kind":"WorkflowTemplate"}`, http.StatusBadRequest, "name: give the name of the template to submit"},
		{`{"kind":"WorkflowTemplate","name":"greet","entrypoint":"x"}`, http.StatusBadRequest, `unknown field "entrypoint"`},
	}
	for _, c := range cases {
		rec := f.do(http.MethodPost, "/api/submit/team-a", c.body)
		if s := statusIn(t, rec); rec.Code != c.code || !strings.Contains(s.Message, c.message) {
			t.Errorf("submit %s: %d %q, want %d %q", c.body, rec.Code, s.Message, c.code, c.message)
		}
	}
	for _, call := range f.calls() {
		if strings.HasPrefix(call, "create") {
			t.Errorf("a refused submit made %s", call)
		}
	}
}
