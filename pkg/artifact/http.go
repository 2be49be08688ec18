package artifact

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"github.com/weft-dev/weft/pkg/executor"
)

// fetchHTTP downloads the URL into a file in stage. A 404 wraps
// executor.ErrArtifactNotFound; any other status but 2xx is an error naming
// the URL and the status.
func (d Drivers) fetchHTTP(ctx context.Context, loc *executor.HTTPLocation, stage string) (string, error) {
	shown := redactURL(loc.URL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc.URL, nil)
	if err != nil {
		return "", fmt.Errorf("http artifact URL %s: %w", shown, err)
	}
	for _, h := range loc.Headers {
		req.Header.Add(h.Name, h.Value)
	}
	if loc.UsernameFile != "" || loc.PasswordFile != "" {
		user, err := readSecret("HTTP username", loc.UsernameFile)
		if err != nil {
			return "", err
		}
		password, err := readSecret("HTTP password", loc.PasswordFile)
		if err != nil {
			return "", err
		}
		req.SetBasicAuth(user, password)
	}
	client := d.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", shown, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if resp.StatusCode == http.StatusNotFound {
			return "", fmt.Errorf("%w: GET %s: %s", executor.ErrArtifactNotFound, shown, resp.Status)
		}
		return "", fmt.Errorf("GET %s: %s", shown, resp.Status)
	}
	file := filepath.Join(stage, "download")
	f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return "", fmt.Errorf("GET %s: reading the body: %w", shown, err)
	}
	return file, f.Close()
}

// redactURL is the URL with any password replaced, for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}
