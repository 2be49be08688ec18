package config

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Controller is the content of weft-controller's configuration file.
type Controller struct {
	// ArtifactRepository is the default artifact repository, in the format
	// of an artifact-repositories ConfigMap's values: used by workflows whose
	// namespace has no default there and that name none with
	// spec.artifactRepositoryRef. Weft stores artifacts in S3-compatible
	// stores only.
	ArtifactRepository *v1alpha1.ArtifactRepository `json:"artifactRepository,omitempty"`
	// Images gives the entrypoint and command of images by name, for
	// templates that set no command, so the controller need not read them
	// from the registry.
	Images map[string]Image `json:"images,omitempty"`
	// RegistryMirrors is Weft's own key (not Argo's): where the controller
	// reads the images of a registry when it looks up their entrypoint,
	// by registry host ("docker.io", "registry.example.com:5000") to a mirror
	// URL such as "https://mirror.example.com" or "http://10.88.0.1:5000".
	// Only a mirror listed with http:// is read over plain HTTP. The
	// repository path and tag stay as they are, as with containerd's mirrors.
	RegistryMirrors map[string]string `json:"registryMirrors,omitempty"`
}

// Image is what the controller knows of an image without asking its registry.
type Image struct {
	// Entrypoint is the image's ENTRYPOINT.
	Entrypoint []string `json:"entrypoint,omitempty"`
	// Cmd is the image's CMD.
	Cmd []string `json:"cmd,omitempty"`
}

// Load reads the configuration file at path; an empty path is the empty
// configuration.
func Load(path string) (*Controller, error) {
	if path == "" {
		return &Controller{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the controller configuration: %w", err)
	}
	return Parse(data)
}

// Parse reads a configuration from YAML or JSON. Unknown keys are refused,
// so a misspelt setting is reported instead of silently ignored.
func Parse(data []byte) (*Controller, error) {
	var c Controller
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("controller configuration: %w", err)
	}
	if r := c.ArtifactRepository; r != nil && (r.Artifactory != nil || r.HDFS != nil || r.OSS != nil || r.GCS != nil || r.Azure != nil || r.Plugin != nil) {
		return nil, fmt.Errorf("controller configuration: artifactRepository: only s3 repositories are supported (any S3-compatible store)")
	}
	return &c, nil
}
