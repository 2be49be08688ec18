package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// exampleHeader is what an examples/ file's header comment tells the runner.
type exampleHeader struct {
	// ends are the phases the workflow may end in ("# Ends: Succeeded", or
	// "# Ends: Succeeded or Failed" for a workflow that is random on purpose).
	ends []v1alpha1.WorkflowPhase
	// needs are other examples/ files applied first ("# Needs: a.yaml b.yaml").
	needs []string
	// then is a weft command run once the workflow waits on a suspend node or
	// runs a pod ("# Then: weft resume {name} -p x=y"); {name} is the workflow.
	then []string
}

var headerLine = regexp.MustCompile(`^#\s*(Ends|Needs|Then):\s*(.+)$`)

// readExampleHeader reads the directives of an examples/ file's header comment.
func readExampleHeader(data string) exampleHeader {
	var h exampleHeader
	for _, line := range strings.Split(data, "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		m := headerLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		switch m[1] {
		case "Ends":
			for _, phase := range strings.Split(m[2], " or ") {
				h.ends = append(h.ends, v1alpha1.WorkflowPhase(strings.TrimSpace(phase)))
			}
		case "Needs":
			h.needs = append(h.needs, strings.Fields(m[2])...)
		case "Then":
			h.then = strings.Fields(m[2])
		}
	}
	return h
}

// workflowExamples lists the examples/ files that hold a Workflow.
func workflowExamples(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]string{}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if regexp.MustCompile(`(?m)^kind: Workflow$`).Match(data) {
			examples[filepath.Base(path)] = string(data)
		}
	}
	return examples
}

// TestEveryExample runs every Workflow of examples/, each in a namespace of
// its own set up like make up's default namespace (the artifact repository
// kit applied), a few at a time, and checks each ends as its header says.
func TestEveryExample(t *testing.T) {
	examples := workflowExamples(t)
	if len(examples) == 0 {
		t.Fatal("no Workflow found in examples/")
	}
	bin := buildCLI(t)
	slots := make(chan struct{}, 6)
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, file := range names {
		header := readExampleHeader(examples[file])
		t.Run(strings.TrimSuffix(file, ".yaml"), func(t *testing.T) {
			if len(header.ends) == 0 {
				t.Fatalf("%s: its header comment has no '# Ends: PHASE' line saying how it ends", file)
			}
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			runExampleFile(t, bin, file, header)
		})
	}
}

// runExampleFile creates an example's objects in a fresh namespace, steers
// it as its header says and checks the phase it ends in.
func runExampleFile(t *testing.T, bin, file string, header exampleHeader) {
	ns := artifactNamespace(t, "ex")
	ctx := testContext(t, 6*time.Minute)
	for _, need := range header.needs {
		mustKubectl(t, "-n", ns, "apply", "-f", "../../examples/"+need)
	}
	created := mustKubectl(t, "-n", ns, "create", "-f", "../../examples/"+file, "-o", "name")
	var name string
	for _, line := range strings.Fields(created) {
		if after, ok := strings.CutPrefix(line, "workflow.weft.dev/"); ok {
			name = after
		}
	}
	if name == "" {
		t.Fatalf("kubectl create -f %s created no workflow: %s", file, created)
	}
	if len(header.then) > 0 {
		waitFor(t, ctx, ns, name, "a suspend node or a running pod", waitingOrRunning)
		args := make([]string, 0, len(header.then)+2)
		for _, arg := range header.then[1:] {
			args = append(args, strings.ReplaceAll(arg, "{name}", name))
		}
		expectCLI(t, bin, 0, "", "", append(args, "-n", ns)...)
	}
	wf := waitFinished(t, ctx, ns, name)
	if !slices.Contains(header.ends, wf.Status.Phase) {
		t.Errorf("%s ended %s, its header says %v:\n%s", file, wf.Status.Phase, header.ends, describe(wf))
	}
}

// waitingOrRunning says a workflow waits on a suspend node or runs a pod.
func waitingOrRunning(wf *v1alpha1.Workflow) bool {
	for _, n := range wf.Status.Nodes {
		if n.Phase == v1alpha1.NodeRunning && (n.Type == v1alpha1.NodeTypeSuspend || n.Type == v1alpha1.NodeTypePod) {
			return true
		}
	}
	return false
}

// TestExampleHeaders checks the runner reads the directives it documents.
func TestExampleHeaders(t *testing.T) {
	h := readExampleHeader("# retry: text\n# Ends: Succeeded or Failed\n# Needs: a.yaml b.yaml\n# Then: weft resume {name} -p x=y\napiVersion: v1\n# Ends: Error\n")
	if !slices.Equal(h.ends, []v1alpha1.WorkflowPhase{v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed}) {
		t.Errorf("ends = %v", h.ends)
	}
	if !slices.Equal(h.needs, []string{"a.yaml", "b.yaml"}) || !slices.Equal(h.then, []string{"weft", "resume", "{name}", "-p", "x=y"}) {
		t.Errorf("needs = %v, then = %v", h.needs, h.then)
	}
}
