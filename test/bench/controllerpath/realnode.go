package controllerpath

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/manifest"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	"github.com/weft-dev/weft/test/bench/report"
)

// RealNodeSection is the report section of the figures taken on the real
// node of make up.
const RealNodeSection = "Real node (make up)"

// realNodeExample is the seed's example timed on the real node.
const realNodeExample = "examples/loops-maps.yaml"

// realNodeDeadline bounds one run of the example on the real node.
const realNodeDeadline = 3 * time.Minute

// RunRealNode submits the seed's loops-maps example runs times, one after
// the other, to the cluster of kubeconfig (the real node of make up), in a
// namespace it creates and deletes, and records each time from submission
// to Succeeded. The example file is found from the working directory up.
func RunRealNode(ctx context.Context, kubeconfig string, rep *report.Report, runs int) (err error) {
	scenario := "loops-maps (" + realNodeExample + ", 4 pods)"
	example, err := readExample(realNodeExample)
	if err != nil {
		return fmt.Errorf("%s: %w", scenario, err)
	}
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return fmt.Errorf("%s: loading %s: %w", scenario, kubeconfig, err)
	}
	kube, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	weft, err := versioned.NewForConfig(config)
	if err != nil {
		return err
	}
	namespace, err := createNamespace(ctx, kube, "bench-real-node")
	if err != nil {
		return fmt.Errorf("%s: %w", scenario, err)
	}
	defer func() { err = errors.Join(err, deleteNamespace(ctx, kube, namespace, 2*time.Minute)) }()
	workflows, err := watchFinished(ctx, weft, namespace)
	if err != nil {
		return fmt.Errorf("%s: %w", scenario, err)
	}
	defer workflows.shutdown()

	key := report.Key{Section: RealNodeSection, Scenario: scenario, Metric: "submit to Succeeded", Unit: "s", System: systemWeft}
	for run := 1; run <= runs; run++ {
		started := time.Now()
		if _, err := weft.WeftV1alpha1().Workflows(namespace).Create(ctx, example.DeepCopy(), metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("%s, run %d: creating the workflow: %w", scenario, run, err)
		}
		ended, err := workflows.waitSucceeded(ctx, run, realNodeDeadline)
		if err != nil {
			return fmt.Errorf("%s, run %d: %w", scenario, run, err)
		}
		rep.Record(key, ended.Sub(started).Seconds())
	}
	return nil
}

// readExample reads the workflow of an examples/ file, looked for from the
// working directory up to the root.
func readExample(relative string) (*v1alpha1.Workflow, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		path := filepath.Join(dir, relative)
		if _, err := os.Stat(path); err == nil {
			return decodeWorkflow(path)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, fmt.Errorf("%s is in no directory from the working directory up: run from the repository", relative)
		}
		dir = parent
	}
}

// decodeWorkflow reads the one Workflow of a manifest file.
func decodeWorkflow(path string) (*v1alpha1.Workflow, error) {
	file, err := manifest.ReadFile(path, nil)
	if err != nil {
		return nil, err
	}
	for _, doc := range file.Documents {
		if wf, ok := doc.Object.(*v1alpha1.Workflow); ok {
			return wf, nil
		}
	}
	return nil, fmt.Errorf("%s holds no Workflow", path)
}
