package integration

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// badInputNamespace keeps the bad-input table's objects apart.
const badInputNamespace = "badinput"

// badInputTimeout bounds each case: the server must answer within it.
const badInputTimeout = 2 * time.Minute

// badInput is one malformed or hostile object sent to weft-apiserver, and
// the answer it must get.
type badInput struct {
	name string
	// body is the request body; contentType its media type.
	body        []byte
	contentType string
	// resource is the resource the body is created as (default workflows).
	resource string
	// strict asks the server to reject unknown and duplicate fields.
	strict bool
	// code is the HTTP status the server must answer with.
	code int
	// field is, for a 422, the path a cause of the error must name exactly.
	field string
	// mayBeAdmitted allows a create to succeed: for bodies that only a
	// configurable bound rejects.
	mayBeAdmitted bool
}

// TestBadInput sends every case of the bad-input table to the real server:
// each is refused with its 4xx and, for a 422, the path of the offending
// field; none may take the server down, answer with a 5xx or go unanswered.
func TestBadInput(t *testing.T) {
	cases := append(badInputFiles(t), generatedBadInputs()...)
	if len(cases) < 50 {
		t.Fatalf("the table holds %d cases, want at least 50", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), badInputTimeout)
			defer cancel()
			sendBadInput(ctx, t, tc)
		})
	}
	ctx := testContext(t)
	if _, err := server.Client.WeftV1alpha1().Workflows(badInputNamespace).Create(ctx, helloWorkflow("after-bad-input"), metav1.CreateOptions{}); err != nil {
		t.Fatalf("after the bad-input table the server no longer creates a valid workflow: %v", err)
	}
}

// sendBadInput creates tc's body and checks the answer.
func sendBadInput(ctx context.Context, t *testing.T, tc badInput) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("panic while sending %s: %v", tc.name, r)
		}
	}()
	resource, contentType := tc.resource, tc.contentType
	if resource == "" {
		resource = "workflows"
	}
	if contentType == "" {
		contentType = "application/json"
	}
	req := server.Client.WeftV1alpha1().RESTClient().Post().Namespace(badInputNamespace).Resource(resource).
		SetHeader("Content-Type", contentType).Body(tc.body)
	if tc.strict {
		req = req.Param("fieldValidation", "Strict")
	}
	err := req.Do(ctx).Error()
	if ctx.Err() != nil {
		t.Fatalf("no answer within %v: %v", badInputTimeout, err)
	}
	if err == nil {
		if !tc.mayBeAdmitted {
			t.Fatalf("created; want %d", tc.code)
		}
		return
	}
	var status apierrors.APIStatus
	if !asAPIStatus(err, &status) {
		t.Fatalf("want an API status with code %d, got %T: %v", tc.code, err, err)
	}
	got := status.Status()
	if got.Code >= http.StatusInternalServerError {
		t.Fatalf("server error %d: %s", got.Code, got.Message)
	}
	if int(got.Code) != tc.code {
		t.Fatalf("code %d (%s), want %d", got.Code, got.Message, tc.code)
	}
	if tc.code != http.StatusUnprocessableEntity {
		return
	}
	if tc.field == "" {
		t.Fatalf("the case names no field to expect")
	}
	if !hasCauseAt(got, tc.field) {
		t.Errorf("no cause names %s: %s", tc.field, got.Message)
	}
}

// asAPIStatus reports whether err carries an API status, and sets it.
func asAPIStatus(err error, status *apierrors.APIStatus) bool {
	s, ok := err.(apierrors.APIStatus)
	if ok {
		*status = s
	}
	return ok
}

// hasCauseAt reports whether a status has a cause at the field path.
func hasCauseAt(status metav1.Status, field string) bool {
	if status.Details == nil {
		return false
	}
	for _, c := range status.Details.Causes {
		if c.Field == field {
			return true
		}
	}
	return false
}

// badInputFile is a YAML case of testdata/badinput and its expected answer.
type badInputFile struct {
	code  int
	field string
	// resource and strict are as in badInput.
	resource string
	strict   bool
}

