package artifacts

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

const installEtcdCerts = "../../hack/install-etcd-certs.sh"

// fakeKubectl stands in for kubectl in hack/install-etcd-certs.sh: the
// Secret NAME is the directory $FAKE_KUBE_STATE/NAME, one file per key, and
// every call is appended to $FAKE_KUBE_STATE/calls.
const fakeKubectl = `#!/usr/bin/env bash
set -o errexit -o nounset -o pipefail
state="${FAKE_KUBE_STATE}"
echo "$*" >> "${state}/calls"
args=("$@")
if [[ "${args[0]}" == -n ]]; then args=("${args[@]:2}"); fi
case "${args[0]} ${args[1]:-}" in
  "get secret")
    dir="${state}/${args[2]}"
    if [[ ! -d "${dir}" ]]; then echo "secrets \"${args[2]}\" not found" >&2; exit 1; fi
    if [[ "${#args[@]}" -gt 3 ]]; then
      key="${args[4]#jsonpath=\{.data.}"; key="${key%\}}"; key="${key//\\./.}"
      base64 -w0 < "${dir}/${key}"
    fi ;;
  "create secret")
    dir="${state}/${args[3]}"
    rm -rf "${dir}"; mkdir -p "${dir}"
    for arg in "${args[@]:4}"; do
      case "${arg}" in --from-file=*) pair="${arg#--from-file=}"; cp "${pair#*=}" "${dir}/${pair%%=*}" ;; esac
    done
    echo "kind: Secret" ;;
  "create namespace") echo "kind: Namespace" ;;
  "apply "*) cat > /dev/null ;;
  *) echo "fake kubectl: unexpected: $*" >&2; exit 1 ;;
esac
`

// etcdSecrets are the Secrets the script makes.
var etcdSecrets = []string{"weft-etcd-ca", "weft-etcd-server", "weft-etcd-peer", "weft-etcd-client"}

