package executor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunMember(t *testing.T) {
	tests := []struct {
		name string
		// markers are the exit codes the other members already wrote.
		markers    map[string]string
		deps       []string
		command    string
		retries    int
		wantCode   int
		wantRan    int
		wantError  string
		wantMarker string
	}{
		{name: "no dependencies runs at once", command: "exit 0", wantRan: 1, wantMarker: "0"},
		{name: "dependencies that succeeded", markers: map[string]string{"a": "0", "b": "0"}, deps: []string{"a", "b"}, command: "exit 0", wantRan: 1, wantMarker: "0"},
		{name: "a failed dependency stops it", markers: map[string]string{"a": "0", "b": "2"}, deps: []string{"a", "b"}, command: "exit 0", wantCode: 1, wantError: `container "b" it depends on failed (exit code 2)`, wantMarker: "1"},
		{name: "a failing command writes its code", command: "exit 3", wantCode: 3, wantRan: 1, wantMarker: "3"},
		{name: "retries run a failing command again", command: "exit 3", retries: 2, wantCode: 3, wantRan: 3, wantMarker: "3"},
		{name: "an unreadable marker is an error", markers: map[string]string{"a": "x"}, deps: []string{"a"}, command: "exit 0", wantCode: 1, wantError: "not a number", wantMarker: "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			markers := filepath.Join(dir, "markers")
			if err := os.MkdirAll(markers, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, code := range tt.markers {
				if err := os.WriteFile(markerPath(markers, name), []byte(code), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			runs := filepath.Join(dir, "runs")
			spec := Spec{ReportPath: filepath.Join(dir, "report")}
			m := SetMember{Name: "me", Dependencies: tt.deps, Dir: markers, Retries: tt.retries}
			code, err := RunMember(Options{Spec: spec, Command: []string{"sh", "-c", "echo x >> " + runs + "; " + tt.command}}, m, 0)
			if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d", code, tt.wantCode)
			}
			data, _ := os.ReadFile(runs)
			if ran := strings.Count(string(data), "x"); ran != tt.wantRan {
				t.Fatalf("ran %d times, want %d", ran, tt.wantRan)
			}
			r := readReport(t, spec.ReportPath)
			if int(r.ExitCode) != tt.wantCode || !strings.Contains(r.Error, tt.wantError) {
				t.Fatalf("report %+v", r)
			}
			marker, err := os.ReadFile(markerPath(markers, "me"))
			if err != nil || string(marker) != tt.wantMarker {
				t.Fatalf("marker %q (%v), want %q", marker, err, tt.wantMarker)
			}
		})
	}
}

func TestRunMemberWaitsForItsDependency(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{ReportPath: filepath.Join(dir, "report")}
	order := filepath.Join(dir, "order")
	first := make(chan error, 1)
	go func() {
		_, err := RunMember(Options{Spec: Spec{ReportPath: filepath.Join(dir, "report-a")}, Command: []string{"sh", "-c", "sleep 0.2; echo a >> " + order}}, SetMember{Name: "a", Dir: dir}, 0)
		first <- err
	}()
	code, err := RunMember(Options{Spec: spec, Command: []string{"sh", "-c", "echo b >> " + order}}, SetMember{Name: "b", Dependencies: []string{"a"}, Dir: dir}, 0)
	if err != nil || code != 0 {
		t.Fatal(code, err)
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(order); string(data) != "a\nb\n" {
		t.Fatalf("order %q", data)
	}
}

func TestRetryWait(t *testing.T) {
	if _, err := retryWait("soon"); err == nil || !strings.Contains(err.Error(), "containerSet.retryStrategy.duration") {
		t.Fatalf("err %v", err)
	}
	if d, err := retryWait("5"); err != nil || d.Seconds() != 5 {
		t.Fatal(d, err)
	}
}
