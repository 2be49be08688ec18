package artifact

import (
	"fmt"
	"os"
	"strings"
)

// readSecret reads a credential from a file mounted from a Secret, without
// surrounding white space; an empty path is an empty credential.
func readSecret(what, path string) (string, error) {
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the %s: %w", what, err)
	}
	return strings.TrimSpace(string(data)), nil
}
