package engine

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

const resourceWorkflow = `
apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: k8s-resource-
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: color
      value: blue
  templates:
  - name: main
    steps:
    - - name: create
        template: create-cm
        arguments:
          parameters:
          - name: color
            value: "{{workflow.parameters.color}}"
    - - name: show
        template: show
        arguments:
          parameters:
          - name: uid
            value: "{{steps.create.outputs.parameters.uid}}"
  - name: create-cm
    inputs:
      parameters:
      - name: color
    resource:
      action: create
      setOwnerReference: true
      successCondition: metadata.name == {{workflow.name}}-cm
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{workflow.name}}-cm
        data:
          color: {{inputs.parameters.color}}
    outputs:
      parameters:
      - name: uid
        globalName: cm-uid
        valueFrom:
          jsonPath: "{.metadata.uid}"
  - name: show
    inputs:
      parameters:
      - name: uid
    container:
      image: weft.localhost/busybox:1.35
      command: [echo, "{{inputs.parameters.uid}}"]
`

const createNode = "k8s-resource-xxxxx[0].create"

// reconcileResources runs Reconcile on wf with resource observations and
// keeps the status it decides.
func reconcileResources(t *testing.T, wf *v1alpha1.Workflow, obs ...ResourceObservation) Decision {
	t.Helper()
	d := Reconcile(wf.DeepCopy(), Observed{Resources: obs}, start, testConfig)
	wf.Status = d.Status
	return d
}

func nodeNamed(t *testing.T, wf *v1alpha1.Workflow, name string) v1alpha1.NodeStatus {
	t.Helper()
	n, ok := wf.Status.Nodes[nodeID(wf.Name, name)]
	if !ok {
		t.Fatalf("no node %s", name)
	}
	return n
}

