package imageconfig

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// secretSource reads the image pull Secrets a pod would use.
type secretSource struct {
	kube kubernetes.Interface
}

// keychain returns the credentials of a request's pod: its own
// imagePullSecrets, then its service account's. Like kubelet, it skips a
// Secret or service account that does not exist.
func (s secretSource) keychain(ctx context.Context, req Request) (secretKeychain, error) {
	names := append([]string(nil), req.PullSecrets...)
	account := req.ServiceAccountName
	if account == "" {
		account = "default"
	}
	sa, err := s.kube.CoreV1().ServiceAccounts(req.Namespace).Get(ctx, account, metav1.GetOptions{})
	switch {
	case err == nil:
		for _, ref := range sa.ImagePullSecrets {
			names = append(names, ref.Name)
		}
	case !apierrors.IsNotFound(err):
		return nil, fmt.Errorf("reading service account %s/%s for its imagePullSecrets: %w", req.Namespace, account, err)
	}
	var keychain secretKeychain
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		secret, err := s.kube.CoreV1().Secrets(req.Namespace).Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading image pull secret %s/%s: %w", req.Namespace, name, err)
		}
		auths, err := parseSecret(secret)
		if err != nil {
			return nil, err
		}
		keychain = append(keychain, auths)
	}
	return keychain, nil
}
