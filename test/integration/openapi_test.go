package integration

import (
	"encoding/json"
	"testing"
)

// TestOpenAPIDescribesWorkflows checks what kubectl explain and server-side
// apply read: the v3 document of the group, with the Workflow model and the
// field docs of its spec.
func TestOpenAPIDescribesWorkflows(t *testing.T) {
	raw, err := server.Client.Discovery().RESTClient().Get().AbsPath("/openapi/v3/apis/weft.dev/v1alpha1").Do(testContext(t)).Raw()
	if err != nil {
		t.Fatalf("get OpenAPI v3: %v", err)
	}
	var document struct {
		Components struct {
			Schemas map[string]struct {
				Description string                     `json:"description"`
				Properties  map[string]json.RawMessage `json:"properties"`
				Extensions  []map[string]string        `json:"x-kubernetes-group-version-kind"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &document); err != nil {
		t.Fatal(err)
	}
	var workflowModel, stepModel string
	for name, schema := range document.Components.Schemas {
		for _, gvk := range schema.Extensions {
			if gvk["group"] == "weft.dev" && gvk["kind"] == "Workflow" {
				workflowModel = name
			}
		}
		if _, ok := schema.Properties["withItems"]; ok {
			if _, ok := schema.Properties["dependencies"]; !ok {
				stepModel = name
			}
		}
	}
	if workflowModel == "" {
		t.Fatalf("no schema carries the weft.dev Workflow kind")
	}
	if stepModel == "" || document.Components.Schemas[stepModel].Properties["when"] == nil {
		t.Errorf("no WorkflowStep schema with withItems and when")
	}
	for _, field := range []string{"spec", "status"} {
		if document.Components.Schemas[workflowModel].Properties[field] == nil {
			t.Errorf("%s has no %s property", workflowModel, field)
		}
	}
}
