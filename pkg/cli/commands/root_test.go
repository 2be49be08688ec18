package commands

import (
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	h := newHarness(t)
	valid := h.file("valid.yaml", helloWorkflow)
	invalid := h.file("invalid.yaml", strings.Replace(helloWorkflow, "entrypoint: main", "entrypoint: nope", 1))
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"--help"}, ExitOK},
		{[]string{}, ExitOK},
		{[]string{"bogus"}, ExitUsage},
		{[]string{"--bogus"}, ExitUsage},
		{[]string{"get"}, ExitUsage},
		{[]string{"watch", "a", "b"}, ExitUsage},
		{[]string{"get", "x", "--node-field-selector", "colour=red"}, ExitUsage},
		{[]string{"get", "x", "-o", "table"}, ExitUsage},
		{[]string{"list", "--running", "--completed"}, ExitUsage},
		{[]string{"list", "--status", "Exploded"}, ExitUsage},
		{[]string{"submit"}, ExitUsage},
		{[]string{"submit", valid, "--from", "workflowtemplate/x"}, ExitUsage},
		{[]string{"submit", valid, "--watch", "--wait"}, ExitUsage},
		{[]string{"submit", valid, "--dry-run", "--wait"}, ExitUsage},
		{[]string{"submit", valid, "-p", "novalue"}, ExitUsage},
		{[]string{"submit", "--from", "pod/x"}, ExitUsage},
		{[]string{"delete"}, ExitUsage},
		{[]string{"delete", "a", "--all"}, ExitUsage},
		{[]string{"logs", "wf", "--since", "1m", "--since-time", "2026-11-25T12:00:00Z"}, ExitUsage},
		{[]string{"completion", "powershell"}, ExitUsage},
		{[]string{"template", "bogus"}, ExitUsage},
		{[]string{"template", "delete"}, ExitUsage},
		{[]string{"get", "missing"}, ExitFailure},
		{[]string{"lint", valid}, ExitOK},
		{[]string{"lint", invalid}, ExitFailure},
		{[]string{"completion", "bash"}, ExitOK},
		{[]string{"version", "--client"}, ExitOK},
	}
	for _, c := range cases {
		if r := h.run(c.args...); r.code != c.code {
			t.Errorf("weft %s: exit %d (%v), want %d", strings.Join(c.args, " "), r.code, r.err, c.code)
		}
	}
}

func TestKubectlPluginUsage(t *testing.T) {
	h := newHarness(t)
	r := h.runAs("kubectl weft", "submit", "--help")
	if !strings.Contains(r.stdout, "kubectl weft submit FILE...") || !strings.Contains(r.stdout, "kubectl weft submit --watch examples/loops-maps.yaml") {
		t.Errorf("submit --help as kubectl weft:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "\n  weft ") {
		t.Errorf("usage still says weft:\n%s", r.stdout)
	}
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	r := newHarness(t).run("--help")
	for _, want := range []string{"Exit status:", "2    a usage error", "Workflows:", "Templates:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("weft --help lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestVersionClient(t *testing.T) {
	r := newHarness(t).run("version", "--client", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"version": "v9.9.9"`) || strings.Contains(r.stdout, "server") {
		t.Errorf("version --client -o json: %d %v\n%s", r.code, r.err, r.stdout)
	}
}

func TestCompletionScripts(t *testing.T) {
	h := newHarness(t)
	for _, shell := range shells {
		r := h.run("completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "weft") {
			t.Errorf("completion %s: %d %v", shell, r.code, r.err)
		}
	}
}
