package executor

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func readReport(t *testing.T, path string) *Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > MaxReportBytes {
		t.Fatalf("report is %d bytes", len(data))
	}
	r, err := ParseReport(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunReportsOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x")
	spec := Spec{
		ReportPath: filepath.Join(dir, "report"),
		Parameters: []OutputParameter{{Name: "x", Path: out}, {Name: "gone", Path: filepath.Join(dir, "missing")}},
	}
	var stdout, stderr bytes.Buffer
	code, err := Run(Options{Spec: spec, Command: []string{"sh", "-c", "echo hi; echo oops >&2; echo -n v > " + out + "; exit 3"}, Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	if code != 3 || stdout.String() != "hi\n" || stderr.String() != "oops\n" {
		t.Fatalf("code %d stdout %q stderr %q", code, stdout.String(), stderr.String())
	}
	r := readReport(t, spec.ReportPath)
	if r.Result == nil || *r.Result != "hi" || r.Parameters["x"] != "v" || r.ExitCode != 3 {
		t.Fatalf("report %+v", r)
	}
	if !strings.Contains(r.Missing["gone"], "no such file") {
		t.Fatalf("missing: %+v", r.Missing)
	}
}

func TestRunWritesTheScript(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{ReportPath: filepath.Join(dir, "report"), Script: &Script{Path: filepath.Join(dir, "script"), Source: "echo from script\n"}}
	code, err := Run(Options{Spec: spec, Command: []string{"sh", spec.Script.Path}})
	if err != nil || code != 0 {
		t.Fatal(code, err)
	}
	if r := readReport(t, spec.ReportPath); *r.Result != "from script" {
		t.Fatalf("result %q", *r.Result)
	}
}

func TestRunOverflow(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	spec := Spec{ReportPath: filepath.Join(dir, "report"), Parameters: []OutputParameter{{Name: "big", Path: big}, {Name: "small", Path: filepath.Join(dir, "small")}}}
	script := "head -c 5000 /dev/zero | tr '\\0' a; head -c 3000 /dev/zero | tr '\\0' b > " + big + "; echo -n s > " + filepath.Join(dir, "small")
	if _, err := Run(Options{Spec: spec, Command: []string{"sh", "-c", script}}); err != nil {
		t.Fatal(err)
	}
	r := readReport(t, spec.ReportPath)
	if r.Result != nil || r.ResultBytes != 5000 || r.Parameters["big"] == "" || r.Parameters["small"] != "s" {
		t.Fatalf("report %+v", r.Overflow)
	}
	if len(r.Overflow) != 1 || r.Overflow[0] != ResultOverflow {
		t.Fatalf("overflow %v", r.Overflow)
	}
	more := Report{Parameters: map[string]string{"a": strings.Repeat("a", 3000), "b": strings.Repeat("b", 3000), "c": "c"}}
	got, err := ParseReport(string(fit(more, MaxReportBytes)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Parameters["c"] != "c" || len(got.Overflow) != 1 || got.Overflow[0] != "a" {
		t.Fatalf("fit: %v %v", got.Overflow, len(got.Parameters))
	}
}

func TestRunCommandNotFound(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{ReportPath: filepath.Join(dir, "report")}
	code, err := Run(Options{Spec: spec, Command: []string{"no-such-command-weft"}})
	if err != nil || code != 127 {
		t.Fatal(code, err)
	}
	if r := readReport(t, spec.ReportPath); !strings.Contains(r.Error, "not found") {
		t.Fatalf("error %q", r.Error)
	}
}

func TestRunForwardsSignals(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{ReportPath: filepath.Join(dir, "report")}
	signals := make(chan os.Signal, 1)
	var stdout syncBuffer
	done := make(chan int)
	go func() {
		code, _ := Run(Options{Spec: spec, Stdout: &stdout, Signals: signals,
			Command: []string{"sh", "-c", `trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.05; done`}})
		done <- code
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "ready") {
		if time.Now().After(deadline) {
			t.Fatal("child never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	signals <- syscall.SIGTERM
	select {
	case code := <-done:
		if code != 7 || !strings.Contains(stdout.String(), "got TERM") {
			t.Fatalf("code %d output %q", code, stdout.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the signal was not forwarded")
	}
}

func TestRunReportsSignalDeath(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{ReportPath: filepath.Join(dir, "report")}
	code, err := Run(Options{Spec: spec, Command: []string{"sh", "-c", "kill -KILL $$"}})
	if err != nil || code != 128+9 {
		t.Fatal(code, err)
	}
}

func TestInstallCopiesTheBinary(t *testing.T) {
	dir := t.TempDir()
	path, err := Install(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode()&0o111 == 0 || filepath.Base(path) != BinaryName {
		t.Fatalf("installed %s: %v %v", path, info, err)
	}
}

func TestLoadSpec(t *testing.T) {
	t.Setenv(SpecEnv, `{"parameters":[{"name":"p","path":"/tmp/p"}]}`)
	s, err := LoadSpec("")
	if err != nil || len(s.Parameters) != 1 || s.Parameters[0].Path != "/tmp/p" {
		t.Fatal(s, err)
	}
}

func TestTailBufferKeepsTheLastBytes(t *testing.T) {
	tb := newTailBuffer(4)
	for _, s := range []string{"ab", "cd", "ef", "123456"} {
		_, _ = tb.Write([]byte(s))
	}
	if string(tb.buf) != "3456" || tb.total != 12 || tb.complete() {
		t.Fatalf("%q %d", tb.buf, tb.total)
	}
}
