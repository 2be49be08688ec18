// Package memo holds the pure parts of memoization: the cache entries kept in
// ConfigMaps, in the format Argo writes, key validity and entry freshness.
package memo

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// LabelConfigMapType labels the ConfigMaps Weft uses as caches, with the
// value LabelValueCache. Weft reads and writes no other ConfigMap's entries.
const LabelConfigMapType = "weft.dev/configmap-type"

// LabelValueCache is the value of LabelConfigMapType on a cache.
const LabelValueCache = "Cache"

// Entry is one cached result: the outputs of the node that made it.
type Entry struct {
	// NodeID is the node whose outputs are cached.
	NodeID string `json:"nodeID"`
	// Outputs are the node's outputs.
	Outputs *v1alpha1.Outputs `json:"outputs"`
	// CreationTimestamp is when the entry was written.
	CreationTimestamp metav1.Time `json:"creationTimestamp"`
	// LastHitTimestamp is when the entry was last written or used.
	LastHitTimestamp metav1.Time `json:"lastHitTimestamp"`
}

// Encode is the entry as stored in a ConfigMap value.
func Encode(e Entry) (string, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// Decode reads an entry from a ConfigMap value.
func Decode(value string) (Entry, error) {
	var e Entry
	if err := json.Unmarshal([]byte(value), &e); err != nil {
		return Entry{}, fmt.Errorf("cache entry is not an entry's JSON: %w", err)
	}
	return e, nil
}

var validKey = regexp.MustCompile(`^[-._a-zA-Z0-9]+$`)

// ValidateKey says why a substituted memoize key cannot be a ConfigMap key;
// nil when it can.
func ValidateKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("memoize.key is empty after substitution: make it name the inputs, such as \"{{inputs.parameters.NAME}}\"")
	case len(key) > 253:
		return fmt.Errorf("memoize.key %q is %d characters after substitution; a ConfigMap key has at most 253", key, len(key))
	case !validKey.MatchString(key):
		return fmt.Errorf("memoize.key %q is not a valid ConfigMap key after substitution: use only letters, digits, '-', '_' and '.'", key)
	}
	return nil
}

// ParseMaxAge reads memoize.maxAge: a Go duration such as "10s" or "24h",
// or a whole number of seconds. Empty means entries never expire (0).
func ParseMaxAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if seconds, err := strconv.ParseInt(s, 10, 64); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("memoize.maxAge %q is not a duration: write a Go duration such as \"30s\" or \"24h\", or a whole number of seconds", s)
	}
	return d, nil
}

// Fresh says whether an entry written at created is still valid at now:
// a maxAge of 0 never expires.
func Fresh(created, now time.Time, maxAge time.Duration) bool {
	return maxAge == 0 || !now.After(created.Add(maxAge))
}
