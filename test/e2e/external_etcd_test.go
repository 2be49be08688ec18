package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// etcdBinary is the etcd that make up builds and caches (hack/lib/common.sh).
const etcdBinary = "/var/cache/weft/bin/etcd-v3.7.0/etcd"

// TestExternalEtcd runs what artifacts/optional/external-etcd/ deploys, as
// processes on loopback and away from the cluster: one etcd that serves
// clients over TLS only to those with a certificate of its CA, and
// weft-apiserver replicas given --etcd-servers=https://... and the client
// certificate flags.
func TestExternalEtcd(t *testing.T) {
	if _, err := os.Stat(etcdBinary); err != nil {
		t.Fatalf("etcd 3.7.0, which make up builds: %v", err)
	}
	dir := t.TempDir()
	pki := newLoopbackPKI(t, dir)
	apiserverBinary := buildAPIServer(t, dir)
	etcdURL := startTLSEtcd(t, dir, pki)

	t.Run("ReplicasServeConsistently", func(t *testing.T) {
		a := startAPIServerReplica(t, dir, apiserverBinary, "replica-a", pki, etcdURL, pki.etcdClientCert, pki.etcdClientKey)
		b := startAPIServerReplica(t, dir, apiserverBinary, "replica-b", pki, etcdURL, pki.etcdClientCert, pki.etcdClientKey)
		expectReplicasConsistent(t, a.workflows(t), b.workflows(t))
	})

	t.Run("NoClientCertificateNoEtcd", func(t *testing.T) {
		replica := startAPIServerProcess(t, dir, apiserverBinary, "no-client-cert", pki, etcdURL, "", "")
		expectEtcdRefused(t, replica)
	})
}

// expectReplicasConsistent: what one replica writes, the other reads and
// watches at once, and neither accepts a write based on a stale read.
func expectReplicasConsistent(t *testing.T, a, b workflowsClient) {
	ctx := testContext(t, 2*time.Minute)
	const name = "written-through-a"
	byName := metav1.ListOptions{FieldSelector: fields.OneTermEqualSelector("metadata.name", name).String()}

	watchB, err := b.Watch(ctx, byName)
	if err != nil {
		t.Fatalf("watch through replica B: %v", err)
	}
	defer watchB.Stop()
	wf := workflow("")
	wf.Name, wf.GenerateName = name, ""
	created, err := a.Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create through replica A: %v", err)
	}
	added := nextWorkflowEvent(t, watchB, "replica B's watch, after the create through A")
	if added.Type != watch.Added || added.Object.ResourceVersion != created.ResourceVersion {
		t.Errorf("replica B's watch: %s at resourceVersion %s, want ADDED at %s", added.Type, added.Object.ResourceVersion, created.ResourceVersion)
	}
	read, err := b.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get through replica B of what A created: %v", err)
	}
	if read.ResourceVersion != created.ResourceVersion || read.Spec.Entrypoint != created.Spec.Entrypoint {
		t.Errorf("replica B reads resourceVersion %s, entrypoint %q; A wrote %s, %q",
			read.ResourceVersion, read.Spec.Entrypoint, created.ResourceVersion, created.Spec.Entrypoint)
	}

	watchA, err := a.Watch(ctx, metav1.ListOptions{FieldSelector: byName.FieldSelector, ResourceVersion: created.ResourceVersion})
	if err != nil {
		t.Fatalf("watch through replica A: %v", err)
	}
	defer watchA.Stop()
	read.Labels = map[string]string{"updated-through": "b"}
	updated, err := b.Update(ctx, read, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("update through replica B: %v", err)
	}
	modified := nextWorkflowEvent(t, watchA, "replica A's watch, after the update through B")
	if modified.Type != watch.Modified || modified.Object.Labels["updated-through"] != "b" {
		t.Errorf("replica A's watch: %s with labels %v, want MODIFIED with updated-through=b", modified.Type, modified.Object.Labels)
	}
	if modified.Object.ResourceVersion != updated.ResourceVersion || revision(t, updated.ResourceVersion) <= revision(t, created.ResourceVersion) {
		t.Errorf("replica A's watch sees resourceVersion %s; the update through B returned %s, after %s at creation",
			modified.Object.ResourceVersion, updated.ResourceVersion, created.ResourceVersion)
	}

	for replica, client := range map[string]workflowsClient{"A": a, "B": b} {
		stale := created.DeepCopy()
		stale.Labels = map[string]string{"updated-through": "stale-" + replica}
		_, err := client.Update(ctx, stale, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			t.Errorf("update through replica %s at the stale resourceVersion %s (now %s): %v, want a conflict",
				replica, created.ResourceVersion, updated.ResourceVersion, err)
		}
	}
	final, err := a.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get through replica A: %v", err)
	}
	if final.ResourceVersion != updated.ResourceVersion || final.Labels["updated-through"] != "b" {
		t.Errorf("after the refused stale updates, replica A reads resourceVersion %s with labels %v; want %s with updated-through=b",
			final.ResourceVersion, final.Labels, updated.ResourceVersion)
	}
}

