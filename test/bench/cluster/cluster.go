// Package cluster starts a throw-away Kubernetes control plane on loopback
// for benchmarks: etcd, kube-apiserver with aggregation, kube-controller-
// manager, kube-scheduler and KWOK's simulated nodes, with weft-apiserver
// registered through an APIService and, optionally, weft-controller. Every
// component is a local process whose CPU time and memory can be read, and
// the whole cluster is removed by Stop.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// Binaries locates the programs the cluster runs.
type Binaries struct {
	// KubernetesDir holds kube-apiserver, kube-controller-manager and kube-scheduler.
	KubernetesDir string
	// Etcd, Kwok are the etcd and kwok binaries.
	Etcd, Kwok string
	// WeftDir holds weft-apiserver and weft-controller.
	WeftDir string
}

// Options say what to start.
type Options struct {
	// Dir holds the cluster's data, certificates and logs; it must exist and
	// be empty, and is left in place by Stop so logs can be read.
	Dir string
	// Binaries locates the programs.
	Binaries Binaries
	// Nodes is how many KWOK nodes to create; none when 0.
	Nodes int
	// PodRunTime is how long a pod on a KWOK node runs before it succeeds.
	PodRunTime time.Duration
	// Controller starts weft-controller with these options when not nil.
	Controller *ControllerOptions
}

// ControllerOptions are weft-controller's settings.
type ControllerOptions struct {
	// QPS and Burst are the controller's client rate limits; the
	// controller's own defaults when zero.
	QPS   float32
	Burst int
	// Args are further flags.
	Args []string
}

// Cluster is a running throw-away control plane.
type Cluster struct {
	// Dir is Options.Dir.
	Dir string
	// Kubeconfig is an admin kubeconfig file (system:masters).
	Kubeconfig string
	// Config is the admin client configuration, with no client-side rate limit.
	Config *rest.Config
	// Kube and Weft are admin clients.
	Kube kubernetes.Interface
	Weft versioned.Interface
	// ControllerMetricsURL is weft-controller's /metrics, when it runs.
	ControllerMetricsURL string

	processes []*Process
}

