package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/identity"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/resource"
)

// ResourcePollInterval is how often the controller looks at an object whose
// successCondition or failureCondition has not decided yet, and retries an
// action the API server could not take for a passing reason.
const ResourcePollInterval = 5 * time.Second

// resourceActionTimeout bounds each call to the API server for a node.
const resourceActionTimeout = 30 * time.Second

// ImpersonatingClients returns dynamic clients that act as a given user.
type ImpersonatingClients func(user rest.ImpersonationConfig) (dynamic.Interface, error)

// NewImpersonatingClients returns clients built from the controller's own
// configuration that impersonate the user they are asked for: every request
// a resource template makes carries the creator's identity, and the API
// server authorizes it with the creator's rights, never the controller's.
func NewImpersonatingClients(config *rest.Config) ImpersonatingClients {
	return func(user rest.ImpersonationConfig) (dynamic.Interface, error) {
		return dynamic.NewForConfig(identity.ConfigAs(config, user))
	}
}

// errNoCreator explains why a workflow without creator annotations cannot
// run a resource template.
var errNoCreator = errors.New("the workflow has no creator annotations; resource templates run with the creator's rights")

// creatorOf is the identity the creator annotations record.
func creatorOf(wf *v1alpha1.Workflow) (rest.ImpersonationConfig, error) {
	user, ok := identity.Creator(wf.Annotations)
	if !ok {
		return rest.ImpersonationConfig{}, errNoCreator
	}
	return user, nil
}

// resourceRunner carries out the resource requests of the engine's
// decisions, impersonating each workflow's creator, and remembers how each
// node went until the engine stops asking (the node ended). A sync feeds
// observations() to Reconcile and hands the decision's requests to run(),
// which acts on new nodes once and polls those waiting for their conditions.
// After a restart the memory is empty: the engine asks again for every
// unfinished node, and acting again is harmless (see act).
type resourceRunner struct {
	clients ImpersonatingClients
	mapper  meta.ResettableRESTMapper

	mu        sync.Mutex
	workflows map[string]*workflowResources
}

// workflowResources are the nodes of one workflow, by node ID.
type workflowResources struct {
	uid   types.UID
	nodes map[string]*resourceNode
}

// resourceNode is what the controller did for one node.
type resourceNode struct {
	// acted says the action was taken; target names the object it acted on.
	acted  bool
	target objectRef
	obs    engine.ResourceObservation
}

// objectRef names an object on the API server.
type objectRef struct {
	gvr             schema.GroupVersionResource
	namespace, name string
}

func newResourceRunner(clients ImpersonatingClients, mapper meta.ResettableRESTMapper) *resourceRunner {
	return &resourceRunner{clients: clients, mapper: mapper, workflows: map[string]*workflowResources{}}
}

// observations are how the resource requests of wf went so far.
func (r *resourceRunner) observations(wf *v1alpha1.Workflow) []engine.ResourceObservation {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.workflows[wf.Namespace+"/"+wf.Name]
	if w == nil || w.uid != wf.UID {
		return nil
	}
	out := make([]engine.ResourceObservation, 0, len(w.nodes))
	for _, n := range w.nodes {
		if n.obs.Phase != "" {
			out = append(out, n.obs)
		}
	}
	return out
}

// forget drops what was remembered of a workflow that is gone.
func (r *resourceRunner) forget(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.workflows, key)
}

