package cluster

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// The aggregator reaches weft-apiserver as this Service, an ExternalName
// of the loopback address where the process listens.
const (
	weftNamespace   = "weft-system"
	weftServiceName = "weft-apiserver"
)

func (c *Cluster) startWeftAPIServer(ctx context.Context, opts Options, certs *certificates) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	p, err := startProcess(opts.Dir, "weft-apiserver", filepath.Join(opts.Binaries.WeftDir, "weft-apiserver"),
		"--bind-address=127.0.0.1", "--secure-port="+strconv.Itoa(port),
		"--tls-cert-file="+certs.weftCert, "--tls-private-key-file="+certs.weftKey,
		"--embedded-etcd-dir="+filepath.Join(opts.Dir, weftEtcdDataDir),
		"--kubeconfig="+c.Kubeconfig,
		"--authentication-kubeconfig="+c.Kubeconfig, "--authorization-kubeconfig="+c.Kubeconfig)
	if err != nil {
		return err
	}
	c.processes = append(c.processes, p)
	if _, err := c.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: weftNamespace}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	service := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: weftServiceName, Namespace: weftNamespace},
		Spec:       corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "localhost"},
	}
	if _, err := c.Kube.CoreV1().Services(weftNamespace).Create(ctx, service, metav1.CreateOptions{}); err != nil {
		return err
	}
	registrations, err := dynamic.NewForConfig(c.Config)
	if err != nil {
		return err
	}
	apiService := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1",
		"kind":       "APIService",
		"metadata":   map[string]any{"name": v1alpha1.SchemeGroupVersion.Version + "." + v1alpha1.GroupName},
		"spec": map[string]any{
			"group": v1alpha1.GroupName, "version": v1alpha1.SchemeGroupVersion.Version,
			"service":              map[string]any{"namespace": weftNamespace, "name": weftServiceName, "port": int64(port)},
			"caBundle":             base64.StdEncoding.EncodeToString(certs.caPEM),
			"groupPriorityMinimum": int64(1000), "versionPriority": int64(15),
		},
	}}
	apiServices := schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"}
	if _, err := registrations.Resource(apiServices).Create(ctx, apiService, metav1.CreateOptions{}); err != nil {
		return err
	}
	return c.waitReady(ctx, "weft-apiserver", func(ctx context.Context) error {
		_, err := c.Weft.WeftV1alpha1().Workflows(metav1.NamespaceDefault).List(ctx, metav1.ListOptions{Limit: 1})
		return err
	})
}

func (c *Cluster) startWeftController(ctx context.Context, opts Options, controller ControllerOptions) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	address := "127.0.0.1:" + strconv.Itoa(port)
	args := []string{"--kubeconfig=" + c.Kubeconfig, "--leader-elect=false", "--http-address=" + address}
	if controller.QPS != 0 {
		args = append(args, fmt.Sprintf("--kube-api-qps=%g", controller.QPS))
	}
	if controller.Burst != 0 {
		args = append(args, "--kube-api-burst="+strconv.Itoa(controller.Burst))
	}
	p, err := startProcess(opts.Dir, "weft-controller", filepath.Join(opts.Binaries.WeftDir, "weft-controller"), append(args, controller.Args...)...)
	if err != nil {
		return err
	}
	c.processes = append(c.processes, p)
	c.ControllerMetricsURL = "http://" + address + "/metrics"
	return c.waitReady(ctx, "weft-controller", func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+address+"/healthz", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("/healthz answered %s", resp.Status)
		}
		return nil
	})
}