// Process returns the named component ("etcd", "kube-apiserver",
// "kube-controller-manager", "kube-scheduler", "kwok", "weft-apiserver",
// "weft-controller"), or nil when it does not run.
func (c *Cluster) Process(name string) *Process {
	for _, p := range c.processes {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Stop ends every component, the last started first, and removes the
// stores of etcd and the Weft apiserver, keeping logs and certificates.
func (c *Cluster) Stop() {
	for i := len(c.processes) - 1; i >= 0; i-- {
		c.processes[i].stop(10 * time.Second)
	}
	// The stores hold up to gigabytes of a run's objects; the logs stay.
	for _, store := range []string{etcdDataDir, weftEtcdDataDir} {
		_ = os.RemoveAll(filepath.Join(c.Dir, store))
	}
}

// The directories, under a cluster's Dir, of its etcd's data and of the
// Weft apiserver's embedded etcd.
const (
	etcdDataDir     = "etcd"
	weftEtcdDataDir = "weft-etcd"
)

// Start starts the cluster and returns once Workflows can be created (and,
// with a controller, run). On failure everything started is stopped and the
// error includes the end of the failing component's log.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	c := &Cluster{Dir: opts.Dir}
	if err := c.start(ctx, opts); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(ctx context.Context, opts Options) error {
	pki := filepath.Join(opts.Dir, "pki")
	if err := os.MkdirAll(pki, 0o700); err != nil {
		return err
	}
	certs, err := makeCertificates(pki)
	if err != nil {
		return fmt.Errorf("making the cluster's certificates: %w", err)
	}
	etcdURL, err := c.startEtcd(opts)
	if err != nil {
		return err
	}
	apiserverURL, err := c.startKubeAPIServer(ctx, opts, certs, etcdURL)
	if err != nil {
		return err
	}
	if err := c.connect(certs, apiserverURL); err != nil {
		return err
	}
	if err := c.waitReady(ctx, "kube-apiserver", func(ctx context.Context) error {
		return c.Kube.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).Error()
	}); err != nil {
		return err
	}
	for _, start := range []func(Options, *certificates) error{c.startControllerManager, c.startScheduler} {
		if err := start(opts, certs); err != nil {
			return err
		}
	}
	if opts.Nodes > 0 {
		if err := c.startKwok(ctx, opts); err != nil {
			return err
		}
	}
	if err := c.startWeftAPIServer(ctx, opts, certs); err != nil {
		return err
	}
	if opts.Controller != nil {
		if err := c.startWeftController(ctx, opts, *opts.Controller); err != nil {
			return err
		}
	}
	return nil
}

// certificates are the files of the cluster's PKI.
type certificates struct {
	caFile                          string
	servingCert, servingKey         string
	adminCert, adminKey             string
	frontProxyCAFile                string
	proxyClientCert, proxyClientKey string
	serviceAccountPub               string
	serviceAccountKey               string
	weftCert, weftKey               string
	caPEM                           []byte
}

func makeCertificates(dir string) (*certificates, error) {
	ca, err := newAuthority("weft-bench-ca")
	if err != nil {
		return nil, err
	}
	frontProxy, err := newAuthority("weft-bench-front-proxy-ca")
	if err != nil {
		return nil, err
	}
	c := &certificates{caFile: filepath.Join(dir, "ca.crt"), frontProxyCAFile: filepath.Join(dir, "front-proxy-ca.crt"), caPEM: ca.certPEM}
	if err := os.WriteFile(c.caFile, ca.certPEM, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(c.frontProxyCAFile, frontProxy.certPEM, 0o600); err != nil {
		return nil, err
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	pairs := []struct {
		authority          *authority
		name, commonName   string
		organizations, dns []string
		ips                []net.IP
		cert, key          *string
	}{
		{ca, "kube-apiserver", "kube-apiserver", nil, []string{"localhost", "kubernetes.default.svc"}, loopback, &c.servingCert, &c.servingKey},
		{ca, "admin", "weft-bench-admin", []string{"system:masters"}, nil, nil, &c.adminCert, &c.adminKey},
		{frontProxy, "front-proxy-client", "front-proxy-client", nil, nil, nil, &c.proxyClientCert, &c.proxyClientKey},
		// The aggregator checks the name <service>.<namespace>.svc.
		{ca, "weft-apiserver", "weft-apiserver", nil, []string{weftServiceName + "." + weftNamespace + ".svc", "localhost"}, loopback, &c.weftCert, &c.weftKey},
	}
	for _, p := range pairs {
		pair, err := p.authority.issue(p.commonName, p.organizations, p.dns, p.ips)
		if err != nil {
			return nil, err
		}
		if *p.cert, *p.key, err = pair.write(dir, p.name); err != nil {
			return nil, err
		}
	}
	c.serviceAccountPub, c.serviceAccountKey, err = serviceAccountKeys(dir)
	return c, err
}

func (c *Cluster) startEtcd(opts Options) (string, error) {
	clientPort, err := freePort()
	if err != nil {
		return "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return "", err
	}
	clientURL := "http://127.0.0.1:" + strconv.Itoa(clientPort)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(peerPort)
	p, err := startProcess(opts.Dir, "etcd", opts.Binaries.Etcd,
		"--name=bench", "--data-dir="+filepath.Join(opts.Dir, etcdDataDir),
		"--listen-client-urls="+clientURL, "--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=bench="+peerURL,
		// Room for tens of thousands of pods and their updates between compactions.
		"--quota-backend-bytes=8589934592", "--log-level=warn")
	if err != nil {
		return "", err
	}
	c.processes = append(c.processes, p)
	return clientURL, nil
}

func (c *Cluster) startKubeAPIServer(ctx context.Context, opts Options, certs *certificates, etcdURL string) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	p, err := startProcess(opts.Dir, "kube-apiserver", filepath.Join(opts.Binaries.KubernetesDir, "kube-apiserver"),
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port="+strconv.Itoa(port),
		// No endpoint reconciler: nothing dials the kubernetes Service here,
		// and the default one refuses a loopback address.
		"--endpoint-reconciler-type=none",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--tls-cert-file="+certs.servingCert, "--tls-private-key-file="+certs.servingKey,
		"--client-ca-file="+certs.caFile,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+certs.serviceAccountPub,
		"--service-account-signing-key-file="+certs.serviceAccountKey,
		"--requestheader-client-ca-file="+certs.frontProxyCAFile,
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file="+certs.proxyClientCert, "--proxy-client-key-file="+certs.proxyClientKey,
		"--allow-privileged=true")
	if err != nil {
		return "", err
	}
	c.processes = append(c.processes, p)
	return "https://127.0.0.1:" + strconv.Itoa(port), nil
}

// connect writes the admin kubeconfig and makes the admin clients.
func (c *Cluster) connect(certs *certificates, serverURL string) error {
	kubeconfig := clientcmdapi.NewConfig()
	kubeconfig.Clusters["bench"] = &clientcmdapi.Cluster{Server: serverURL, CertificateAuthority: certs.caFile}
	kubeconfig.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificate: certs.adminCert, ClientKey: certs.adminKey}
	kubeconfig.Contexts["bench"] = &clientcmdapi.Context{Cluster: "bench", AuthInfo: "admin"}
	kubeconfig.CurrentContext = "bench"
	c.Kubeconfig = filepath.Join(c.Dir, "admin.kubeconfig")
	if err := clientcmd.WriteToFile(*kubeconfig, c.Kubeconfig); err != nil {
		return err
	}
	config, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig)
	if err != nil {
		return err
	}
	config.QPS, config.Burst = -1, 0
	c.Config = config
	if c.Kube, err = kubernetes.NewForConfig(config); err != nil {
		return err
	}
	c.Weft, err = versioned.NewForConfig(config)
	return err
}

