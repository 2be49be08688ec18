package apipath

import (
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/test/bench/crd"
)

// System is one way of serving Workflows that the benchmark measures; both
// are reached through the same kube-apiserver.
type System struct {
	// Name is the system as the report names it.
	Name string
	// Group is the API group its Workflows are in.
	Group string
}

var (
	// Weft is weft.dev, served by weft-apiserver through kube-apiserver's
	// aggregator.
	Weft = System{Name: "weft", Group: v1alpha1.SchemeGroupVersion.Group}
	// CRD is the same Workflows as a custom resource that kube-apiserver
	// serves and stores itself.
	CRD = System{Name: "crd", Group: crd.Group}
	// Systems are both, in the order each run measures them.
	Systems = []System{Weft, CRD}
)

// collectionPath is the path of the system's workflows in namespace.
func (s System) collectionPath(namespace string) string {
	return fmt.Sprintf("/apis/%s/%s/namespaces/%s/workflows", s.Group, v1alpha1.SchemeGroupVersion.Version, namespace)
}

// statusPath is the path of the status subresource of the workflow name.
func (s System) statusPath(namespace, name string) string {
	return s.collectionPath(namespace) + "/" + name + "/status"
}

// createBody is the JSON a user posts to create loops-maps in the system,
// named name or, if name is empty, with a name the server generates.
func (s System) createBody(name string) ([]byte, error) {
	wf, err := realisticWorkflow(name)
	if err != nil {
		return nil, err
	}
	if name == "" {
		wf.GenerateName = "loops-maps-"
	}
	wf.TypeMeta = metav1.TypeMeta{APIVersion: s.Group + "/" + v1alpha1.SchemeGroupVersion.Version, Kind: "Workflow"}
	return json.Marshal(wf)
}

// succeededStatusPatch is the merge patch that writes the status of
// loops-maps named name once it succeeded.
func succeededStatusPatch(name string) ([]byte, error) {
	return json.Marshal(map[string]any{"status": succeededStatus(name)})
}
