package lint

import (
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/cli/manifest"
)

// lintText lints the documents of a manifest given as text.
func lintText(t *testing.T, text string) []string {
	t.Helper()
	file, err := manifest.Read("test.yaml", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range file.Documents {
		for _, p := range Document(d, "") {
			out = append(out, p.String())
		}
	}
	return out
}

func TestExamplesLintClean(t *testing.T) {
	paths, err := manifest.Expand([]string{"../../../examples"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		file, err := manifest.ReadFile(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Documents {
			if !d.IsWeft() {
				continue
			}
			if problems := Document(d, ""); len(problems) > 0 {
				t.Errorf("%s: %v", path, problems)
			}
		}
	}
}

func TestInvalidWorkflow(t *testing.T) {
	got := lintText(t, `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: invalid-
spec:
  entrypoint: whalesay
  templates:
  - name: main
    steps:
    - - name: a
        template: nope
    bogus: true
`)
	wantPrefixes := []string{
		`test.yaml: unknown field "spec.templates[0].bogus"`,
		`test.yaml: spec.templates[0].steps[0][0].template: Not found: "nope"`,
		`test.yaml: spec.entrypoint: Not found: "whalesay"`,
	}
	if len(got) != len(wantPrefixes) {
		t.Fatalf("problems:\n%s\nwant %d", strings.Join(got, "\n"), len(wantPrefixes))
	}
	for i, want := range wantPrefixes {
		if !strings.HasPrefix(got[i], want) {
			t.Errorf("problem %d = %q, want it to start with %q", i+1, got[i], want)
		}
	}
}

func TestKinds(t *testing.T) {
	got := lintText(t, `apiVersion: weft.dev/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
  schedules: ["not a schedule"]
  workflowSpec:
    entrypoint: main
    templates: [{name: main, container: {image: busybox}}]
---
apiVersion: weft.dev/v1alpha1
kind: ClusterWorkflowTemplate
metadata: {name: shared, namespace: oops}
spec:
  templates: [{name: main, container: {image: busybox}}]
---
apiVersion: weft.dev/v1alpha1
kind: WorkflowTemplate
metadata: {name: fine}
spec:
  templates: [{name: main, container: {image: busybox}}]
`)
	joined := strings.Join(got, "\n")
	if len(got) != 2 || !strings.Contains(got[0], "test.yaml (document 1): spec.schedules[0]") ||
		!strings.Contains(got[1], "test.yaml (document 2): metadata.namespace") {
		t.Errorf("problems:\n%s\nwant one for the cron schedule and one for the cluster template's namespace", joined)
	}
}
