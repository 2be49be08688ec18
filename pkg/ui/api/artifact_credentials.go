package api

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// s3Credentials are the keys an S3 location is read with.
type s3Credentials struct {
	accessKey, secretKey, sessionToken string
}

// credentialsOf reads the keys of an S3 location from the Secrets of the
// workflow's namespace it names, with the user's client: the user needs the
// right to read them. Locations the executor cannot use either (roleARN,
// useSDKCreds, caSecret, encryption) are refused as it refuses them.
func credentialsOf(ctx context.Context, kube kubernetes.Interface, namespace string, s3 *v1alpha1.S3Artifact) (s3Credentials, error) {
	switch {
	case s3.RoleARN != "" || s3.UseSDKCreds:
		return s3Credentials{}, fmt.Errorf("s3: roleARN and useSDKCreds are not supported: give accessKeySecret and secretKeySecret")
	case s3.CASecret != nil:
		return s3Credentials{}, fmt.Errorf("s3: caSecret is not supported")
	case s3.EncryptionOptions != nil && (s3.EncryptionOptions.EnableEncryption || s3.EncryptionOptions.ServerSideCustomerKeySecret != nil):
		return s3Credentials{}, fmt.Errorf("s3: encryptionOptions are not supported")
	}
	secrets := map[string]*corev1.Secret{}
	read := func(what string, sel *corev1.SecretKeySelector) (string, error) {
		if sel == nil || sel.Name == "" || sel.Key == "" {
			return "", nil
		}
		secret, ok := secrets[sel.Name]
		if !ok {
			var err error
			if secret, err = kube.CoreV1().Secrets(namespace).Get(ctx, sel.Name, metav1.GetOptions{}); err != nil {
				return "", err
			}
			secrets[sel.Name] = secret
		}
		value, ok := secret.Data[sel.Key]
		if !ok {
			return "", fmt.Errorf("the %s of the artifact's location is key %q of Secret %s/%s, which has no such key", what, sel.Key, namespace, sel.Name)
		}
		return strings.TrimSpace(string(value)), nil
	}
	var c s3Credentials
	var err error
	if c.accessKey, err = read("access key", s3.AccessKeySecret); err != nil {
		return c, err
	}
	if c.secretKey, err = read("secret key", s3.SecretKeySecret); err != nil {
		return c, err
	}
	c.sessionToken, err = read("session token", s3.SessionTokenSecret)
	return c, err
}
