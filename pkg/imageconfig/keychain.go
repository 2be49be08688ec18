package imageconfig

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	corev1 "k8s.io/api/core/v1"
)

// dockerConfig is the auths of a dockerconfigjson or dockercfg Secret, by
// the registry (and optionally repository path) each entry is for.
type dockerConfig map[string]authn.AuthConfig

// parseSecret reads the registry credentials of an image pull Secret.
func parseSecret(s *corev1.Secret) (dockerConfig, error) {
	switch s.Type {
	case corev1.SecretTypeDockerConfigJson:
		var file struct {
			Auths dockerConfig `json:"auths"`
		}
		if err := json.Unmarshal(s.Data[corev1.DockerConfigJsonKey], &file); err != nil {
			return nil, fmt.Errorf("secret %s/%s: %s is not a Docker config file: %w", s.Namespace, s.Name, corev1.DockerConfigJsonKey, err)
		}
		return file.Auths, nil
	case corev1.SecretTypeDockercfg:
		var auths dockerConfig
		if err := json.Unmarshal(s.Data[corev1.DockerConfigKey], &auths); err != nil {
			return nil, fmt.Errorf("secret %s/%s: %s is not a Docker config file: %w", s.Namespace, s.Name, corev1.DockerConfigKey, err)
		}
		return auths, nil
	}
	return nil, fmt.Errorf("secret %s/%s has type %q: an image pull secret must be %s or %s",
		s.Namespace, s.Name, s.Type, corev1.SecretTypeDockerConfigJson, corev1.SecretTypeDockercfg)
}

// secretKeychain finds credentials in image pull Secrets, in order: the
// first Secret with an entry for the registry wins, and within it the entry
// naming the longest matching repository path.
type secretKeychain []dockerConfig

// Resolve implements authn.Keychain.
func (k secretKeychain) Resolve(target authn.Resource) (authn.Authenticator, error) {
	registry := registryKey(target.RegistryStr())
	repository := strings.TrimPrefix(target.String(), target.RegistryStr())
	for _, config := range k {
		best, found := -1, authn.AuthConfig{}
		for key, auth := range config {
			host, path := splitConfigKey(key)
			if host != registry || !pathMatches(path, repository) || len(path) <= best {
				continue
			}
			best, found = len(path), auth
		}
		if best >= 0 {
			return authn.FromConfig(found), nil
		}
	}
	return authn.Anonymous, nil
}

// splitConfigKey reads a Docker config key ("https://index.docker.io/v1/",
// "registry.example.com:5000", "registry.example.com/team") as a registry
// and a repository path ("" or "/team").
func splitConfigKey(key string) (string, string) {
	key = strings.TrimPrefix(strings.TrimPrefix(key, "https://"), "http://")
	host, path, _ := strings.Cut(key, "/")
	path = strings.TrimSuffix("/"+path, "/")
	if path == "/v1" || path == "/v2" {
		path = ""
	}
	if host == "registry-1.docker.io" {
		host = dockerHub
	}
	return registryKey(host), path
}

// pathMatches says a config entry's repository path covers a repository.
func pathMatches(path, repository string) bool {
	return path == "" || repository == path || strings.HasPrefix(repository, path+"/")
}
