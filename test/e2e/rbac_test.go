package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
)

// TestRBACMultiTenancy checks that the built-in roles, with Weft's
// aggregated rules, govern Weft's resources for users the cluster CA vouches for.
func TestRBACMultiTenancy(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	teamA := namespace(t, "team-a")
	teamB := namespace(t, "team-b")
	bind(t, teamA, "alice", "edit")
	bind(t, teamB, "bob", "view")
	alice := userClient(t, "alice", "developers")
	bob := userClient(t, "bob", "auditors")

	wf := workflow("tenant-")
	wf.Annotations = map[string]string{v1alpha1.AnnotationCreator: "mallory"}
	created := eventually(t, func() (*v1alpha1.Workflow, error) {
		return alice.WeftV1alpha1().Workflows(teamA).Create(ctx, wf, metav1.CreateOptions{})
	})
	if got := created.Annotations[v1alpha1.AnnotationCreator]; got != "alice" {
		t.Errorf("creator annotation %q, want alice (the client claimed mallory)", got)
	}
	if groups := created.Annotations[v1alpha1.AnnotationCreatorGroups]; !strings.Contains(groups, "developers") {
		t.Errorf("creator groups %q lack developers", groups)
	}
	if _, err := alice.WeftV1alpha1().Workflows(teamA).List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("alice lists workflows in %s: %v", teamA, err)
	}
	watcher, err := alice.WeftV1alpha1().Workflows(teamA).Watch(ctx, metav1.ListOptions{})
	if err != nil {
		t.Errorf("alice watches workflows in %s: %v", teamA, err)
	} else {
		watcher.Stop()
	}
	expectForbidden(t, "alice lists in team-b", func() error {
		_, err := alice.WeftV1alpha1().Workflows(teamB).List(ctx, metav1.ListOptions{})
		return err
	})
	expectForbidden(t, "alice creates in team-b", func() error {
		_, err := alice.WeftV1alpha1().Workflows(teamB).Create(ctx, workflow("tenant-"), metav1.CreateOptions{})
		return err
	})

	eventually(t, func() (*v1alpha1.WorkflowList, error) {
		return bob.WeftV1alpha1().Workflows(teamB).List(ctx, metav1.ListOptions{})
	})
	expectForbidden(t, "bob creates in team-b", func() error {
		_, err := bob.WeftV1alpha1().Workflows(teamB).Create(ctx, workflow("tenant-"), metav1.CreateOptions{})
		return err
	})

	for user, client := range map[string]versioned.Interface{"alice": alice, "bob": bob} {
		expectForbidden(t, user+" creates a ClusterWorkflowTemplate", func() error {
			cwt := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{GenerateName: "tenant-"}, Spec: workflow("").Spec}
			_, err := client.WeftV1alpha1().ClusterWorkflowTemplates().Create(ctx, cwt, metav1.CreateOptions{})
			return err
		})
	}
}

// bind gives user the built-in ClusterRole role in namespace.
func bind(t *testing.T, namespace, user, role string) {
	t.Helper()
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: user + "-" + role},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
	if _, err := kube.RbacV1().RoleBindings(namespace).Create(testContext(t, time.Minute), binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("bind %s to %s in %s: %v", user, role, namespace, err)
	}
}

// grantWorkflows gives user a Role of its own in namespace that allows the
// verbs on workflows and nothing else.
func grantWorkflows(t *testing.T, namespace, user string, verbs ...string) {
	t.Helper()
	ctx := testContext(t, time.Minute)
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: user + "-workflows"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{v1alpha1.GroupName}, Resources: []string{"workflows"}, Verbs: verbs}},
	}
	if _, err := kube.RbacV1().Roles(namespace).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating role %s in %s: %v", role.Name, namespace, err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role.Name},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
	if _, err := kube.RbacV1().RoleBindings(namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("binding role %s to %s in %s: %v", role.Name, user, namespace, err)
	}
}

// userClient returns a client that authenticates as user in group with a
// client certificate the test signs with the cluster CA.
func userClient(t *testing.T, user, group string) versioned.Interface {
	t.Helper()
	client, err := versioned.NewForConfig(userConfig(t, user, group))
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// userConfig is the client configuration of user in group: a client
// certificate the test signs with the cluster CA.
func userConfig(t *testing.T, user, group string) *rest.Config {
	t.Helper()
	caCert, caKey := clusterCA(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: user, Organization: []string{group}},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	config := rest.AnonymousClientConfig(adminConfig)
	config.CertData = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	config.KeyData = pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	return config
}

func clusterCA(t *testing.T) (*x509.Certificate, any) {
	t.Helper()
	certPEM, err := os.ReadFile(localDir + "/pki/ca.crt")
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(localDir + "/pki/ca.key")
	if err != nil {
		t.Fatal(err)
	}
	certBlock, _ := pem.Decode(certPEM)
	keyBlock, _ := pem.Decode(keyPEM)
	if certBlock == nil || keyBlock == nil {
		t.Fatalf("cluster CA files in %s/pki are not PEM", localDir)
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.ParsePKCS8PrivateKey(keyBlock.Bytes)
	if err != nil {
		if key, err = x509.ParsePKCS1PrivateKey(keyBlock.Bytes); err != nil {
			t.Fatalf("cluster CA key: %v", err)
		}
	}
	return cert, key
}

func expectForbidden(t *testing.T, what string, call func() error) {
	t.Helper()
	if err := call(); !apierrors.IsForbidden(err) {
		t.Errorf("%s: want 403 Forbidden, got %v", what, err)
	}
}

// eventually retries call until RBAC caches catch up with new bindings.
func eventually[T any](t *testing.T, call func() (T, error)) T {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		result, err := call()
		if err == nil {
			return result
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after 30s: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
