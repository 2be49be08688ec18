package imageconfig

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// platform is the platform whose image is read from a multi-platform index:
// the node's, which is assumed to be the controller's.
var platform = v1.Platform{OS: "linux", Architecture: runtime.GOARCH}

// readImage reads the digest of src and, unless cached knows that digest
// already, the ENTRYPOINT and CMD of its image for this platform.
func readImage(ctx context.Context, src name.Reference, keychain authn.Keychain, rt http.RoundTripper,
	cached func(digest string) (Config, bool)) (string, Config, error) {
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(keychain),
		remote.WithTransport(rt), remote.WithPlatform(platform), remote.WithUserAgent("weft-controller")}
	desc, err := remote.Get(src, opts...)
	if err != nil {
		return "", Config{}, fmt.Errorf("reading %s: %w", src, err)
	}
	digest := desc.Digest.String()
	if c, ok := cached(digest); ok {
		return digest, c, nil
	}
	img, err := desc.Image()
	if err != nil {
		return "", Config{}, fmt.Errorf("reading the %s image of %s: %w", platform, src, err)
	}
	file, err := img.ConfigFile()
	if err != nil {
		return "", Config{}, fmt.Errorf("reading the config of %s: %w", src, err)
	}
	return digest, Config{Entrypoint: file.Config.Entrypoint, Cmd: file.Config.Cmd}, nil
}

// isTransient says a read may succeed if tried again: the registry did not
// answer, or answered that it is busy or broken.
func isTransient(err error) bool {
	var te *transport.Error
	if errors.As(err, &te) {
		return te.StatusCode == http.StatusTooManyRequests || te.StatusCode >= 500
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded)
}

// describe says why an image could not be read, in a user's words.
func describe(image string, err error) error {
	if err == nil {
		return nil
	}
	var te *transport.Error
	if errors.As(err, &te) {
		switch {
		case te.StatusCode == http.StatusNotFound || hasCode(te, transport.NameUnknownErrorCode, transport.ManifestUnknownErrorCode):
			return fmt.Errorf("image %s was not found in its registry (%v)", image, err)
		case te.StatusCode == http.StatusUnauthorized || te.StatusCode == http.StatusForbidden ||
			hasCode(te, transport.UnauthorizedErrorCode, transport.DeniedErrorCode):
			return fmt.Errorf("the registry of image %s refused access (%v): give the workflow or its service account an imagePullSecret for it", image, err)
		}
	}
	if isTransient(err) {
		return fmt.Errorf("the registry of image %s did not answer (%v)", image, err)
	}
	return fmt.Errorf("image %s: %w", image, err)
}

func hasCode(te *transport.Error, codes ...transport.ErrorCode) bool {
	for _, d := range te.Errors {
		for _, c := range codes {
			if d.Code == c {
				return true
			}
		}
	}
	return false
}
