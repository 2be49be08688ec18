package validation_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/install"
	"github.com/weft-dev/weft/pkg/apis/weft/validation"
)

// fuzzCodecs decode fuzzed manifests as the apiserver does: to the internal
// version, defaulted.
var fuzzCodecs = func() serializer.CodecFactory {
	scheme := runtime.NewScheme()
	install.Install(scheme)
	return serializer.NewCodecFactory(scheme)
}()

// FuzzValidate decodes a fuzzed manifest (JSON or YAML) of any of Weft's
// kinds and validates it as the apiserver's strategies do, on creation and
// on an update that changes nothing. Validation must not change the object,
// must give the same errors twice, and every error must have a field path
// into the object's metadata or spec (status, for status updates); an update
// that changes nothing must not be refused for changing the spec.
func FuzzValidate(f *testing.F) {
	f.Fuzz(func(t *testing.T, manifest []byte) {
		obj, _, err := fuzzCodecs.UniversalDecoder().Decode(manifest, nil, nil)
		if err != nil {
			return
		}
		checkValidations(t, obj, manifest)
	})
}

// FuzzValidateFields puts two fuzzed strings into the names, references,
// dependencies, conditions, durations, schedules and time zone of a valid
// Workflow and CronWorkflow, and checks their validations as FuzzValidate
// does. Unlike a fuzzed manifest, which mostly fails to decode, every input
// reaches validation.
func FuzzValidateFields(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, second string) {
		a, _ := json.Marshal(first)
		b, _ := json.Marshal(second)
		for _, manifest := range []string{fieldsWorkflow, fieldsCronWorkflow} {
			filled := []byte(strings.NewReplacer(`"A"`, string(a), `"B"`, string(b)).Replace(manifest))
			obj, _, err := fuzzCodecs.UniversalDecoder().Decode(filled, nil, nil)
			if err != nil {
				t.Fatalf("strings a manifest holds as they are do not decode: %v\n%s", err, filled)
			}
			checkValidations(t, obj, filled)
		}
	})
}

// fieldsWorkflow and fieldsCronWorkflow are the manifests of
// FuzzValidateFields; "A" and "B" stand for its fuzzed strings.
const (
	fieldsWorkflow = `{"apiVersion": "weft.dev/v1alpha1", "kind": "Workflow",
  "metadata": {"name": "A", "namespace": "default", "labels": {"app": "B"}},
  "spec": {"entrypoint": "A", "activeDeadlineSeconds": 60,
    "arguments": {"parameters": [{"name": "B", "value": "A"}]},
    "templates": [
      {"name": "A", "dag": {"tasks": [
        {"name": "first", "template": "echo", "when": "B", "arguments": {"parameters": [{"name": "msg", "value": "A"}]}},
        {"name": "B", "template": "A", "depends": "B", "withParam": "B"},
        {"name": "last", "template": "steps", "dependencies": ["A", "B"]}]}},
      {"name": "steps", "inputs": {"parameters": [{"name": "A"}]}, "steps": [[
        {"name": "A", "template": "echo", "when": "A", "withItems": ["A", "B"], "arguments": {"parameters": [{"name": "msg", "value": "B"}]}}]]},
      {"name": "echo", "inputs": {"parameters": [{"name": "msg", "value": "B", "enum": ["A", "B"]}]},
        "activeDeadlineSeconds": "A", "timeout": "B", "retryStrategy": {"limit": "A", "backoff": {"duration": "B", "maxDuration": "A"}},
        "container": {"image": "A", "args": ["B"]}}]}}`
	fieldsCronWorkflow = `{"apiVersion": "weft.dev/v1alpha1", "kind": "CronWorkflow",
  "metadata": {"name": "B", "namespace": "default"},
  "spec": {"schedules": ["A"], "timezone": "B", "concurrencyPolicy": "A", "stopStrategy": {"expression": "B"},
    "workflowSpec": {"entrypoint": "A", "templates": [{"name": "A", "container": {"image": "B"}}]}}}`
)

// checkValidations runs the validations of obj's kind and checks that they
// leave it unchanged, give the same errors twice, put every error under
// metadata, spec or status, and do not refuse an update that changes nothing
// for changing the spec. source is what obj was decoded from, for messages.
func checkValidations(t *testing.T, obj runtime.Object, source []byte) {
	t.Helper()
	for name, validate := range strategyValidations(obj) {
		before := obj.DeepCopyObject()
		errs := validate()
		if !reflect.DeepEqual(obj, before) {
			t.Fatalf("%s changed the object it validated, from %q", name, source)
		}
		if again := validate(); !reflect.DeepEqual(errorTexts(errs), errorTexts(again)) {
			t.Fatalf("%s gave different errors for the same object, from %q:\n%s\nthen:\n%s",
				name, source, strings.Join(errorTexts(errs), "\n"), strings.Join(errorTexts(again), "\n"))
		}
		for _, e := range errs {
			root, _, _ := strings.Cut(e.Field, ".")
			root, _, _ = strings.Cut(root, "[")
			if root != "metadata" && root != "spec" && root != "status" {
				t.Fatalf("%s: error without a field path into the object, from %q: %v", name, source, e)
			}
			if name == "ValidateWorkflowUpdate" && e.Type == field.ErrorTypeForbidden && e.Field == "spec" {
				t.Fatalf("an update that changes nothing is refused, from %q: %v", source, e)
			}
		}
	}
}

// strategyValidations are the validations the apiserver's strategies run
// for obj's kind, on creation and on an update to an identical object.
func strategyValidations(obj runtime.Object) map[string]func() field.ErrorList {
	switch o := obj.(type) {
	case *weft.Workflow:
		old := o.DeepCopy()
		return map[string]func() field.ErrorList{
			"ValidateWorkflow":             func() field.ErrorList { return validation.ValidateWorkflow(o) },
			"ValidateWorkflowUpdate":       func() field.ErrorList { return validation.ValidateWorkflowUpdate(o, old) },
			"ValidateWorkflowStatusUpdate": func() field.ErrorList { return validation.ValidateWorkflowStatusUpdate(o, old) },
		}
	case *weft.WorkflowTemplate:
		old := o.DeepCopy()
		return map[string]func() field.ErrorList{
			"ValidateWorkflowTemplate":       func() field.ErrorList { return validation.ValidateWorkflowTemplate(o) },
			"ValidateWorkflowTemplateUpdate": func() field.ErrorList { return validation.ValidateWorkflowTemplateUpdate(o, old) },
		}
	case *weft.ClusterWorkflowTemplate:
		old := o.DeepCopy()
		return map[string]func() field.ErrorList{
			"ValidateClusterWorkflowTemplate":       func() field.ErrorList { return validation.ValidateClusterWorkflowTemplate(o) },
			"ValidateClusterWorkflowTemplateUpdate": func() field.ErrorList { return validation.ValidateClusterWorkflowTemplateUpdate(o, old) },
		}
	case *weft.CronWorkflow:
		old := o.DeepCopy()
		return map[string]func() field.ErrorList{
			"ValidateCronWorkflow":             func() field.ErrorList { return validation.ValidateCronWorkflow(o) },
			"ValidateCronWorkflowUpdate":       func() field.ErrorList { return validation.ValidateCronWorkflowUpdate(o, old) },
			"ValidateCronWorkflowStatusUpdate": func() field.ErrorList { return validation.ValidateCronWorkflowStatusUpdate(o, old) },
		}
	}
	return nil
}

// errorTexts are the messages of errs, in order.
func errorTexts(errs field.ErrorList) []string {
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	return texts
}
