package workflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/rest"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

var (
	configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	jobs       = schema.GroupVersionResource{Group: "batch", Version: "v1", Resource: "jobs"}
	widgets    = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
)

// staticMapper is a RESTMapper that knows a few kinds and counts resets.
type staticMapper struct {
	*meta.DefaultRESTMapper
	resets int
}

func (m *staticMapper) Reset() { m.resets++ }

func newStaticMapper() *staticMapper {
	m := meta.NewDefaultRESTMapper(nil)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Version: "v1", Kind: "Namespace"}, meta.RESTScopeRoot)
	m.Add(schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "Job"}, meta.RESTScopeNamespace)
	m.Add(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Widget"}, meta.RESTScopeNamespace)
	return &staticMapper{DefaultRESTMapper: m}
}

// resourceFixture is a runner over a fake dynamic client that records who
// it was asked to impersonate.
type resourceFixture struct {
	runner *resourceRunner
	client *dynamicfake.FakeDynamicClient
	mapper *staticMapper
	users  []rest.ImpersonationConfig
}

func newResourceFixture(objects ...runtime.Object) *resourceFixture {
	f := &resourceFixture{mapper: newStaticMapper()}
	f.client = dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{
		configMaps: "ConfigMapList", jobs: "JobList", widgets: "WidgetList",
	}, objects...)
	f.runner = newResourceRunner(func(user rest.ImpersonationConfig) (dynamic.Interface, error) {
		f.users = append(f.users, user)
		return f.client, nil
	}, f.mapper)
	return f
}

func resourceWorkflowObject() *v1alpha1.Workflow {
	return &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{
		Name: "wf", Namespace: "team", UID: "wf-uid",
		Annotations: map[string]string{
			v1alpha1.AnnotationCreator:       "alice",
			v1alpha1.AnnotationCreatorUID:    "alice-uid",
			v1alpha1.AnnotationCreatorGroups: "developers,system:authenticated",
		},
	}}
}

func request(action, manifest string) engine.ResourceRequest {
	return engine.ResourceRequest{NodeID: "wf-1", NodeName: "wf[0].make", Resource: v1alpha1.ResourceTemplate{Action: action, Manifest: manifest}}
}

const configMapManifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  color: blue\n"

func unstructuredObject(gvk schema.GroupVersionKind, namespace, name string, labels map[string]string, fields map[string]interface{}) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: fields}
	if u.Object == nil {
		u.Object = map[string]interface{}{}
	}
	u.SetGroupVersionKind(gvk)
	u.SetNamespace(namespace)
	u.SetName(name)
	u.SetLabels(labels)
	return u
}

// runOnce runs the request once and returns the node's observation.
func (f *resourceFixture) runOnce(t *testing.T, wf *v1alpha1.Workflow, req engine.ResourceRequest) engine.ResourceObservation {
	t.Helper()
	f.runner.run(context.Background(), wf, []engine.ResourceRequest{req})
	for _, o := range f.runner.observations(wf) {
		if o.NodeID == req.NodeID {
			return o
		}
	}
	t.Fatalf("no observation of %s", req.NodeID)
	return engine.ResourceObservation{}
}

func TestResourceCreateAsTheCreator(t *testing.T) {
	f := newResourceFixture()
	wf := resourceWorkflowObject()
	req := request("create", configMapManifest)
	req.Resource.SetOwnerReference = true
	req.Outputs = []v1alpha1.Parameter{{Name: "color", ValueFrom: &v1alpha1.ValueFrom{JSONPath: "{.data.color}"}}}
	obs := f.runOnce(t, wf, req)
	if obs.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("observation %s %q, want Succeeded", obs.Phase, obs.Message)
	}
	if obs.Outputs == nil || len(obs.Outputs.Parameters) != 1 || string(*obs.Outputs.Parameters[0].Value) != "blue" {
		t.Errorf("outputs %+v, want color=blue", obs.Outputs)
	}
	want := rest.ImpersonationConfig{UserName: "alice", UID: "alice-uid", Groups: []string{"developers", "system:authenticated"}}
	if len(f.users) != 1 || f.users[0].UserName != want.UserName || f.users[0].UID != want.UID || strings.Join(f.users[0].Groups, ",") != strings.Join(want.Groups, ",") {
		t.Errorf("impersonated %+v, want %+v", f.users, want)
	}
	cm, err := f.client.Resource(configMaps).Namespace("team").Get(context.Background(), "cm", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cm.GetLabels()[podspec.LabelNodeID] != "wf-1" || cm.GetLabels()[podspec.LabelWorkflow] != "wf" {
		t.Errorf("labels %v lack the workflow's and node's", cm.GetLabels())
	}
	refs := cm.GetOwnerReferences()
	if len(refs) != 1 || refs[0].Kind != "Workflow" || refs[0].UID != "wf-uid" || refs[0].Controller != nil {
		t.Errorf("ownerReferences %+v, want the workflow, not as controller", refs)
	}
}