// badInputFileCases are the expected answers to testdata/badinput/*.yaml,
// by file name without extension. Every file must be listed, and every
// entry must have its file.
var badInputFileCases = map[string]badInputFile{
	// Cycles.
	"dag-cycle":           {code: 422, field: "spec.templates[0].dag.tasks[1].dependencies"},
	"dag-self-dependency": {code: 422, field: "spec.templates[0].dag.tasks[0].dependencies"},
	"depends-cycle":       {code: 422, field: "spec.templates[0].dag.tasks[2].depends"},
	// Dependencies.
	"depends-syntax":           {code: 422, field: "spec.templates[0].dag.tasks[1].depends"},
	"depends-unknown-task":     {code: 422, field: "spec.templates[0].dag.tasks[1].depends"},
	"depends-and-dependencies": {code: 422, field: "spec.templates[0].dag.tasks[1].dependencies"},
	"dag-target-unknown":       {code: 422, field: "spec.templates[0].dag.target"},
	// Missing references.
	"missing-entrypoint":                  {code: 422, field: "spec.entrypoint"},
	"empty-entrypoint":                    {code: 422, field: "spec.entrypoint"},
	"step-missing-template":               {code: 422, field: "spec.templates[0].steps[1][0].template"},
	"task-missing-template":               {code: 422, field: "spec.templates[0].dag.tasks[0].template"},
	"templateref-missing-template":        {code: 422, field: "spec.templates[0].steps[0][0].templateRef.name"},
	"templateref-without-template":        {code: 422, field: "spec.templates[0].dag.tasks[0].templateRef.template"},
	"workflowtemplateref-missing":         {code: 422, field: "spec.workflowTemplateRef.name"},
	"workflowtemplateref-cluster-missing": {code: 422, field: "spec.workflowTemplateRef.name"},
	"step-template-and-templateref":       {code: 422, field: "spec.templates[0].steps[0][0].templateRef"},
	// Exit handlers and hooks.
	"onexit-missing-template":      {code: 422, field: "spec.onExit"},
	"step-onexit-missing-template": {code: 422, field: "spec.templates[0].steps[0][0].onExit"},
	"exit-hook-missing-template":   {code: 422, field: "spec.hooks[exit].template"},
	"hook-without-expression":      {code: 422, field: "spec.templates[0].steps[0][0].hooks[running].expression"},
	// Names.
	"template-name-invalid":        {code: 422, field: "spec.templates[0].name"},
	"step-name-invalid":            {code: 422, field: "spec.templates[0].steps[0][0].name"},
	"task-name-invalid":            {code: 422, field: "spec.templates[0].dag.tasks[0].name"},
	"parameter-name-invalid":       {code: 422, field: "spec.arguments.parameters[0].name"},
	"input-parameter-name-invalid": {code: 422, field: "spec.templates[0].inputs.parameters[0].name"},
	"workflow-name-invalid":        {code: 422, field: "metadata.name"},
	"duplicate-step-names":         {code: 422, field: "spec.templates[0].steps[1][0].name"},
	"duplicate-task-names":         {code: 422, field: "spec.templates[0].dag.tasks[1].name"},
	"duplicate-template-names":     {code: 422, field: "spec.templates[1].name"},
	// Template types.
	"steps-and-dag-same-names": {code: 422, field: "spec.templates[0]"},
	"template-without-type":    {code: 422, field: "spec.templates[0]"},
	"template-two-types":       {code: 422, field: "spec.templates[0]"},
	"unknown-template-type":    {code: 422, field: "spec.templates[0]"},
	"resource-action-unknown":  {code: 422, field: "spec.templates[0].resource.action"},
	// Loops.
	"withitems-and-withparam":       {code: 422, field: "spec.templates[0].steps[0][0].withParam"},
	"withsequence-count-and-end":    {code: 422, field: "spec.templates[0].dag.tasks[0].withSequence.end"},
	"withsequence-count-not-number": {code: 422, field: "spec.templates[0].steps[0][0].withSequence.count"},
	// Numbers and durations.
	"retry-limit-negative":                {code: 422, field: "spec.templates[0].retryStrategy.limit"},
	"retry-limit-not-number":              {code: 422, field: "spec.retryStrategy.limit"},
	"retry-backoff-duration-invalid":      {code: 422, field: "spec.templates[0].retryStrategy.backoff.duration"},
	"retry-backoff-duration-negative":     {code: 422, field: "spec.templates[0].retryStrategy.backoff.duration"},
	"parallelism-zero":                    {code: 422, field: "spec.parallelism"},
	"template-parallelism-negative":       {code: 422, field: "spec.templates[0].parallelism"},
	"parallelism-not-number":              {code: 400},
	"active-deadline-negative":            {code: 422, field: "spec.activeDeadlineSeconds"},
	"template-active-deadline-not-number": {code: 422, field: "spec.templates[0].activeDeadlineSeconds"},
	"timeout-invalid":                     {code: 422, field: "spec.templates[0].timeout"},
	"suspend-duration-invalid":            {code: 422, field: "spec.templates[0].suspend.duration"},
	"podgc-strategy-unknown":              {code: 422, field: "spec.podGC.strategy"},
	"cron-schedule-invalid":               {code: 422, field: "spec.schedules[0]", resource: "cronworkflows"},
	// Conditions and references.
	"when-unclosed-reference":    {code: 422, field: "spec.templates[0].steps[1][0].when"},
	"when-later-step":            {code: 422, field: "spec.templates[0].steps[0][0].when"},
	"when-unknown-variable":      {code: 422, field: "spec.templates[0].dag.tasks[0].when"},
	"undeclared-input-reference": {code: 422, field: "spec.templates[0].container.command[1]"},
	"required-argument-missing":  {code: 422, field: "spec.arguments.parameters"},
	"argument-not-in-enum":       {code: 422, field: "spec.arguments.parameters[0].value"},
	// Decoding.
	"wrong-apiversion":      {code: 400},
	"wrong-kind":            {code: 400},
	"unknown-field-strict":  {code: 400, strict: true},
	"duplicate-keys-strict": {code: 400, strict: true},
}

// badInputFiles reads testdata/badinput into cases, sent as YAML.
func badInputFiles(t *testing.T) []badInput {
	t.Helper()
	paths, err := filepath.Glob("testdata/badinput/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var cases []badInput
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		want, ok := badInputFileCases[name]
		if !ok {
			t.Fatalf("%s has no expected answer in badInputFileCases", path)
		}
		seen[name] = true
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, badInput{name: name, body: body, contentType: "application/yaml",
			resource: want.resource, strict: want.strict, code: want.code, field: want.field})
	}
	for name := range badInputFileCases {
		if !seen[name] {
			t.Errorf("badInputFileCases lists %s, which has no file in testdata/badinput", name)
		}
	}
	return cases
}

// workflowJSON is a workflow whose spec.templates are the given JSON
// objects, with entrypoint main.
func workflowJSON(name string, templates ...string) []byte {
	return fmt.Appendf(nil, `{"apiVersion":"weft.dev/v1alpha1","kind":"Workflow","metadata":{"name":%q},"spec":{"entrypoint":"main","templates":[%s]}}`,
		name, strings.Join(templates, ","))
}