// expectEtcdRefused: a replica without a client certificate never becomes
// ready, cannot serve workflows, and says why.
func expectEtcdRefused(t *testing.T, replica *apiserverReplica) {
	ctx := testContext(t, 2*time.Minute)
	const reason = "certificate required"
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(replica.log(t), reason) {
		if time.Now().After(deadline) {
			t.Fatalf("after a minute, the log of weft-apiserver without a client certificate does not say %q:\n%s", reason, replica.logTail(t))
		}
		time.Sleep(time.Second)
	}
	for _, line := range strings.Split(replica.log(t), "\n") {
		if strings.Contains(line, reason) {
			t.Logf("weft-apiserver without a client certificate: %s", line)
			break
		}
	}
	if replica.exited() {
		t.Logf("weft-apiserver without a client certificate exited")
		return
	}
	if err := replica.ready(ctx); err == nil {
		t.Errorf("weft-apiserver without a client certificate is ready")
	}
	listCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := replica.workflows(t).List(listCtx, metav1.ListOptions{}); err == nil {
		t.Errorf("weft-apiserver without a client certificate lists workflows")
	}
}

// workflowsClient is the workflows of one namespace through one replica.
type workflowsClient interface {
	Create(context.Context, *v1alpha1.Workflow, metav1.CreateOptions) (*v1alpha1.Workflow, error)
	Update(context.Context, *v1alpha1.Workflow, metav1.UpdateOptions) (*v1alpha1.Workflow, error)
	Get(context.Context, string, metav1.GetOptions) (*v1alpha1.Workflow, error)
	List(context.Context, metav1.ListOptions) (*v1alpha1.WorkflowList, error)
	Watch(context.Context, metav1.ListOptions) (watch.Interface, error)
}

// workflowEvent is a watch event of a workflow.
type workflowEvent struct {
	Type   watch.EventType
	Object *v1alpha1.Workflow
}

func nextWorkflowEvent(t *testing.T, w watch.Interface, what string) workflowEvent {
	t.Helper()
	select {
	case event, ok := <-w.ResultChan():
		if !ok {
			t.Fatalf("%s: the watch ended", what)
		}
		wf, isWorkflow := event.Object.(*v1alpha1.Workflow)
		if !isWorkflow {
			t.Fatalf("%s: %s event of %T: %v", what, event.Type, event.Object, event.Object)
		}
		return workflowEvent{Type: event.Type, Object: wf}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no event within 30s", what)
	}
	return workflowEvent{}
}

// revision reads a resourceVersion, which etcd storage makes its revision.
func revision(t *testing.T, resourceVersion string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(resourceVersion, 10, 64)
	if err != nil {
		t.Fatalf("resourceVersion %q is not an etcd revision: %v", resourceVersion, err)
	}
	return n
}

// loopbackPKI is a CA and the certificates of etcd and the apiservers, all
// for 127.0.0.1, in files.
type loopbackPKI struct {
	caPEM                         []byte
	caPath                        string
	etcdServerCert, etcdServerKey string
	etcdClientCert, etcdClientKey string
	apiserverCert, apiserverKey   string
	authority                     *x509.Certificate
	authorityKey                  *ecdsa.PrivateKey
}

func newLoopbackPKI(t *testing.T, dir string) *loopbackPKI {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "external-etcd-e2e-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	p := &loopbackPKI{caPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), authority: ca, authorityKey: key}
	p.caPath = filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(p.caPath, p.caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	serverAndClient := []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	p.etcdServerCert, p.etcdServerKey = p.issue(t, dir, "etcd-server", serverAndClient, 2)
	p.etcdClientCert, p.etcdClientKey = p.issue(t, dir, "etcd-client", []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, 3)
	p.apiserverCert, p.apiserverKey = p.issue(t, dir, "weft-apiserver", []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, 4)
	return p
}

// issue writes DIR/NAME.crt and DIR/NAME.key, valid for 127.0.0.1 and localhost.
func (p *loopbackPKI) issue(t *testing.T, dir, name string, usages []x509.ExtKeyUsage, serial int64) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: usages,
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, p.authority, &key.PublicKey, p.authorityKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// buildAPIServer builds cmd/apiserver into dir.
func buildAPIServer(t *testing.T, dir string) string {
	t.Helper()
	binary := filepath.Join(dir, "weft-apiserver")
	started := time.Now()
	if out, err := exec.Command("go", "build", "-o", binary, "../../cmd/apiserver").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/apiserver: %v\n%s", err, out)
	}
	t.Logf("built weft-apiserver in %s", time.Since(started).Round(time.Millisecond))
	return binary
}