// run acts on the requests of wf's latest decision: a node seen for the
// first time is acted on, a node waiting for its conditions is looked at
// again; nodes no longer requested are forgotten. It says when wf must be
// synced again (0: no need) and whether an observation changed, which the
// next Reconcile must see.
func (r *resourceRunner) run(ctx context.Context, wf *v1alpha1.Workflow, requests []engine.ResourceRequest) (time.Duration, bool) {
	key := wf.Namespace + "/" + wf.Name
	r.mu.Lock()
	w := r.workflows[key]
	if w == nil || w.uid != wf.UID {
		w = &workflowResources{uid: wf.UID, nodes: map[string]*resourceNode{}}
		r.workflows[key] = w
	}
	nodes := make(map[string]*resourceNode, len(requests))
	for _, req := range requests {
		n := w.nodes[req.NodeID]
		if n == nil {
			n = &resourceNode{}
		}
		nodes[req.NodeID] = n
	}
	w.nodes = nodes
	if len(nodes) == 0 {
		delete(r.workflows, key)
	}
	r.mu.Unlock()
	if len(requests) == 0 {
		return 0, false
	}

	var client dynamic.Interface
	user, err := creatorOf(wf)
	if err == nil && r.clients == nil {
		err = errors.New("this controller runs without resource template support: start it with a Kubernetes API configuration")
	}
	if err == nil {
		client, err = r.clients(user)
	}
	changed, waiting := false, false
	for _, req := range requests {
		n := nodes[req.NodeID]
		before := n.obs
		switch {
		case finishedPhase(n.obs.Phase):
		case err != nil:
			n.obs = engine.ResourceObservation{NodeID: req.NodeID, Phase: v1alpha1.NodeError, Message: err.Error()}
		default:
			nodeCtx, cancel := context.WithTimeout(ctx, resourceActionTimeout)
			r.advance(nodeCtx, wf, client, req, n)
			cancel()
		}
		changed = changed || !sameObservation(before, n.obs)
		waiting = waiting || !finishedPhase(n.obs.Phase)
	}
	if waiting {
		return ResourcePollInterval, changed
	}
	return 0, changed
}

func finishedPhase(p v1alpha1.NodePhase) bool {
	return p == v1alpha1.NodeSucceeded || p == v1alpha1.NodeFailed || p == v1alpha1.NodeError
}

func sameObservation(a, b engine.ResourceObservation) bool {
	return a.Phase == b.Phase && a.Message == b.Message && (a.Outputs == nil) == (b.Outputs == nil)
}

// advance takes a node one step on: it acts once, then looks at the object
// until its conditions decide.
func (r *resourceRunner) advance(ctx context.Context, wf *v1alpha1.Workflow, client dynamic.Interface, req engine.ResourceRequest, n *resourceNode) {
	set := func(phase v1alpha1.NodePhase, message string, outputs *v1alpha1.Outputs) {
		n.obs = engine.ResourceObservation{NodeID: req.NodeID, Phase: phase, Message: message, Outputs: outputs}
	}
	conditions, err := resource.ParseConditions(req.Resource.SuccessCondition, req.Resource.FailureCondition)
	if err != nil {
		set(v1alpha1.NodeError, err.Error(), nil)
		return
	}
	var obj *unstructured.Unstructured
	if !n.acted {
		target, acted, err := r.act(ctx, wf, client, req)
		var invalid templateError
		switch {
		case errors.As(err, &invalid):
			set(v1alpha1.NodeError, err.Error(), nil)
			return
		case err != nil && passing(err):
			set(v1alpha1.NodePending, "retrying: "+err.Error(), nil)
			return
		case err != nil:
			set(v1alpha1.NodeFailed, err.Error(), nil)
			return
		}
		n.acted, n.target, obj = true, target, acted
		if req.Resource.Action == "delete" {
			r.finish(req, nil, set)
			return
		}
	} else {
		got, err := client.Resource(n.target.gvr).Namespace(n.target.namespace).Get(ctx, n.target.name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			set(v1alpha1.NodeFailed, fmt.Sprintf("%s %s was deleted while its conditions were being checked: %v", n.target.gvr.Resource, n.target.name, err), nil)
			return
		case err != nil && passing(err):
			set(v1alpha1.NodeRunning, "retrying: "+err.Error(), nil)
			return
		case err != nil:
			set(v1alpha1.NodeFailed, err.Error(), nil)
			return
		}
		obj = got
	}
	switch verdict, message := conditions.Evaluate(obj.Object); verdict {
	case resource.Failed:
		set(v1alpha1.NodeFailed, message, nil)
	case resource.Waiting:
		set(v1alpha1.NodeRunning, message, nil)
	default:
		r.finish(req, obj.Object, set)
	}
}

