package workflow

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/identity"
	"github.com/weft-dev/weft/pkg/engine"
)

// podAPI is a pod API that lets only the users in mayCreate create pods,
// judged by the Impersonate-User header, and remembers who created which.
type podAPI struct {
	mayCreate map[string]bool

	mu        sync.Mutex
	createdBy map[string]string
}

func (a *podAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user := r.Header.Get("Impersonate-User")
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/pods") {
		http.Error(w, "unexpected request "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if !a.mayCreate[user] {
		forbidden := apierrors.NewForbidden(corev1.Resource("pods"), "", errUserMayNotCreatePods(user)).Status()
		forbidden.APIVersion, forbidden.Kind = "v1", "Status"
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(forbidden)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var pod corev1.Pod
	if err := json.Unmarshal(body, &pod); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	a.createdBy[pod.Name] = user
	a.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(body)
}

type errUserMayNotCreatePods string

func (e errUserMayNotCreatePods) Error() string {
	return `User "` + string(e) + `" cannot create resource "pods" in API group "" in the namespace "default"`
}

// impersonatingController is a carryOut controller whose pods go to api as
// each workflow's creator.
func impersonatingController(t *testing.T, api *podAPI) *Controller {
	t.Helper()
	server := httptest.NewServer(api)
	t.Cleanup(server.Close)
	c := newCarryOutController(t, kubefake.NewClientset())
	c.WritePodsAsCreators(identity.NewCoreClients(&rest.Config{Host: server.URL, ContentConfig: rest.ContentConfig{ContentType: "application/json"}}))
	return c
}

func createdBy(user string) *v1alpha1.Workflow {
	wf := fanOutWorkflow()
	wf.Annotations = map[string]string{v1alpha1.AnnotationCreator: user, v1alpha1.AnnotationCreatorGroups: "system:authenticated"}
	return wf
}

func TestPodsAreCreatedAsTheWorkflowsCreator(t *testing.T) {
	api := &podAPI{mayCreate: map[string]bool{"alice": true}, createdBy: map[string]string{}}
	c := impersonatingController(t, api)
	pods := fanOutPods(5)
	if err := c.carryOut(context.Background(), "default/fan", createdBy("alice"), engine.Decision{CreatePods: pods}); err != nil {
		t.Fatalf("carryOut: %v", err)
	}
	for _, pod := range pods {
		if who := api.createdBy[pod.Name]; who != "alice" {
			t.Errorf("pod %s was created as %q, want as the creator alice", pod.Name, who)
		}
	}
}

func TestACreatorWithoutPodRightsGetsFailedNodesSayingSo(t *testing.T) {
	api := &podAPI{mayCreate: map[string]bool{"alice": true}, createdBy: map[string]string{}}
	c := impersonatingController(t, api)
	if err := c.carryOut(context.Background(), "default/fan", createdBy("bob"), engine.Decision{CreatePods: fanOutPods(3)}); err != nil {
		t.Fatalf("carryOut: a refused pod fails its node, not the sync: %v", err)
	}
	if len(api.createdBy) != 0 {
		t.Errorf("pods created for bob, who may not: %v", api.createdBy)
	}
	observed := c.failures.observations("default/fan", nil)
	if len(observed) != 3 {
		t.Fatalf("%d refused pods recorded, want 3", len(observed))
	}
	for _, o := range observed {
		if o.Phase != corev1.PodFailed || !strings.Contains(o.Message, `User "bob" cannot create resource "pods"`) {
			t.Errorf("pod %s observed %s %q, want Failed with the API's refusal of bob", o.Name, o.Phase, o.Message)
		}
	}
}

func TestAWorkflowWithoutCreatorGetsNoPods(t *testing.T) {
	api := &podAPI{mayCreate: map[string]bool{"": true}, createdBy: map[string]string{}}
	c := impersonatingController(t, api)
	if err := c.carryOut(context.Background(), "default/fan", fanOutWorkflow(), engine.Decision{CreatePods: fanOutPods(2)}); err != nil {
		t.Fatalf("carryOut: %v", err)
	}
	if len(api.createdBy) != 0 {
		t.Errorf("pods of a workflow without a creator were created with the controller's rights: %v", api.createdBy)
	}
	observed := c.failures.observations("default/fan", nil)
	if len(observed) != 2 {
		t.Fatalf("%d refused pods recorded, want 2", len(observed))
	}
	for _, o := range observed {
		if !strings.Contains(o.Message, "no creator annotations") || !strings.Contains(o.Message, "--impersonate-creators=false") {
			t.Errorf("pod %s: %q does not say the creator is missing and what to do", o.Name, o.Message)
		}
	}
}