// runInstallEtcdCerts runs the script against the fake kubectl of state
// and returns its combined output.
func runInstallEtcdCerts(t *testing.T, state string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("hack/install-etcd-certs.sh needs openssl: %v", err)
	}
	kubectl := filepath.Join(t.TempDir(), "kubectl")
	if err := os.WriteFile(kubectl, []byte(fakeKubectl), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(installEtcdCerts, args...)
	cmd.Env = append(os.Environ(), "KUBECTL="+kubectl, "FAKE_KUBE_STATE="+state)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// secretFiles reads every key of every Secret the script made.
func secretFiles(t *testing.T, state string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, secret := range etcdSecrets {
		entries, err := os.ReadDir(filepath.Join(state, secret))
		if err != nil {
			t.Fatalf("Secret %s: %v", secret, err)
		}
		for _, entry := range entries {
			data, err := os.ReadFile(filepath.Join(state, secret, entry.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[secret+"/"+entry.Name()] = data
		}
	}
	return files
}

func TestInstallEtcdCertsMakesCertificatesEtcdAccepts(t *testing.T) {
	state := t.TempDir()
	if out, err := runInstallEtcdCerts(t, state); err != nil {
		t.Fatalf("hack/install-etcd-certs.sh: %v\n%s", err, out)
	}
	files := secretFiles(t, state)
	wantKeys := map[string][]string{
		"weft-etcd-ca":     {"ca.crt", "ca.key"},
		"weft-etcd-server": {"ca.crt", "tls.crt", "tls.key"},
		"weft-etcd-peer":   {"ca.crt", "tls.crt", "tls.key"},
		"weft-etcd-client": {"ca.crt", "tls.crt", "tls.key"},
	}
	for secret, keys := range wantKeys {
		for _, key := range keys {
			if len(files[secret+"/"+key]) == 0 {
				t.Errorf("Secret %s has no %s", secret, key)
			}
		}
	}
	ca := parseCertificate(t, files["weft-etcd-ca/ca.crt"])
	if !ca.IsCA {
		t.Fatalf("weft-etcd-ca/ca.crt is not a CA")
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	for _, secret := range etcdSecrets[1:] {
		if !bytes.Equal(files[secret+"/ca.crt"], files["weft-etcd-ca/ca.crt"]) {
			t.Errorf("%s/ca.crt is not the CA of weft-etcd-ca", secret)
		}
	}

	// Every name weft-apiserver dials and every member's peer name.
	var deployment appsv1.Deployment
	render(t, externalEtcdDir).decode(t, "Deployment", weftNamespace, "weft-apiserver", &deployment)
	var memberHosts []string
	for _, server := range strings.Split(flagValues(t, apiserverContainer(t, deployment.Spec.Template.Spec).Args)["etcd-servers"], ",") {
		u, err := url.Parse(server)
		if err != nil {
			t.Fatal(err)
		}
		memberHosts = append(memberHosts, u.Hostname(), u.Hostname()+".cluster.local")
	}
	memberHosts = append(memberHosts, "localhost")

	server := parseCertificate(t, files["weft-etcd-server/tls.crt"])
	peer := parseCertificate(t, files["weft-etcd-peer/tls.crt"])
	client := parseCertificate(t, files["weft-etcd-client/tls.crt"])
	for _, host := range memberHosts {
		expectVerifies(t, "server certificate", server, roots, host, x509.ExtKeyUsageServerAuth)
		expectVerifies(t, "peer certificate", peer, roots, host, x509.ExtKeyUsageServerAuth)
	}
	expectVerifies(t, "peer certificate", peer, roots, "", x509.ExtKeyUsageClientAuth)
	expectVerifies(t, "client certificate", client, roots, "", x509.ExtKeyUsageClientAuth)
	if _, err := client.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err == nil {
		t.Errorf("the client certificate would also serve as a server's")
	}

	// etcd, a Go TLS server with --client-cert-auth, lets the client
	// certificate in and refuses a client without one.
	serverPair, err := tls.X509KeyPair(files["weft-etcd-server/tls.crt"], files["weft-etcd-server/tls.key"])
	if err != nil {
		t.Fatalf("weft-etcd-server: %v", err)
	}
	clientPair, err := tls.X509KeyPair(files["weft-etcd-client/tls.crt"], files["weft-etcd-client/tls.key"])
	if err != nil {
		t.Fatalf("weft-etcd-client: %v", err)
	}
	serverConfig := &tls.Config{Certificates: []tls.Certificate{serverPair}, ClientCAs: roots, ClientAuth: tls.RequireAndVerifyClientCert}
	clientConfig := &tls.Config{RootCAs: roots, ServerName: memberHosts[0], Certificates: []tls.Certificate{clientPair}}
	if err := handshake(serverConfig, clientConfig); err != nil {
		t.Errorf("TLS with the client certificate: %v", err)
	}
	clientConfig.Certificates = nil
	if err := handshake(serverConfig, clientConfig); err == nil {
		t.Errorf("TLS without a client certificate succeeded; want it refused")
	}
}

func TestInstallEtcdCertsKeepsAndRotates(t *testing.T) {
	state := t.TempDir()
	if out, err := runInstallEtcdCerts(t, state); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	first := secretFiles(t, state)

	if out, err := runInstallEtcdCerts(t, state); err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	for key, data := range secretFiles(t, state) {
		if !bytes.Equal(data, first[key]) {
			t.Errorf("a second run without --rotate changed %s", key)
		}
	}

	if err := os.RemoveAll(filepath.Join(state, "weft-etcd-client")); err != nil {
		t.Fatal(err)
	}
	if out, err := runInstallEtcdCerts(t, state); err != nil {
		t.Fatalf("run after deleting weft-etcd-client: %v\n%s", err, out)
	}
	reissued := secretFiles(t, state)
	for key, data := range reissued {
		changed := !bytes.Equal(data, first[key])
		if wantChanged := key == "weft-etcd-client/tls.crt" || key == "weft-etcd-client/tls.key"; changed != wantChanged {
			t.Errorf("after deleting weft-etcd-client: %s changed %v, want %v", key, changed, wantChanged)
		}
	}

	if out, err := runInstallEtcdCerts(t, state, "--rotate"); err != nil {
		t.Fatalf("--rotate: %v\n%s", err, out)
	}
	rotated := secretFiles(t, state)
	roots := x509.NewCertPool()
	roots.AddCert(parseCertificate(t, first["weft-etcd-ca/ca.crt"]))
	for key, data := range rotated {
		changed := !bytes.Equal(data, reissued[key])
		if wantChanged := strings.HasSuffix(key, "/tls.crt") || strings.HasSuffix(key, "/tls.key"); changed != wantChanged {
			t.Errorf("--rotate: %s changed %v, want %v", key, changed, wantChanged)
		}
		if strings.HasSuffix(key, "/tls.crt") {
			expectVerifies(t, key+" after --rotate", parseCertificate(t, data), roots, "", x509.ExtKeyUsageAny)
		}
	}
}

func TestInstallEtcdCertsRefusesUnknownArguments(t *testing.T) {
	state := t.TempDir()
	out, err := runInstallEtcdCerts(t, state, "--new-ca")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(out, "usage:") {
		t.Errorf("--new-ca: %v, output %q; want exit code 2 and the usage", err, out)
	}
	if _, err := os.Stat(filepath.Join(state, "calls")); err == nil {
		t.Errorf("--new-ca called kubectl; want nothing done")
	}

	out, err = runInstallEtcdCerts(t, state, "--rotate")
	if err == nil || !strings.Contains(out, "run ") || !strings.Contains(out, "without --rotate first") {
		t.Errorf("--rotate with no CA: %v, output %q; want an error that says to create first", err, out)
	}
}

func parseCertificate(t *testing.T, data []byte) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("not a PEM certificate: %q", data)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func expectVerifies(t *testing.T, what string, cert *x509.Certificate, roots *x509.CertPool, host string, usage x509.ExtKeyUsage) {
	t.Helper()
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, DNSName: host, KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
		t.Errorf("%s for %q: %v", what, host, err)
	}
}

// handshake runs a TLS handshake between the two configurations over an
// in-memory connection and returns the server's error, else the client's.
func handshake(serverConfig, clientConfig *tls.Config) error {
	serverEnd, clientEnd := net.Pipe()
	defer serverEnd.Close()
	defer clientEnd.Close()
	serverDone := make(chan error, 1)
	go func() {
		conn := tls.Server(serverEnd, serverConfig)
		err := conn.Handshake()
		if err == nil {
			// TLS 1.3 clients learn of a refused certificate on their first read.
			_, err = conn.Write([]byte{1})
		}
		serverEnd.Close()
		serverDone <- err
	}()
	conn := tls.Client(clientEnd, clientConfig)
	clientErr := conn.Handshake()
	if clientErr == nil {
		_, clientErr = conn.Read(make([]byte, 1))
	}
	clientEnd.Close()
	if serverErr := <-serverDone; serverErr != nil {
		return serverErr
	}
	return clientErr
}
