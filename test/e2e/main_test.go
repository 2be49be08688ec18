// Package e2e tests Weft on the real single-node cluster that make up starts:
// the aggregated apiserver behind its APIService, reached through the
// kube-apiserver with kubectl and with the generated client.
package e2e

import (
	"fmt"
	"os"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// localDir is where make up keeps the cluster's state, kubeconfig and PKI.
var localDir = envOr("WEFT_LOCAL_DIR", "/var/lib/weft-local")

var (
	adminConfig *rest.Config
	kube        kubernetes.Interface
	weft        versioned.Interface
)

func TestMain(m *testing.M) {
	if err := connect(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e needs the cluster of make up (KUBECONFIG %s): %v\n", kubeconfigPath(), err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func connect() error {
	var err error
	adminConfig, err = clientcmd.BuildConfigFromFlags("", kubeconfigPath())
	if err != nil {
		return err
	}
	if kube, err = kubernetes.NewForConfig(adminConfig); err != nil {
		return err
	}
	if weft, err = versioned.NewForConfig(adminConfig); err != nil {
		return err
	}
	_, err = kube.Discovery().ServerVersion()
	return err
}

func kubeconfigPath() string {
	return envOr("KUBECONFIG", localDir+"/kubeconfig")
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
