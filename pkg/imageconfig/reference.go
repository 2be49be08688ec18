package imageconfig

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// dockerHub is the registry Docker's short names (busybox,
// argoproj/argosay:v2) live in, as go-containerregistry names it.
const dockerHub = name.DefaultRegistry

// Normalize returns an image's full name the way Docker reads it: busybox
// is index.docker.io/library/busybox:latest.
func Normalize(image string) (string, error) {
	ref, err := name.ParseReference(image)
	if err != nil {
		return "", fmt.Errorf("image %q is not a valid image reference: %w", image, err)
	}
	return ref.Name(), nil
}

// Mirror is where the images of one registry are read from instead.
type Mirror struct {
	// Host is the mirror's host[:port].
	Host string
	// Insecure says the mirror is read over plain HTTP.
	Insecure bool
}

// ParseMirrors reads the registryMirrors setting: registry host to mirror
// URL (http:// or https://). docker.io and index.docker.io both name Docker
// Hub. Only a mirror given with http:// is read over plain HTTP.
func ParseMirrors(mirrors map[string]string) (map[string]Mirror, error) {
	out := make(map[string]Mirror, len(mirrors))
	for registry, address := range mirrors {
		u, err := url.Parse(address)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return nil, fmt.Errorf("registryMirrors[%q]: %q is not a registry URL: give http://HOST[:PORT] or https://HOST[:PORT]", registry, address)
		}
		out[registryKey(registry)] = Mirror{Host: u.Host, Insecure: u.Scheme == "http"}
	}
	return out, nil
}

// registryKey is the name a registry is known by in the mirror table.
func registryKey(registry string) string {
	if registry == "docker.io" {
		return dockerHub
	}
	return registry
}

// source is the reference to read an image from: the image itself, or the
// same repository and tag or digest on its registry's mirror.
func source(image string, mirrors map[string]Mirror) (name.Reference, error) {
	ref, err := name.ParseReference(image)
	if err != nil {
		return nil, fmt.Errorf("image %q is not a valid image reference: %w", image, err)
	}
	mirror, ok := mirrors[ref.Context().RegistryStr()]
	if !ok {
		return ref, nil
	}
	var opts []name.Option
	if mirror.Insecure {
		opts = append(opts, name.Insecure)
	}
	repository := mirror.Host + "/" + ref.Context().RepositoryStr()
	if d, isDigest := ref.(name.Digest); isDigest {
		return name.NewDigest(repository+"@"+d.DigestStr(), opts...)
	}
	return name.NewTag(repository+":"+ref.Identifier(), opts...)
}