// startTLSEtcd starts a single etcd member whose clients must show a
// certificate of the CA, and returns its client URL once it is healthy.
func startTLSEtcd(t *testing.T, dir string, pki *loopbackPKI) string {
	t.Helper()
	clientURL := "https://127.0.0.1:" + strconv.Itoa(loopbackPort(t))
	peerURL := "http://127.0.0.1:" + strconv.Itoa(loopbackPort(t))
	etcd := startLoopbackProcess(t, dir, "etcd", etcdBinary,
		"--name=e2e", "--data-dir="+filepath.Join(dir, "etcd-data"),
		"--listen-client-urls="+clientURL, "--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL, "--initial-cluster=e2e="+peerURL,
		"--client-cert-auth", "--trusted-ca-file="+pki.caPath,
		"--cert-file="+pki.etcdServerCert, "--key-file="+pki.etcdServerKey,
		"--unsafe-no-fsync", "--log-level=warn")
	clientPair, err := tls.LoadX509KeyPair(pki.etcdClientCert, pki.etcdClientKey)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pki.caPEM)
	health := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: []tls.Certificate{clientPair}}}}
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := health.Get(clientURL + "/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return clientURL
			}
		}
		if time.Now().After(deadline) || etcd.exited() {
			t.Fatalf("etcd at %s is not healthy (%v):\n%s", clientURL, err, etcd.logTail(t))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// apiserverReplica is a weft-apiserver process on loopback.
type apiserverReplica struct {
	*loopbackProcess
	url   string
	caPEM []byte
}

// startAPIServerProcess starts weft-apiserver in dev mode (no kube-apiserver
// to delegate to) on etcdURL, with the client certificate when given.
func startAPIServerProcess(t *testing.T, dir, binary, name string, pki *loopbackPKI, etcdURL, clientCert, clientKey string) *apiserverReplica {
	t.Helper()
	port := loopbackPort(t)
	args := []string{
		"--bind-address=127.0.0.1", "--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + pki.apiserverCert, "--tls-private-key-file=" + pki.apiserverKey,
		"--etcd-servers=" + etcdURL, "--etcd-cafile=" + pki.caPath,
		"--dev-mode",
	}
	if clientCert != "" {
		args = append(args, "--etcd-certfile="+clientCert, "--etcd-keyfile="+clientKey)
	}
	return &apiserverReplica{
		loopbackProcess: startLoopbackProcess(t, dir, name, binary, args...),
		url:             "https://127.0.0.1:" + strconv.Itoa(port),
		caPEM:           pki.caPEM,
	}
}

// startAPIServerReplica is startAPIServerProcess, returning once /readyz passes.
func startAPIServerReplica(t *testing.T, dir, binary, name string, pki *loopbackPKI, etcdURL, clientCert, clientKey string) *apiserverReplica {
	t.Helper()
	replica := startAPIServerProcess(t, dir, binary, name, pki, etcdURL, clientCert, clientKey)
	ctx := testContext(t, 2*time.Minute)
	for {
		err := replica.ready(ctx)
		if err == nil {
			return replica
		}
		if ctx.Err() != nil || replica.exited() {
			t.Fatalf("weft-apiserver %s is not ready: %v\n%s", name, err, replica.logTail(t))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func (r *apiserverReplica) config() *rest.Config {
	return &rest.Config{Host: r.url, TLSClientConfig: rest.TLSClientConfig{CAData: r.caPEM}, QPS: -1}
}

// ready asks /readyz once.
func (r *apiserverReplica) ready(ctx context.Context) error {
	client, err := versioned.NewForConfig(r.config())
	if err != nil {
		return err
	}
	return client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).Error()
}

func (r *apiserverReplica) workflows(t *testing.T) workflowsClient {
	t.Helper()
	client, err := versioned.NewForConfig(r.config())
	if err != nil {
		t.Fatal(err)
	}
	return client.WeftV1alpha1().Workflows("external-etcd")
}

// loopbackProcess is a child process with its output in a log file, stopped
// when the test ends.
type loopbackProcess struct {
	name, logFile string
	cmd           *exec.Cmd
	done          chan struct{}
}

func startLoopbackProcess(t *testing.T, dir, name, binary string, args ...string) *loopbackProcess {
	t.Helper()
	logFile := filepath.Join(dir, name+".log")
	out, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		out.Close()
		t.Fatalf("starting %s: %v", name, err)
	}
	p := &loopbackProcess{name: name, logFile: logFile, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		out.Close()
		close(p.done)
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *loopbackProcess) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and, after ten seconds, SIGKILL to the process group.
func (p *loopbackProcess) stop() {
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

func (p *loopbackProcess) log(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(p.logFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// logTail is the end of the log, for failure messages.
func (p *loopbackProcess) logTail(t *testing.T) string {
	t.Helper()
	log := p.log(t)
	if len(log) > 4000 {
		log = log[len(log)-4000:]
	}
	return fmt.Sprintf("--- end of %s ---\n%s", p.logFile, log)
}

// loopbackPort asks the kernel for a free port on 127.0.0.1.
func loopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
