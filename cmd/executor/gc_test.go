package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weft-dev/weft/pkg/executor"
)

func TestGCReportsEachArtifact(t *testing.T) {
	dir := t.TempDir()
	spec := executor.GCSpec{
		ReportPath: filepath.Join(dir, "report"),
		Artifacts:  []executor.ArtifactSpec{{Name: "n1/raw", Location: executor.ArtifactLocation{Raw: &executor.RawLocation{Data: "x"}}}},
	}
	data, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(executor.GCSpecEnv, string(data))
	var errOut bytes.Buffer
	if code := run([]string{"gc"}, nil, &bytes.Buffer{}, &errOut); code != 1 {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
	raw, err := os.ReadFile(spec.ReportPath)
	if err != nil {
		t.Fatal(err)
	}
	var r executor.GCReport
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if r.Deleted != 0 || !strings.Contains(r.Failed["n1/raw"], "only S3 artifacts can be deleted") {
		t.Fatalf("report %s", raw)
	}
}

func TestGCWithoutSpec(t *testing.T) {
	t.Setenv(executor.GCSpecEnv, "")
	var errOut bytes.Buffer
	if code := run([]string{"gc"}, nil, &bytes.Buffer{}, &errOut); code != 2 || !strings.Contains(errOut.String(), "set WEFT_GC_SPEC") {
		t.Fatalf("code %d, stderr %q", code, errOut.String())
	}
	if code := run([]string{"gc", "extra"}, nil, &bytes.Buffer{}, &errOut); code != 2 {
		t.Fatalf("code %d", code)
	}
}
