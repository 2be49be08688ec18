package printer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/NAME.golden, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// render prints wf as of seconds after seedStart, in the seed's time zone.
func render(t *testing.T, wf *v1alpha1.Workflow, seconds int, o Options) string {
	t.Helper()
	o.Now = seedStart.Add(time.Duration(seconds) * time.Second)
	o.Location = seedZone
	var b bytes.Buffer
	if err := PrintWorkflow(&b, wf, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrintWorkflowGolden(t *testing.T) {
	failedOnly, err := ParseNodeSelector("phase=Failed")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		wf      *v1alpha1.Workflow
		seconds int
		opts    Options
	}{
		{"loops-maps-succeeded", seedLoopsMaps(), 4, Options{}},
		{"steps-running", runningSteps(), 12, Options{}},
		{"steps-running-color", runningSteps(), 12, Options{Style: Style{Color: true}}},
		{"steps-failed", failedSteps(), 60, Options{}},
		{"steps-failed-selected", failedSteps(), 60, Options{Nodes: failedOnly}},
		{"retries", retries(), 100, Options{}},
		{"loops-running", loops(), 10, Options{}},
		{"dag-diamond", dagDiamond(), 3600, Options{}},
		{"dag-diamond-wide", dagDiamond(), 3600, Options{Wide: true}},
		{"nested-steps", nestedSteps(), 90000, Options{}},
		{"header-only", failedSteps(), 60, Options{HeaderOnly: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			golden(t, c.name, render(t, c.wf, c.seconds, c.opts))
		})
	}
}

// seedFrame is the final frame of the seed's `argo submit --watch
// loops-maps.yaml`, Argo v2.7.6.
const seedFrame = `Name:                loops-maps-qzv56
Namespace:           default
ServiceAccount:      default
Status:              Succeeded
Created:             Tue May 05 03:42:58 +0800 (4 seconds ago)
Started:             Tue May 05 03:42:58 +0800 (4 seconds ago)
Finished:            Tue May 05 03:43:02 +0800 (now)
Duration:            4 seconds

STEP                                         TEMPLATE          PODNAME                      DURATION  MESSAGE
 ✔ loops-maps-qzv56                          loop-map-example
 └-·-✔ test-linux(0:image:debian,tag:9.1)    cat-os-release    loops-maps-qzv56-2106556403  2s
   ├-✔ test-linux(1:image:debian,tag:8.9)    cat-os-release    loops-maps-qzv56-2252793177  3s
   ├-✔ test-linux(2:image:alpine,tag:3.6)    cat-os-release    loops-maps-qzv56-3723288758  3s
   └-✔ test-linux(3:image:ubuntu,tag:17.10)  cat-os-release    loops-maps-qzv56-3710784351  2s
`

// TestSeedShape checks the seed's frame line for line: the same lines with
// the same words, except Weft's pod names, which carry the template's name
// before the same hash, and durations written "4s".
func TestSeedShape(t *testing.T) {
	got := render(t, seedLoopsMaps(), 4, Options{})
	want := strings.NewReplacer("loops-maps-qzv56-", "loops-maps-qzv56-cat-os-release-", "4 seconds\n", "4s\n").Replace(seedFrame)
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(want, "\n")
	if len(gotLines) != len(wantLines) {
		t.Fatalf("%d lines, the seed has %d:\n%s", len(gotLines), len(wantLines), got)
	}
	for i := range wantLines {
		if strings.Join(strings.Fields(gotLines[i]), " ") != strings.Join(strings.Fields(wantLines[i]), " ") {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, gotLines[i], wantLines[i])
		}
		if indent(gotLines[i]) != indent(wantLines[i]) {
			t.Errorf("line %d is indented %d, the seed's %d", i+1, indent(gotLines[i]), indent(wantLines[i]))
		}
	}
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
