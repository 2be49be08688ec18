package imageconfig

import (
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	corev1 "k8s.io/api/core/v1"
)

func TestSecretKeychainMatchesRegistryAndPath(t *testing.T) {
	keychain := secretKeychain{
		{"registry.example.com/team": {Username: "team"}, "registry.example.com": {Username: "any"}},
		{"https://index.docker.io/v1/": {Username: "hub"}},
	}
	for image, want := range map[string]string{
		"registry.example.com/team/tool:1":  "team",
		"registry.example.com/teamx/tool:1": "any",
		"registry.example.com/other:1":      "any",
		"busybox":                           "hub",
		"docker.io/argoproj/argosay:v2":     "hub",
		"elsewhere.example.com/tool:1":      "",
	} {
		ref, err := name.ParseReference(image)
		if err != nil {
			t.Fatal(err)
		}
		auth, err := keychain.Resolve(ref.Context())
		if err != nil {
			t.Fatal(err)
		}
		got, err := authn.Authorization(t.Context(), auth)
		if err != nil {
			t.Fatal(err)
		}
		if got.Username != want {
			t.Errorf("%s: user %q, want %q", image, got.Username, want)
		}
	}
}

func TestParseSecret(t *testing.T) {
	dockercfg := &corev1.Secret{Type: corev1.SecretTypeDockercfg,
		Data: map[string][]byte{corev1.DockerConfigKey: []byte(`{"registry.example.com":{"auth":"dTpw"}}`)}}
	auths, err := parseSecret(dockercfg)
	if err != nil || auths["registry.example.com"].Username != "u" || auths["registry.example.com"].Password != "p" {
		t.Errorf("dockercfg: %+v, %v", auths, err)
	}
	opaque := &corev1.Secret{Type: corev1.SecretTypeOpaque}
	if _, err := parseSecret(opaque); err == nil {
		t.Error("an Opaque secret was read as an image pull secret")
	}
}