// finish ends a node in Succeeded with its outputs, or in Error when they
// cannot be read.
func (r *resourceRunner) finish(req engine.ResourceRequest, obj map[string]interface{}, set func(v1alpha1.NodePhase, string, *v1alpha1.Outputs)) {
	outputs, err := resource.Outputs(obj, req.Outputs)
	if err != nil {
		set(v1alpha1.NodeError, err.Error(), nil)
		return
	}
	set(v1alpha1.NodeSucceeded, "", outputs)
}

// unsupportedFlags are the kubectl flags of a resource template that Weft
// cannot honour. A delete already treats a missing object as deleted, so
// --ignore-not-found asks for nothing more.
func unsupportedFlags(action string, flags []string) []string {
	var out []string
	for _, f := range flags {
		if action == "delete" && (f == "--ignore-not-found" || f == "--ignore-not-found=true") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// templateError is a resource template the controller cannot carry out as
// written; its node ends in Error.
type templateError struct{ error }

// passing says an API error may go away by itself: the node retries.
func passing(err error) bool {
	switch apierrors.ReasonForError(err) {
	case metav1.StatusReasonForbidden, metav1.StatusReasonUnauthorized, metav1.StatusReasonInvalid,
		metav1.StatusReasonBadRequest, metav1.StatusReasonNotFound, metav1.StatusReasonAlreadyExists,
		metav1.StatusReasonMethodNotAllowed, metav1.StatusReasonUnsupportedMediaType,
		metav1.StatusReasonNotAcceptable, metav1.StatusReasonRequestEntityTooLarge, metav1.StatusReasonGone:
		return false
	}
	return !meta.IsNoMatchError(err)
}

// act carries the request's action out once and returns the object it acted
// on (nil after delete). Acting again after a restart is harmless: create
// finds the object it made by its node label, apply and replace write the
// same object, patch sends the same patch, delete treats NotFound as done.
func (r *resourceRunner) act(ctx context.Context, wf *v1alpha1.Workflow, client dynamic.Interface, req engine.ResourceRequest) (objectRef, *unstructured.Unstructured, error) {
	res := req.Resource
	if flags := unsupportedFlags(res.Action, res.Flags); len(flags) > 0 {
		return objectRef{}, nil, templateError{fmt.Errorf("resource.flags %q are kubectl flags, which Weft does not run: name the object in resource.manifest instead (delete accepts --ignore-not-found, which it always does)", flags)}
	}
	if res.ManifestFrom != nil {
		return objectRef{}, nil, templateError{errors.New("resource.manifestFrom is not supported: give the object in resource.manifest")}
	}
	if res.Action == "patch" && res.MergeStrategy == "json" {
		return objectRef{}, nil, templateError{errors.New("resource.mergeStrategy json: a JSON patch names its object with kubectl flags, which Weft does not run; use mergeStrategy merge or strategic with a manifest that names the object")}
	}
	obj, err := resource.Parse(res.Manifest)
	if err != nil {
		return objectRef{}, nil, templateError{err}
	}
	mapping, err := r.mapping(obj.GroupVersionKind())
	if err != nil {
		return objectRef{}, nil, err
	}
	ref := resource.WorkflowRef{Name: wf.Name, Namespace: wf.Namespace, UID: wf.UID}
	namespaced := mapping.Scope.Name() == meta.RESTScopeNameNamespace
	if err := resource.Prepare(obj, res.Action, res.SetOwnerReference, resource.Target{Workflow: ref, NodeID: req.NodeID, Namespaced: namespaced}); err != nil {
		return objectRef{}, nil, templateError{err}
	}
	target := objectRef{gvr: mapping.Resource, namespace: obj.GetNamespace(), name: obj.GetName()}
	ri := client.Resource(target.gvr).Namespace(target.namespace)
	var acted *unstructured.Unstructured
	switch res.Action {
	case "get":
		acted, err = ri.Get(ctx, target.name, metav1.GetOptions{})
	case "create":
		acted, err = create(ctx, ri, obj, req.NodeID)
	case "apply":
		acted, err = ri.Apply(ctx, target.name, obj, metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
	case "patch":
		acted, err = patch(ctx, ri, obj, res.MergeStrategy)
	case "replace":
		acted, err = replace(ctx, ri, obj)
	case "delete":
		propagation := metav1.DeletePropagationBackground
		err = ri.Delete(ctx, target.name, metav1.DeleteOptions{PropagationPolicy: &propagation})
		if apierrors.IsNotFound(err) {
			err = nil
		}
		return target, nil, err
	default:
		return objectRef{}, nil, templateError{fmt.Errorf("resource.action %q is not one of get, create, apply, delete, replace, patch", res.Action)}
	}
	if err != nil {
		return objectRef{}, nil, err
	}
	target.name = acted.GetName()
	return target, acted, nil
}

// mapping finds the resource of a kind, rediscovering the API once when the
// kind is unknown (a CRD installed since the last discovery).
func (r *resourceRunner) mapping(gvk schema.GroupVersionKind) (*meta.RESTMapping, error) {
	m, err := r.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		r.mapper.Reset()
		m, err = r.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if meta.IsNoMatchError(err) {
		return nil, fmt.Errorf("the cluster serves no kind %s in %s: %w", gvk.Kind, gvk.GroupVersion(), err)
	}
	return m, err
}

// create creates the object, unless the node created it already: a named
// object that exists with the node's label, or, for generateName, the
// object the node's label selects.
func create(ctx context.Context, ri dynamic.ResourceInterface, obj *unstructured.Unstructured, nodeID string) (*unstructured.Unstructured, error) {
	if obj.GetName() == "" {
		selector := labels.SelectorFromSet(labels.Set{podspec.LabelNodeID: nodeID}).String()
		if list, err := ri.List(ctx, metav1.ListOptions{LabelSelector: selector}); err == nil && len(list.Items) > 0 {
			return &list.Items[0], nil
		}
	}
	created, err := ri.Create(ctx, obj, metav1.CreateOptions{FieldManager: FieldManager})
	if !apierrors.IsAlreadyExists(err) {
		return created, err
	}
	existing, getErr := ri.Get(ctx, obj.GetName(), metav1.GetOptions{})
	if getErr == nil && existing.GetLabels()[podspec.LabelNodeID] == nodeID {
		return existing, nil
	}
	return nil, err
}

// patch patches the object the manifest names with the manifest, as a
// strategic merge patch unless told otherwise; a kind that takes no
// strategic merge patch (custom and aggregated resources) gets the same
// patch as a JSON merge patch, as kubectl apply does.
func patch(ctx context.Context, ri dynamic.ResourceInterface, obj *unstructured.Unstructured, mergeStrategy string) (*unstructured.Unstructured, error) {
	patchType, err := resource.PatchType(mergeStrategy)
	if err != nil {
		return nil, templateError{err}
	}
	body, err := json.Marshal(obj.Object)
	if err != nil {
		return nil, templateError{err}
	}
	patched, err := ri.Patch(ctx, obj.GetName(), patchType, body, metav1.PatchOptions{FieldManager: FieldManager})
	if fallback, ok := resource.FallbackPatchType(patchType); ok && apierrors.IsUnsupportedMediaType(err) {
		patched, err = ri.Patch(ctx, obj.GetName(), fallback, body, metav1.PatchOptions{FieldManager: FieldManager})
	}
	return patched, err
}

// replace writes the object over the existing one, at its current
// resourceVersion, like kubectl replace.
func replace(ctx context.Context, ri dynamic.ResourceInterface, obj *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	existing, err := ri.Get(ctx, obj.GetName(), metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	obj.SetResourceVersion(existing.GetResourceVersion())
	return ri.Update(ctx, obj, metav1.UpdateOptions{FieldManager: FieldManager})
}

// UseResourceTemplates lets the controller carry out resource templates
// with clients that impersonate each workflow's creator, mapping kinds to
// resources with mapper (reset when a kind is unknown). Without it, resource
// template nodes end in Error.
func (c *Controller) UseResourceTemplates(clients ImpersonatingClients, mapper meta.ResettableRESTMapper) {
	c.resources = newResourceRunner(clients, mapper)
}

// soonest is the shorter of two positive requeue delays (0: none).
func soonest(a, b time.Duration) time.Duration {
	if a <= 0 || (b > 0 && b < a) {
		return b
	}
	return a
}