func (c *Cluster) startControllerManager(opts Options, certs *certificates) error {
	p, err := startProcess(opts.Dir, "kube-controller-manager", filepath.Join(opts.Binaries.KubernetesDir, "kube-controller-manager"),
		"--kubeconfig="+c.Kubeconfig,
		// What a namespace of pods needs: its default service account, the
		// root CA ConfigMap, namespace deletion and owner-reference GC.
		"--controllers=serviceaccount,serviceaccount-token,root-ca-cert-publisher,namespace,garbagecollector",
		"--service-account-private-key-file="+certs.serviceAccountKey,
		"--root-ca-file="+certs.caFile,
		"--leader-elect=false", "--secure-port=0",
		"--kube-api-qps=1000", "--kube-api-burst=2000")
	if err != nil {
		return err
	}
	c.processes = append(c.processes, p)
	return nil
}

func (c *Cluster) startScheduler(opts Options, _ *certificates) error {
	config := filepath.Join(opts.Dir, "kube-scheduler.yaml")
	// The scheduler's default client limit (QPS 50) would cap every pod
	// rate measured here at 50/s: the benchmark measures Weft, not the
	// scheduler, so it is lifted, as large clusters do.
	schedulerConfig := fmt.Sprintf(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
clientConnection:
  kubeconfig: %q
  qps: 2000
  burst: 4000
leaderElection:
  leaderElect: false
`, c.Kubeconfig)
	if err := os.WriteFile(config, []byte(schedulerConfig), 0o600); err != nil {
		return err
	}
	p, err := startProcess(opts.Dir, "kube-scheduler", filepath.Join(opts.Binaries.KubernetesDir, "kube-scheduler"),
		"--config="+config, "--secure-port=0")
	if err != nil {
		return err
	}
	c.processes = append(c.processes, p)
	return nil
}

// waitReady polls check until it succeeds, the component exits, or a minute passes.
func (c *Cluster) waitReady(ctx context.Context, name string, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var last error
	for {
		if last = check(ctx); last == nil {
			return nil
		}
		for _, p := range c.processes {
			if !p.Running() {
				return fmt.Errorf("%s exited while waiting for %s; end of its log:\n%s", p.Name, name, p.logTail())
			}
		}
		select {
		case <-ctx.Done():
			err := fmt.Errorf("%s was not ready within a minute: %w", name, last)
			if p := c.Process(name); p != nil {
				err = errors.Join(err, fmt.Errorf("end of its log:\n%s", p.logTail()))
			}
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}