func TestResourceOutcomes(t *testing.T) {
	job := schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "Job"}
	jobManifest := "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\n"
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "secrets"}, "", errors.New(forbiddenReason))
	tests := []struct {
		name        string
		objects     []runtime.Object
		reactor     func(clienttesting.Action) (bool, runtime.Object, error)
		wf          func(*v1alpha1.Workflow)
		req         engine.ResourceRequest
		wantPhase   v1alpha1.NodePhase
		wantMessage string
	}{
		{name: "no creator annotations", wf: func(wf *v1alpha1.Workflow) { wf.Annotations = nil }, req: request("create", configMapManifest),
			wantPhase: v1alpha1.NodeError, wantMessage: "the workflow has no creator annotations; resource templates run with the creator's rights"},
		{name: "RBAC refuses", reactor: func(clienttesting.Action) (bool, runtime.Object, error) { return true, nil, forbidden }, req: request("create", configMapManifest),
			wantPhase: v1alpha1.NodeFailed, wantMessage: forbidden.Error()},
		{name: "the API is unavailable for now", reactor: func(clienttesting.Action) (bool, runtime.Object, error) {
			return true, nil, apierrors.NewServiceUnavailable("etcd is down")
		}, req: request("create", configMapManifest), wantPhase: v1alpha1.NodePending, wantMessage: "retrying: etcd is down"},
		{name: "an object someone else made", objects: []runtime.Object{unstructuredObject(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "team", "cm", nil, nil)},
			req: request("create", configMapManifest), wantPhase: v1alpha1.NodeFailed, wantMessage: "already exists"},
		{name: "an object this node made before a restart", objects: []runtime.Object{unstructuredObject(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "team", "cm", map[string]string{podspec.LabelNodeID: "wf-1"}, nil)},
			req: request("create", configMapManifest), wantPhase: v1alpha1.NodeSucceeded},
		{name: "waiting for the success condition", objects: []runtime.Object{unstructuredObject(job, "team", "pi", nil, map[string]interface{}{"status": map[string]interface{}{"active": int64(1)}})},
			req: withConditions(request("get", jobManifest), "status.succeeded > 0", "status.failed > 3"), wantPhase: v1alpha1.NodeRunning, wantMessage: "waiting for success condition 'status.succeeded>0'"},
		{name: "success condition holds", objects: []runtime.Object{unstructuredObject(job, "team", "pi", nil, map[string]interface{}{"status": map[string]interface{}{"succeeded": int64(1)}})},
			req: withConditions(request("get", jobManifest), "status.succeeded > 0", "status.failed > 3"), wantPhase: v1alpha1.NodeSucceeded},
		{name: "failure condition holds", objects: []runtime.Object{unstructuredObject(job, "team", "pi", nil, map[string]interface{}{"status": map[string]interface{}{"failed": int64(4)}})},
			req: withConditions(request("get", jobManifest), "status.succeeded > 0", "status.failed > 3"), wantPhase: v1alpha1.NodeFailed, wantMessage: "failure condition 'status.failed>3' evaluated true"},
		{name: "get of a missing object", req: request("get", jobManifest), wantPhase: v1alpha1.NodeFailed, wantMessage: "not found"},
		{name: "delete of a missing object is done", req: request("delete", jobManifest), wantPhase: v1alpha1.NodeSucceeded},
		{name: "unknown kind", req: request("create", "apiVersion: v9\nkind: Gadget\nmetadata:\n  name: g\n"), wantPhase: v1alpha1.NodeFailed, wantMessage: "the cluster serves no kind Gadget in v9"},
		{name: "manifest not YAML", req: request("create", "kind: ["), wantPhase: v1alpha1.NodeError, wantMessage: "resource.manifest is not valid YAML or JSON"},
		{name: "bad condition", req: withConditions(request("get", jobManifest), "status.succeeded >", ""), wantPhase: v1alpha1.NodeError, wantMessage: "resource.successCondition"},
		{name: "kubectl flags", req: func() engine.ResourceRequest {
			r := request("patch", jobManifest)
			r.Resource.Flags = []string{"pod", "x"}
			return r
		}(), wantPhase: v1alpha1.NodeError, wantMessage: "kubectl flags, which Weft does not run"},
		{name: "delete --ignore-not-found", req: func() engine.ResourceRequest {
			r := request("delete", jobManifest)
			r.Resource.Flags = []string{"--ignore-not-found"}
			return r
		}(), wantPhase: v1alpha1.NodeSucceeded},
		{name: "json patch", req: func() engine.ResourceRequest {
			r := request("patch", `[{"op": "add", "path": "/data/x", "value": "y"}]`)
			r.Resource.MergeStrategy = "json"
			return r
		}(), wantPhase: v1alpha1.NodeError, wantMessage: "resource.mergeStrategy json"},
		{name: "owner of a cluster-scoped object", req: func() engine.ResourceRequest {
			r := request("create", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\n")
			r.Resource.SetOwnerReference = true
			return r
		}(), wantPhase: v1alpha1.NodeError, wantMessage: "cannot own the cluster-scoped Namespace ns1"},
		{name: "jqFilter output", objects: []runtime.Object{unstructuredObject(job, "team", "pi", nil, nil)}, req: func() engine.ResourceRequest {
			r := request("get", jobManifest)
			r.Outputs = []v1alpha1.Parameter{{Name: "n", ValueFrom: &v1alpha1.ValueFrom{JQFilter: ".metadata.name"}}}
			return r
		}(), wantPhase: v1alpha1.NodeError, wantMessage: "valueFrom.jqFilter is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newResourceFixture(tt.objects...)
			if tt.reactor != nil {
				f.client.PrependReactor("*", "*", tt.reactor)
			}
			wf := resourceWorkflowObject()
			if tt.wf != nil {
				tt.wf(wf)
			}
			obs := f.runOnce(t, wf, tt.req)
			if obs.Phase != tt.wantPhase || !strings.Contains(obs.Message, tt.wantMessage) {
				t.Errorf("observation %s %q, want %s with %q", obs.Phase, obs.Message, tt.wantPhase, tt.wantMessage)
			}
		})
	}
}

