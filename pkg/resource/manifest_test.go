package resource

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/weft-dev/weft/pkg/engine/podspec"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, manifest string
		wantKind       string
		wantErr        string
	}{
		{"yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "ConfigMap", ""},
		{"json", `{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}}`, "Job", ""},
		{"leading document separator", "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n", "Secret", ""},
		{"two objects", "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n", "", "more than one object"},
		{"empty", "  \n", "", "is empty"},
		{"no kind", "apiVersion: v1\nmetadata:\n  name: x\n", "", "needs apiVersion and kind"},
		{"not yaml", "apiVersion: v1\nkind: [", "", "not valid YAML or JSON"},
		{"a list, not an object", `[{"op": "add"}]`, "", "not valid YAML or JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := Parse(tt.manifest)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if obj.GetKind() != tt.wantKind {
				t.Errorf("kind %q, want %q", obj.GetKind(), tt.wantKind)
			}
		})
	}
}

func TestPrepare(t *testing.T) {
	wf := WorkflowRef{Name: "wf", Namespace: "team", UID: "uid-1"}
	tests := []struct {
		name       string
		manifest   string
		action     string
		owner      bool
		namespaced bool
		wantNS     string
		wantLabels bool
		wantOwner  bool
		wantErr    string
	}{
		{"create defaults the namespace and labels", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "create", false, true, "team", true, false, ""},
		{"create keeps a given namespace", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: other\n", "create", false, true, "other", true, false, ""},
		{"create with generateName", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cm-\n", "create", true, true, "team", true, true, ""},
		{"apply with owner", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "apply", true, true, "team", true, true, ""},
		{"replace labels", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "replace", false, true, "team", true, false, ""},
		{"patch is not labelled", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "patch", false, true, "team", false, false, ""},
		{"patch may set the owner", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "patch", true, true, "team", false, true, ""},
		{"get never owns", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", "get", true, true, "team", false, false, ""},
		{"cluster-scoped drops the namespace", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n  namespace: team\n", "create", false, false, "", true, false, ""},
		{"cluster-scoped cannot be owned", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n", "create", true, false, "", false, false, "cannot own the cluster-scoped Namespace ns"},
		{"another namespace cannot be owned", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: other\n", "create", true, true, "", false, false, "cannot own an object in namespace other"},
		{"apply needs a name", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cm-\n", "apply", false, true, "", false, false, `the "apply" action acts on a named object`},
		{"create needs a name", "apiVersion: v1\nkind: ConfigMap\n", "create", false, true, "", false, false, "needs metadata.name or metadata.generateName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := Parse(tt.manifest)
			if err != nil {
				t.Fatal(err)
			}
			err = Prepare(obj, tt.action, tt.owner, Target{Workflow: wf, NodeID: "wf-123", Namespaced: tt.namespaced})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if obj.GetNamespace() != tt.wantNS {
				t.Errorf("namespace %q, want %q", obj.GetNamespace(), tt.wantNS)
			}
			labels := obj.GetLabels()
			hasLabels := labels[podspec.LabelWorkflow] == "wf" && labels[podspec.LabelNodeID] == "wf-123"
			if hasLabels != tt.wantLabels {
				t.Errorf("labels %v, want weft labels: %v", labels, tt.wantLabels)
			}
			refs := obj.GetOwnerReferences()
			if !tt.wantOwner {
				if len(refs) != 0 {
					t.Errorf("ownerReferences %v, want none", refs)
				}
				return
			}
			want := []metav1.OwnerReference{{APIVersion: "weft.dev/v1alpha1", Kind: "Workflow", Name: "wf", UID: "uid-1", BlockOwnerDeletion: new(bool)}}
			if len(refs) != 1 || refs[0].APIVersion != want[0].APIVersion || refs[0].Kind != want[0].Kind || refs[0].Name != want[0].Name ||
				refs[0].UID != want[0].UID || refs[0].Controller != nil || refs[0].BlockOwnerDeletion == nil || *refs[0].BlockOwnerDeletion {
				t.Errorf("ownerReferences %+v, want %+v", refs, want)
			}
		})
	}
}

func TestSetOwnerOnce(t *testing.T) {
	obj := &unstructured.Unstructured{Object: map[string]interface{}{}}
	wf := WorkflowRef{Name: "wf", Namespace: "team", UID: "uid-1"}
	SetOwner(obj, wf)
	SetOwner(obj, wf)
	if n := len(obj.GetOwnerReferences()); n != 1 {
		t.Errorf("%d ownerReferences, want 1", n)
	}
}
