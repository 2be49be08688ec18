package validation_test

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// TestWorkflowTemplates covers the spec options of templates: no entrypoint
// needed, argument values left to the submitter.
func TestWorkflowTemplates(t *testing.T) {
	cases := []specCase{
		{"library without entrypoint", `
arguments: {parameters: [{name: message}]}
templates:
- name: echo
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}} {{workflow.parameters.message}} {{workflow.parameters.other}}"]}
`, nil},
		{"entrypoint with inputs the submitter supplies", `
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: message}]}
  container: {image: alpine}
`, nil},
		{"entrypoint names no template", `
entrypoint: mian
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.entrypoint", notFound, `no template named "mian"`}}},
		{"argument value outside its enum", `
arguments: {parameters: [{name: env, value: qa, enum: [dev, prod]}]}
templates:
- name: main
  container: {image: alpine}
`, []wantError{{"spec.arguments.parameters[0].value", notSupported, `"dev", "prod"`}}},
		{"invalid step in a library template", `
templates:
- name: main
  steps:
  - - {name: a, template: missing}
`, []wantError{{"spec.templates[0].steps[0][0].template", notFound, `no template named "missing"`}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wt := templateWith(t, tc.spec)
			expectErrors(t, validation.ValidateWorkflowTemplate(wt), tc.want...)
			cwt := &weft.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "cwt"}, Spec: wt.Spec}
			expectErrors(t, validation.ValidateClusterWorkflowTemplate(cwt), tc.want...)
		})
	}
}

// TestWorkflowTemplateRef covers workflows that run a WorkflowTemplate: only
// what they hold is checked.
func TestWorkflowTemplateRef(t *testing.T) {
	runWorkflowCases(t, []specCase{
		{"arguments without values and an entrypoint from the template", `
workflowTemplateRef: {name: wt}
entrypoint: from-template
onExit: also-from-template
arguments: {parameters: [{name: message}]}
`, nil},
		{"local template errors are still reported", `
workflowTemplateRef: {name: wt, clusterScope: true}
templates:
- name: extra
`, []wantError{{"spec.templates[0]", required, `template "extra" does nothing`}}},
	})
}

// TestMetadata covers names, generateName and namespaces.
func TestMetadata(t *testing.T) {
	spec := `
entrypoint: main
templates:
- name: main
  container: {image: alpine}
`
	cases := []struct {
		name string
		meta metav1.ObjectMeta
		want []wantError
	}{
		{"generateName only", metav1.ObjectMeta{GenerateName: "hello-", Namespace: "default"}, nil},
		{"neither name nor generateName", metav1.ObjectMeta{Namespace: "default"},
			[]wantError{{"metadata.name", required, "name or generateName is required"}}},
		{"generateName indented under labels", metav1.ObjectMeta{Namespace: "default", Labels: map[string]string{"generateName": "gifs-"}},
			[]wantError{{"metadata.name", required, `metadata.labels has a key "generateName": it is indented one level too deep`}, {"metadata.labels", invalid, "gifs-"}}},
		{"name swallowed by an annotation's block scalar", metav1.ObjectMeta{Namespace: "default", Annotations: map[string]string{"why": "a reason\nname: k8s-jobs\n"}},
			[]wantError{{"metadata.name", required, `the value of annotation "why" has the line "name: k8s-jobs"`}}},
		{"no namespace", metav1.ObjectMeta{Name: "wf"},
			[]wantError{{"metadata.namespace", required, ""}}},
		{"upper-case name", metav1.ObjectMeta{Name: "Hello", Namespace: "default"},
			[]wantError{{"metadata.name", invalid, "RFC 1123"}}},
		{"invalid generateName", metav1.ObjectMeta{GenerateName: "Hello-", Namespace: "default"},
			[]wantError{{"metadata.generateName", invalid, "RFC 1123"}}},
		{"name longer than a label value", metav1.ObjectMeta{Name: strings.Repeat("a", 64), Namespace: "default"},
			[]wantError{{"metadata.name", tooLong, "label values are at most 63 characters"}}},
		{"invalid label", metav1.ObjectMeta{Name: "wf", Namespace: "default", Labels: map[string]string{"a b": "c"}},
			[]wantError{{"metadata.labels", invalid, "a b"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wf := workflowWith(t, spec)
			wf.ObjectMeta = tc.meta
			expectErrors(t, validation.ValidateWorkflow(wf), tc.want...)
		})
	}
	t.Run("cluster template with a namespace", func(t *testing.T) {
		cwt := &weft.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "cwt", Namespace: "default"}, Spec: specOf(t, spec)}
		expectErrors(t, validation.ValidateClusterWorkflowTemplate(cwt), wantError{"metadata.namespace", forbidden, "not allowed on this type"})
	})
	t.Run("template name longer than a label value", func(t *testing.T) {
		wt := templateWith(t, spec)
		wt.Name = strings.Repeat("t", 64)
		expectErrors(t, validation.ValidateWorkflowTemplate(wt), wantError{"metadata.name", tooLong, "at most 63 characters"})
	})
}

// TestCronWorkflows covers schedules, time zones, policies, limits and the
// spec of the workflows a CronWorkflow creates.
func TestCronWorkflows(t *testing.T) {
	const workflowSpec = `
workflowSpec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine}
`
	cases := []specCase{
		{"schedules with a time zone", `
schedules: ["*/5 * * * *"]
timezone: America/Los_Angeles
concurrencyPolicy: Forbid
startingDeadlineSeconds: 0
successfulJobsHistoryLimit: 3
failedJobsHistoryLimit: 1
` + workflowSpec, nil},
		{"descriptors", `
schedule: "@daily"
schedules: ["@every 1h", "0 9 * * MON-FRI"]
` + workflowSpec, nil},
		{"a workflowTemplateRef needs no entrypoint", `
schedules: ["0 * * * *"]
workflowSpec:
  workflowTemplateRef: {name: wt}
`, nil},
		{"no schedule", workflowSpec, []wantError{{"spec.schedules", required, "give at least one cron schedule"}}},
		{"schedule with three fields", `
schedules: ["0 * * * *", "* * *"]
` + workflowSpec, []wantError{{"spec.schedules[1]", invalid, "expected exactly 5 fields"}}},
		{"deprecated schedule that does not parse", `
schedule: "@fortnightly"
` + workflowSpec, []wantError{{"spec.schedule", invalid, "is not a cron schedule"}}},
		{"unknown time zone", `
schedules: ["0 * * * *"]
timezone: Mars/Olympus_Mons
` + workflowSpec, []wantError{{"spec.timezone", invalid, "is not a known time zone"}}},
		{"unknown concurrency policy", `
schedules: ["0 * * * *"]
concurrencyPolicy: Queue
` + workflowSpec, []wantError{{"spec.concurrencyPolicy", notSupported, `"Allow", "Forbid", "Replace"`}}},
		{"negative deadline and limits", `
schedules: ["0 * * * *"]
startingDeadlineSeconds: -1
successfulJobsHistoryLimit: -1
failedJobsHistoryLimit: -2
` + workflowSpec, []wantError{
			{"spec.startingDeadlineSeconds", invalid, "must be at least 0"},
			{"spec.successfulJobsHistoryLimit", invalid, "must be at least 0"},
			{"spec.failedJobsHistoryLimit", invalid, "must be at least 0"},
		}},
		{"stop strategy without expression", `
schedules: ["0 * * * *"]
stopStrategy: {expression: ""}
` + workflowSpec, []wantError{{"spec.stopStrategy.expression", required, "cronworkflow.failed >= 3"}}},
		{"workflow spec without entrypoint", `
schedules: ["0 * * * *"]
workflowSpec:
  templates:
  - name: main
    container: {image: alpine}
`, []wantError{{"spec.workflowSpec.entrypoint", required, "name the template the workflow starts with"}}},
		{"workflow argument without value", `
schedules: ["0 * * * *"]
workflowSpec:
  entrypoint: main
  arguments: {parameters: [{name: x}]}
  templates:
  - name: main
    container: {image: alpine}
`, []wantError{{"spec.workflowSpec.arguments.parameters[0].value", required, `parameter "x" needs a value`}}},
		{"invalid workflow metadata label", `
schedules: ["0 * * * *"]
workflowMetadata: {labels: {"bad key": x}}
` + workflowSpec, []wantError{{"spec.workflowMetadata.labels", invalid, "bad key"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			expectErrors(t, validation.ValidateCronWorkflow(cronWith(t, tc.spec)), tc.want...)
		})
	}
	t.Run("name too long for the workflows' names", func(t *testing.T) {
		c := cronWith(t, "schedules: [\"@hourly\"]\n"+workflowSpec)
		c.Name = strings.Repeat("c", 53)
		expectErrors(t, validation.ValidateCronWorkflow(c), wantError{"metadata.name", tooLong, "may be at most 52 characters"})
	})
	t.Run("generateName too long for the workflows' names", func(t *testing.T) {
		c := cronWith(t, "schedules: [\"@hourly\"]\n"+workflowSpec)
		c.Name, c.GenerateName = "", strings.Repeat("c", 48)
		expectErrors(t, validation.ValidateCronWorkflow(c), wantError{"metadata.generateName", tooLong, "shorten the prefix"})
	})
}
