package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/weft-dev/weft/pkg/executor"
)

// TestMain lets the test binary act as weft-executor when asked, so the
// tests can run it as a real process and send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("WEFT_EXECUTOR_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestRunExitsWithTheChildsCode(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(executor.SpecEnv, `{"reportPath":"`+filepath.Join(dir, "report")+`"}`)
	var out, errOut bytes.Buffer
	code := run([]string{"run", "--", "sh", "-c", "echo hi; exit 4"}, nil, &out, &errOut)
	if code != 4 || out.String() != "hi\n" {
		t.Fatalf("code %d out %q err %q", code, out.String(), errOut.String())
	}
	data, _ := os.ReadFile(filepath.Join(dir, "report"))
	if r, err := executor.ParseReport(string(data)); err != nil || *r.Result != "hi" || r.ExitCode != 4 {
		t.Fatalf("report %s: %v", data, err)
	}
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"bogus"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage") {
		t.Fatalf("code %d", code)
	}
}

func TestSIGTERMReachesTheChild(t *testing.T) {
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "run", "--", "sh", "-c", `trap 'echo got TERM; exit 9' TERM; echo ready; while :; do sleep 0.05; done`)
	cmd.Env = append(os.Environ(), "WEFT_EXECUTOR_TEST_MAIN=1", executor.SpecEnv+`={"reportPath":"`+filepath.Join(dir, "report")+`"}`)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := stdout.Read(buf); err != nil || string(buf) != "ready\n" {
		t.Fatalf("read %q: %v", buf, err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("executor did not end after SIGTERM")
	}
	if cmd.ProcessState.ExitCode() != 9 {
		t.Fatalf("exit code %d", cmd.ProcessState.ExitCode())
	}
	data, _ := os.ReadFile(filepath.Join(dir, "report"))
	if r, err := executor.ParseReport(string(data)); err != nil || *r.Result != "ready\ngot TERM" {
		t.Fatalf("report %s: %v", data, err)
	}
}