func TestResourceRequest(t *testing.T) {
	wf := decodeWorkflow(t, resourceWorkflow)
	d := reconcileResources(t, wf)
	if len(d.CreatePods) != 0 {
		t.Errorf("a resource template created %d pods", len(d.CreatePods))
	}
	if len(d.Resources) != 1 {
		t.Fatalf("%d resource requests, want 1", len(d.Resources))
	}
	r := d.Resources[0]
	n := nodeNamed(t, wf, createNode)
	expectEqual(t, "node type", n.Type, v1alpha1.NodeTypePod)
	expectEqual(t, "node phase", n.Phase, v1alpha1.NodePending)
	expectEqual(t, "request node ID", r.NodeID, n.ID)
	expectEqual(t, "request node name", r.NodeName, createNode)
	expectEqual(t, "action", r.Resource.Action, "create")
	expectEqual(t, "setOwnerReference", r.Resource.SetOwnerReference, true)
	expectEqual(t, "manifest", r.Resource.Manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: k8s-resource-xxxxx-cm\ndata:\n  color: blue\n")
	expectEqual(t, "success condition", r.Resource.SuccessCondition, "metadata.name == k8s-resource-xxxxx-cm")
	if len(r.Outputs) != 1 || r.Outputs[0].ValueFrom == nil || r.Outputs[0].ValueFrom.JSONPath != "{.metadata.uid}" || r.Outputs[0].GlobalName != "cm-uid" {
		t.Errorf("request outputs %+v, want uid from {.metadata.uid}", r.Outputs)
	}
}

func TestResourceObservations(t *testing.T) {
	uid := v1alpha1.AnyString("u-123")
	succeeded := &v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{{Name: "uid", GlobalName: "cm-uid", Value: &uid, ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.metadata.uid}"}}}}
	tests := []struct {
		name         string
		obs          ResourceObservation
		wantPhase    v1alpha1.NodePhase
		wantMessage  string
		wantRequest  bool
		wantWorkflow v1alpha1.WorkflowPhase
	}{
		{"not yet observed", ResourceObservation{}, v1alpha1.NodePending, "", true, v1alpha1.WorkflowRunning},
		{"pending with a reason", ResourceObservation{Phase: v1alpha1.NodePending, Message: "the API server is unavailable; retrying"}, v1alpha1.NodePending, "the API server is unavailable; retrying", true, v1alpha1.WorkflowRunning},
		{"running", ResourceObservation{Phase: v1alpha1.NodeRunning, Message: "waiting for success condition 'metadata.name==x'"}, v1alpha1.NodeRunning, "waiting for success condition 'metadata.name==x'", true, v1alpha1.WorkflowRunning},
		{"succeeded", ResourceObservation{Phase: v1alpha1.NodeSucceeded, Outputs: succeeded}, v1alpha1.NodeSucceeded, "", false, v1alpha1.WorkflowRunning},
		{"failed", ResourceObservation{Phase: v1alpha1.NodeFailed, Message: `secrets is forbidden: User "bob" cannot create resource "secrets"`}, v1alpha1.NodeFailed, `secrets is forbidden: User "bob" cannot create resource "secrets"`, false, v1alpha1.WorkflowFailed},
		{"error", ResourceObservation{Phase: v1alpha1.NodeError, Message: "the workflow has no creator annotations"}, v1alpha1.NodeError, "the workflow has no creator annotations", false, v1alpha1.WorkflowFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wf := decodeWorkflow(t, resourceWorkflow)
			reconcileResources(t, wf)
			id := nodeNamed(t, wf, createNode).ID
			var obs []ResourceObservation
			if tt.obs.Phase != "" {
				o := tt.obs
				o.NodeID = id
				obs = append(obs, o)
			}
			d := reconcileResources(t, wf, obs...)
			n := nodeNamed(t, wf, createNode)
			expectEqual(t, "phase", n.Phase, tt.wantPhase)
			expectEqual(t, "message", n.Message, tt.wantMessage)
			requested := false
			for _, r := range d.Resources {
				requested = requested || r.NodeID == id
			}
			expectEqual(t, "requested again", requested, tt.wantRequest)
			expectEqual(t, "workflow phase", wf.Status.Phase, tt.wantWorkflow)
			if tt.wantPhase != v1alpha1.NodeSucceeded {
				return
			}
			expectEqual(t, "outputs", n.Outputs, succeeded)
			if wf.Status.Outputs == nil || len(wf.Status.Outputs.Parameters) != 1 || wf.Status.Outputs.Parameters[0].Name != "cm-uid" || *wf.Status.Outputs.Parameters[0].Value != uid {
				t.Errorf("workflow outputs %+v, want cm-uid=u-123", wf.Status.Outputs)
			}
			if len(d.CreatePods) != 1 {
				t.Fatalf("the next step created %d pods, want 1", len(d.CreatePods))
			}
			if cmd := mainCommand(d.CreatePods[0]); !strings.Contains(strings.Join(cmd, " "), "u-123") {
				t.Errorf("the next step's command %q lacks the output u-123", cmd)
			}
		})
	}
}

func TestResourceRequestRepeatsUntilFinished(t *testing.T) {
	wf := decodeWorkflow(t, resourceWorkflow)
	first := reconcileResources(t, wf)
	id := first.Resources[0].NodeID
	for i := 0; i < 3; i++ {
		d := reconcileResources(t, wf, ResourceObservation{NodeID: id, Phase: v1alpha1.NodeRunning})
		if len(d.Resources) != 1 || d.Resources[0].NodeID != id {
			t.Fatalf("round %d: requests %+v, want the one of %s again", i, d.Resources, id)
		}
		expectEqual(t, "request", d.Resources[0], first.Resources[0])
	}
	d := reconcileResources(t, wf, ResourceObservation{NodeID: id, Phase: v1alpha1.NodeSucceeded})
	if len(d.Resources) != 0 {
		t.Errorf("a finished node is still requested: %+v", d.Resources)
	}
	d = reconcileResources(t, wf, ResourceObservation{NodeID: id, Phase: v1alpha1.NodeFailed, Message: "late"})
	n := nodeNamed(t, wf, createNode)
	if n.Phase != v1alpha1.NodeSucceeded || len(d.Resources) != 0 {
		t.Errorf("a finished node changed to %s %q", n.Phase, n.Message)
	}
}

func TestResourceSameObservationsSameDecision(t *testing.T) {
	wf := decodeWorkflow(t, resourceWorkflow)
	id := reconcileResources(t, wf).Resources[0].NodeID
	obs := ResourceObservation{NodeID: id, Phase: v1alpha1.NodeRunning, Message: "waiting"}
	first := reconcileResources(t, wf, obs)
	again := Reconcile(wf.DeepCopy(), Observed{Resources: []ResourceObservation{obs}}, start, testConfig)
	expectEqual(t, "status", again.Status, first.Status)
	expectEqual(t, "requests", again.Resources, first.Resources)
}

func TestResourceNotStartedWhileSuspended(t *testing.T) {
	wf := decodeWorkflow(t, resourceWorkflow)
	suspend := true
	wf.Spec.Suspend = &suspend
	wf.Spec.Entrypoint = "create-cm"
	d := reconcileResources(t, wf)
	if len(d.Resources) != 0 || len(wf.Status.Nodes) != 0 {
		t.Fatalf("suspended workflow requested %+v, nodes %v", d.Resources, wf.Status.Nodes)
	}
	suspend = false
	d = reconcileResources(t, wf)
	if len(d.Resources) != 1 {
		t.Fatalf("resumed workflow requested %d resources, want 1", len(d.Resources))
	}
	expectEqual(t, "entrypoint node type", nodeNamed(t, wf, wf.Name).Type, v1alpha1.NodeTypePod)
}

func TestResourceSubstitutionIsStrict(t *testing.T) {
	wf := decodeWorkflow(t, resourceWorkflow)
	wf.Spec.Templates[1].Resource.Manifest += "  other: {{workflow.parameters.missing}}\n"
	d := reconcileResources(t, wf)
	n := nodeNamed(t, wf, createNode)
	if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, "workflow.parameters.missing") {
		t.Errorf("node %s %q, want Error naming workflow.parameters.missing", n.Phase, n.Message)
	}
	if len(d.Resources) != 0 {
		t.Errorf("requests %+v, want none", d.Resources)
	}
}

func TestResourceParallelism(t *testing.T) {
	wf := decodeWorkflow(t, `
apiVersion: weft.dev/v1alpha1
kind: Workflow
metadata:
  generateName: par-
spec:
  entrypoint: main
  parallelism: 1
  templates:
  - name: main
    steps:
    - - name: a
        template: cm
      - name: b
        template: cm
  - name: cm
    resource:
      action: get
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: x
`)
	d := reconcileResources(t, wf)
	if len(d.Resources) != 1 {
		t.Fatalf("%d requests under parallelism 1, want 1", len(d.Resources))
	}
	d = reconcileResources(t, wf, ResourceObservation{NodeID: d.Resources[0].NodeID, Phase: v1alpha1.NodeSucceeded})
	if len(d.Resources) != 1 {
		t.Fatalf("%d requests after the first ended, want 1", len(d.Resources))
	}
}
