package integration

import (
	"encoding/json"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// argoOnlyFields is a workflow with the fields Argo v4 added that Weft's
// controller does not act on by itself: template annotations, database
// locks and plugin artifacts.
const argoOnlyFields = `
apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  name: argo-fields
spec:
  entrypoint: main
  synchronization:
    mutexes: [{name: wf-lock, database: true}]
    semaphores: [{database: {key: wf-slots}}]
  templates:
  - name: main
    annotations:
      workflows.argoproj.io/display-name: "main of {{workflow.name}}"
    synchronization:
      semaphores: [{database: {key: tmpl-slots}}]
    outputs:
      artifacts:
      - name: out
        path: /tmp/out
        plugin: {name: my-plugin, configuration: "bucket: b", key: out.tgz, connectionTimeoutSeconds: 5}
    container: {image: weft.localhost/busybox:1.35, command: [touch, /tmp/out]}
`

// TestArgoFieldsAreStored creates a workflow with fields only Argo v4 has and
// reads each back unchanged.
func TestArgoFieldsAreStored(t *testing.T) {
	ctx := testContext(t)
	var wf v1alpha1.Workflow
	if err := yaml.UnmarshalStrict([]byte(argoOnlyFields), &wf); err != nil {
		t.Fatal(err)
	}
	workflows := server.Client.WeftV1alpha1().Workflows("argo-fields")
	if _, err := workflows.Create(ctx, &wf, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create: %v", err)
	}
	got, err := workflows.Get(ctx, wf.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"spec.synchronization", got.Spec.Synchronization, wf.Spec.Synchronization},
		{"spec.templates[0].annotations", got.Spec.Templates[0].Annotations, wf.Spec.Templates[0].Annotations},
		{"spec.templates[0].synchronization", got.Spec.Templates[0].Synchronization, wf.Spec.Templates[0].Synchronization},
		{"spec.templates[0].outputs.artifacts[0].plugin", got.Spec.Templates[0].Outputs.Artifacts[0].Plugin, wf.Spec.Templates[0].Outputs.Artifacts[0].Plugin},
	}
	for _, c := range checks {
		gotJSON, _ := json.Marshal(c.got)
		wantJSON, _ := json.Marshal(c.want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s came back as %s, want %s", c.field, gotJSON, wantJSON)
		}
	}
}