const forbiddenReason = `User "bob" cannot create resource "secrets" in API group "" in the namespace "team"`

func withConditions(r engine.ResourceRequest, success, failure string) engine.ResourceRequest {
	r.Resource.SuccessCondition, r.Resource.FailureCondition = success, failure
	return r
}

func TestResourceActsOnceThenPolls(t *testing.T) {
	f := newResourceFixture()
	wf := resourceWorkflowObject()
	req := withConditions(request("create", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: pi-\n"), "status.succeeded > 0", "")
	creates := 0
	f.client.PrependReactor("create", "jobs", func(action clienttesting.Action) (bool, runtime.Object, error) {
		creates++
		obj := action.(clienttesting.CreateAction).GetObject().(*unstructured.Unstructured).DeepCopy()
		obj.SetName("pi-abcde")
		return true, obj, f.client.Tracker().Create(jobs, obj, "team")
	})
	requeue, changed := f.runner.run(context.Background(), wf, []engine.ResourceRequest{req})
	if requeue != ResourcePollInterval || !changed {
		t.Fatalf("run = %v, %v; want a poll in %v and a change", requeue, changed, ResourcePollInterval)
	}
	_, changed = f.runner.run(context.Background(), wf, []engine.ResourceRequest{req})
	if changed || creates != 1 {
		t.Fatalf("second run: changed %v, %d creates; want no change and one create", changed, creates)
	}
	job, err := f.client.Resource(jobs).Namespace("team").Get(context.Background(), "pi-abcde", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := unstructured.SetNestedField(job.Object, int64(1), "status", "succeeded"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.Resource(jobs).Namespace("team").Update(context.Background(), job, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	requeue, changed = f.runner.run(context.Background(), wf, []engine.ResourceRequest{req})
	if requeue != 0 || !changed || creates != 1 {
		t.Fatalf("third run = %v, %v with %d creates; want done, changed, one create", requeue, changed, creates)
	}
	if obs := f.runner.observations(wf); len(obs) != 1 || obs[0].Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("observations %+v, want Succeeded", obs)
	}

	restarted := newResourceRunner(f.runner.clients, f.mapper)
	restarted.run(context.Background(), wf, []engine.ResourceRequest{req})
	if creates != 1 {
		t.Errorf("after a restart the generateName object was created again (%d creates)", creates)
	}
	if obs := restarted.observations(wf); len(obs) != 1 || obs[0].Phase != v1alpha1.NodeSucceeded {
		t.Errorf("after a restart: observations %+v, want Succeeded from the object found by its label", obs)
	}

	f.runner.run(context.Background(), wf, nil)
	if obs := f.runner.observations(wf); len(obs) != 0 {
		t.Errorf("a node no longer requested is still observed: %+v", obs)
	}
}

func TestResourcePatchFallsBackToMerge(t *testing.T) {
	widget := unstructuredObject(schema.GroupVersionKind{Group: "example.com", Version: "v1", Kind: "Widget"}, "team", "w", nil, nil)
	f := newResourceFixture(widget)
	var sent []string
	f.client.PrependReactor("patch", "widgets", func(action clienttesting.Action) (bool, runtime.Object, error) {
		pt := action.(clienttesting.PatchAction).GetPatchType()
		sent = append(sent, string(pt))
		if pt == "application/strategic-merge-patch+json" {
			return true, nil, apierrors.NewGenericServerResponse(415, "patch", schema.GroupResource{Group: "example.com", Resource: "widgets"}, "w", "the body of the request was in an unknown format", 0, false)
		}
		return true, widget, nil
	})
	obs := f.runOnce(t, resourceWorkflowObject(), request("patch", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 2\n"))
	if obs.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("observation %s %q, want Succeeded", obs.Phase, obs.Message)
	}
	if strings.Join(sent, " ") != "application/strategic-merge-patch+json application/merge-patch+json" {
		t.Errorf("patch types %v, want strategic then merge", sent)
	}
}

func TestResourceApplyAndReplace(t *testing.T) {
	existing := unstructuredObject(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "team", "cm", nil, nil)
	existing.SetResourceVersion("7")
	f := newResourceFixture(existing)
	var applied []types.PatchType
	f.client.PrependReactor("patch", "configmaps", func(action clienttesting.Action) (bool, runtime.Object, error) {
		applied = append(applied, action.(clienttesting.PatchAction).GetPatchType())
		return true, existing, nil
	})
	wf := resourceWorkflowObject()
	if obs := f.runOnce(t, wf, request("apply", configMapManifest)); obs.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("apply: %s %q", obs.Phase, obs.Message)
	}
	if len(applied) != 1 || applied[0] != types.ApplyPatchType {
		t.Errorf("apply sent %v, want one server-side apply", applied)
	}
	replaceReq := request("replace", configMapManifest)
	replaceReq.NodeID = "wf-2"
	if obs := f.runOnce(t, wf, replaceReq); obs.Phase != v1alpha1.NodeSucceeded {
		t.Fatalf("replace: %s %q", obs.Phase, obs.Message)
	}
	cm, err := f.client.Resource(configMaps).Namespace("team").Get(context.Background(), "cm", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if color, _, _ := unstructured.NestedString(cm.Object, "data", "color"); color != "blue" {
		t.Errorf("replaced data.color = %q, want blue", color)
	}
}

func TestResourceUnknownKindRediscovers(t *testing.T) {
	f := newResourceFixture()
	f.runOnce(t, resourceWorkflowObject(), request("create", "apiVersion: v9\nkind: Gadget\nmetadata:\n  name: g\n"))
	if f.mapper.resets != 1 {
		t.Errorf("%d mapper resets, want 1", f.mapper.resets)
	}
}

func TestSoonest(t *testing.T) {
	tests := []struct{ a, b, want int }{{0, 0, 0}, {0, 5, 5}, {5, 0, 5}, {3, 5, 3}, {5, 3, 3}}
	for _, tt := range tests {
		if got := soonest(time.Duration(tt.a), time.Duration(tt.b)); got != time.Duration(tt.want) {
			t.Errorf("soonest(%d, %d) = %v, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
