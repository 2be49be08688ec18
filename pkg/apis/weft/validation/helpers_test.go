package validation_test

import (
	"fmt"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// wantError is an error a case expects: its exact field path and type, and
// a text found in its detail or bad value.
type wantError struct {
	field string
	typ   field.ErrorType
	text  string
}

// expectErrors checks that errs are exactly the wanted errors, in any order.
func expectErrors(t *testing.T, errs field.ErrorList, want ...wantError) {
	t.Helper()
	used := make([]bool, len(errs))
	for _, w := range want {
		found := false
		for i, err := range errs {
			if used[i] || err.Field != w.field || err.Type != w.typ {
				continue
			}
			if strings.Contains(err.Detail, w.text) || strings.Contains(fmt.Sprint(err.BadValue), w.text) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing error %s %s containing %q; got:\n%s", w.field, w.typ, w.text, list(errs))
		}
	}
	for i, err := range errs {
		if !used[i] {
			t.Errorf("unexpected error: %v", err)
		}
	}
}

func list(errs field.ErrorList) string {
	var b strings.Builder
	for _, err := range errs {
		fmt.Fprintf(&b, "  %s | %s | %v | %s\n", err.Field, err.Type, err.BadValue, err.Detail)
	}
	return b.String()
}

// decode reads YAML into a v1alpha1 object, rejecting unknown fields so
// that a typo in a case cannot go unnoticed.
func decode(t *testing.T, doc string, into any) {
	t.Helper()
	if err := yaml.UnmarshalStrict([]byte(doc), into); err != nil {
		t.Fatalf("decoding case: %v\n%s", err, doc)
	}
}

// specOf converts a v1alpha1 workflow spec written in YAML to the internal
// version.
func specOf(t *testing.T, doc string) weft.WorkflowSpec {
	t.Helper()
	var in v1alpha1.WorkflowSpec
	decode(t, doc, &in)
	var out weft.WorkflowSpec
	if err := v1alpha1.Convert_v1alpha1_WorkflowSpec_To_weft_WorkflowSpec(&in, &out, nil); err != nil {
		t.Fatalf("converting spec: %v", err)
	}
	return out
}

// workflowWith returns a Workflow named wf in namespace default with the spec.
func workflowWith(t *testing.T, spec string) *weft.Workflow {
	t.Helper()
	return &weft.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "wf", Namespace: "default"}, Spec: specOf(t, spec)}
}

// templateWith returns a WorkflowTemplate named wt in namespace default with the spec.
func templateWith(t *testing.T, spec string) *weft.WorkflowTemplate {
	t.Helper()
	return &weft.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "wt", Namespace: "default"}, Spec: specOf(t, spec)}
}

// workflowDoc converts a whole v1alpha1 Workflow written in YAML.
func workflowDoc(t *testing.T, doc string) *weft.Workflow {
	t.Helper()
	var in v1alpha1.Workflow
	decode(t, doc, &in)
	var out weft.Workflow
	if err := v1alpha1.Convert_v1alpha1_Workflow_To_weft_Workflow(&in, &out, nil); err != nil {
		t.Fatalf("converting workflow: %v", err)
	}
	return &out
}

// cronWith returns a CronWorkflow named cron in namespace default with the
// spec written in YAML.
func cronWith(t *testing.T, spec string) *weft.CronWorkflow {
	t.Helper()
	var in v1alpha1.CronWorkflowSpec
	decode(t, spec, &in)
	out := &weft.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "cron", Namespace: "default"}}
	if err := v1alpha1.Convert_v1alpha1_CronWorkflowSpec_To_weft_CronWorkflowSpec(&in, &out.Spec, nil); err != nil {
		t.Fatalf("converting cron workflow spec: %v", err)
	}
	return out
}

// specCase is a workflow spec and the errors it should produce.
type specCase struct {
	name string
	spec string
	want []wantError
}

// runWorkflowCases validates each spec as a Workflow's.
func runWorkflowCases(t *testing.T, cases []specCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, validation.ValidateWorkflow(workflowWith(t, tc.spec)), tc.want...)
		})
	}
}
