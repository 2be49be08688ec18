package commands

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	kubefake "k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned/fake"
)

// testNow is the clock of the tests.
var testNow = time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC)

// kubeconfigNamespace is the namespace of the tests' kubeconfig context.
const kubeconfigNamespace = "team-a"

const testKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: test
contexts:
- name: test
  context: {cluster: test, user: test, namespace: team-a}
current-context: test
`

// run is one run of the CLI in a test.
type run struct {
	code           int
	stdout, stderr string
	err            error
}

// harness runs commands against a fake clientset.
type harness struct {
	t      *testing.T
	client *fake.Clientset
	kube   *kubefake.Clientset
	real   versioned.Interface
	stdin  string
	dir    string
}

func newHarness(t *testing.T, objs ...runtime.Object) *harness {
	client := fake.NewSimpleClientset(objs...)
	suffixes := []string{"x7k2p", "b2x9q", "m4n8r", "q9w3z"}
	client.PrependReactor("create", "workflows", func(action clienttesting.Action) (bool, runtime.Object, error) {
		wf := action.(clienttesting.CreateAction).GetObject().(*v1alpha1.Workflow)
		if wf.Name == "" {
			wf.Name, suffixes = wf.GenerateName+suffixes[0], suffixes[1:]
		}
		wf.CreationTimestamp = metav1.NewTime(testNow)
		return false, nil, nil
	})
	return &harness{t: t, client: client, kube: kubefake.NewClientset(), dir: t.TempDir()}
}

// file writes a file in the harness's directory and returns its path.
func (h *harness) file(name, content string) string {
	h.t.Helper()
	path := filepath.Join(h.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	return path
}

// run runs weft with args, as invoked under name ("weft" by default).
func (h *harness) run(args ...string) run {
	h.t.Helper()
	return h.runAs("weft", args...)
}

func (h *harness) runAs(name string, args ...string) run {
	h.t.Helper()
	kubeconfig := filepath.Join(h.dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(testKubeconfig), 0o600); err != nil {
		h.t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &kubeconfig
	env := &Env{
		Name:    name,
		Version: "v9.9.9",
		IO:      genericiooptions.IOStreams{In: strings.NewReader(h.stdin), Out: &stdout, ErrOut: &stderr},
		Config:  flags,
		Now:     func() time.Time { return testNow },
		client:  h.client,
		kube:    h.kube,
	}
	if h.real != nil {
		env.client = h.real
	}
	root := NewRoot(env)
	root.SetArgs(args)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := root.ExecuteContext(ctx)
	code, _ := ExitCode(err)
	return run{code: code, stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// workflows are the workflows the fake client holds in a namespace.
func (h *harness) workflows(ns string) []v1alpha1.Workflow {
	h.t.Helper()
	list, err := h.client.WeftV1alpha1().Workflows(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		h.t.Fatal(err)
	}
	return list.Items
}

// finished is a workflow in a phase, created ago before testNow and, when
// finished, finished ended ago.
func finished(name string, phase v1alpha1.WorkflowPhase, created, ended time.Duration) *v1alpha1.Workflow {
	wf := &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: kubeconfigNamespace, CreationTimestamp: metav1.NewTime(testNow.Add(-created))},
		Status:     v1alpha1.WorkflowStatus{Phase: phase, StartedAt: metav1.NewTime(testNow.Add(-created))},
	}
	if phase == v1alpha1.WorkflowSucceeded || phase == v1alpha1.WorkflowFailed || phase == v1alpha1.WorkflowError {
		wf.Status.FinishedAt = metav1.NewTime(testNow.Add(-ended))
	}
	return wf
}
