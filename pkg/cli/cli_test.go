package cli

import (
	"strings"
	"testing"
)

func TestDisplayName(t *testing.T) {
	for program, want := range map[string]string{
		"weft":                        "weft",
		"/usr/local/bin/weft":         "weft",
		"./bin/weft-dev":              "weft",
		"/usr/local/bin/kubectl-weft": "kubectl weft",
		"/opt/kubectl-weft.exe":       "kubectl weft",
	} {
		if got := displayName(program); got != want {
			t.Errorf("displayName(%q) = %q, want %q", program, got, want)
		}
	}
}

func TestVersion(t *testing.T) {
	old := version
	defer func() { version = old }()
	version = "v1.2.3"
	if got := Version(); got != "v1.2.3" {
		t.Errorf("Version() = %q with the ldflags version set", got)
	}
	version = ""
	if got := Version(); !strings.HasPrefix(got, "devel") && !strings.HasPrefix(got, "v") {
		t.Errorf("Version() = %q without ldflags", got)
	}
}
