package resource

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/podspec"
)

// Parse reads a manifest, YAML or JSON, holding exactly one object with an
// apiVersion and a kind.
func Parse(manifest string) (*unstructured.Unstructured, error) {
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader([]byte(manifest)), 4096)
	var obj *unstructured.Unstructured
	for {
		var doc map[string]interface{}
		err := decoder.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("resource.manifest is not valid YAML or JSON: %v", err)
		}
		if len(doc) == 0 {
			continue
		}
		if obj != nil {
			return nil, errors.New("resource.manifest holds more than one object: give one object per resource template")
		}
		obj = &unstructured.Unstructured{Object: doc}
	}
	if obj == nil {
		return nil, errors.New("resource.manifest is empty: give the object to act on")
	}
	if obj.GetAPIVersion() == "" || obj.GetKind() == "" {
		return nil, errors.New("resource.manifest needs apiVersion and kind")
	}
	return obj, nil
}

// Target is where a resource template's object goes.
type Target struct {
	// Workflow is the workflow whose node acts on the object.
	Workflow WorkflowRef
	// NodeID is the node's ID, recorded in the podspec.LabelNodeID label.
	NodeID string
	// Namespaced says the object's kind lives in a namespace.
	Namespaced bool
}

// WorkflowRef names a workflow.
type WorkflowRef struct {
	Name, Namespace string
	UID             types.UID
}

// Prepare readies a parsed object for an action: a namespaced object without
// a namespace goes to the workflow's, a cluster-scoped one loses any
// namespace; objects the action writes whole (create, apply, replace) get the
// podspec.LabelWorkflow and podspec.LabelNodeID labels; with
// setOwnerReference the workflow becomes an owner (not the controller), so
// the garbage collector deletes the object with the workflow.
func Prepare(obj *unstructured.Unstructured, action string, setOwnerReference bool, t Target) error {
	if t.Namespaced {
		if obj.GetNamespace() == "" {
			obj.SetNamespace(t.Workflow.Namespace)
		}
	} else {
		obj.SetNamespace("")
	}
	if obj.GetName() == "" && (obj.GetGenerateName() == "" || action != "create") {
		if action == "create" {
			return errors.New("resource.manifest needs metadata.name or metadata.generateName")
		}
		return fmt.Errorf("resource.manifest needs metadata.name: the %q action acts on a named object", action)
	}
	switch action {
	case "create", "apply", "replace":
		labels := obj.GetLabels()
		if labels == nil {
			labels = map[string]string{}
		}
		labels[podspec.LabelWorkflow] = t.Workflow.Name
		labels[podspec.LabelNodeID] = t.NodeID
		obj.SetLabels(labels)
	}
	if !setOwnerReference || action == "get" || action == "delete" {
		return nil
	}
	if !t.Namespaced {
		return fmt.Errorf("resource.setOwnerReference: the workflow lives in namespace %s and cannot own the cluster-scoped %s %s: drop setOwnerReference", t.Workflow.Namespace, obj.GetKind(), obj.GetName())
	}
	if obj.GetNamespace() != t.Workflow.Namespace {
		return fmt.Errorf("resource.setOwnerReference: the workflow lives in namespace %s and cannot own an object in namespace %s: drop setOwnerReference or create the object in %s", t.Workflow.Namespace, obj.GetNamespace(), t.Workflow.Namespace)
	}
	SetOwner(obj, t.Workflow)
	return nil
}

// SetOwner adds the workflow to the object's ownerReferences, once, without
// making it the controller and without blocking the workflow's deletion.
func SetOwner(obj *unstructured.Unstructured, wf WorkflowRef) {
	refs := obj.GetOwnerReferences()
	for _, r := range refs {
		if r.UID == wf.UID {
			return
		}
	}
	blockOwnerDeletion := false
	refs = append(refs, metav1.OwnerReference{
		APIVersion:         v1alpha1.SchemeGroupVersion.String(),
		Kind:               "Workflow",
		Name:               wf.Name,
		UID:                wf.UID,
		BlockOwnerDeletion: &blockOwnerDeletion,
	})
	obj.SetOwnerReferences(refs)
}
