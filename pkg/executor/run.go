package executor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// Options are the inputs of Run.
type Options struct {
	// Spec says where the script goes, which files are output parameters and
	// where the report is written.
	Spec Spec
	// Command is the command and its arguments.
	Command []string
	// Stdin, Stdout and Stderr are the command's standard streams; Stdout also
	// feeds the result.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Signals are forwarded to the command while it runs.
	Signals <-chan os.Signal
	// Artifacts places the input artifacts and saves the output artifacts;
	// a spec with artifacts fails them when it is nil.
	Artifacts Artifacts
}

// Exit codes Run reports when the command could not run at all, as shells do.
const (
	exitCannotExecute = 126
	exitNotFound      = 127
)

// Run runs the command, writes the report and returns the exit code the
// executor must exit with: the command's. The error is only about the report
// itself; a command that fails is reported in the report, not as an error.
func Run(opts Options) (int, error) {
	report := execute(opts)
	path := opts.Spec.ReportPath
	if path == "" {
		path = DefaultReportPath
	}
	if err := os.WriteFile(path, fit(report, MaxReportBytes), 0o644); err != nil {
		return int(report.ExitCode), fmt.Errorf("writing the report to %s: %w", path, err)
	}
	return int(report.ExitCode), nil
}

// execute runs the command and gathers its outputs.
func execute(opts Options) Report {
	if len(opts.Command) == 0 {
		return Report{ExitCode: exitNotFound, Error: "no command to run"}
	}
	if s := opts.Spec.Script; s != nil {
		if err := writeScript(s); err != nil {
			return Report{ExitCode: exitCannotExecute, Error: err.Error()}
		}
	}
	if placed, ok := placeInputsUnlessSignalled(opts); !ok {
		return placed
	}
	tail := newTailBuffer(MaxResultBytes)
	cmd := exec.Command(opts.Command[0], opts.Command[1:]...)
	cmd.Stdin = opts.Stdin
	cmd.Stdout = io.MultiWriter(orDiscard(opts.Stdout), tail)
	cmd.Stderr = orDiscard(opts.Stderr)
	if err := cmd.Start(); err != nil {
		code := exitCannotExecute
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			code = exitNotFound
		}
		return Report{ExitCode: int32(code), Error: err.Error()}
	}
	done := make(chan struct{})
	go forward(cmd.Process, opts.Signals, done)
	waitErr := cmd.Wait()
	close(done)

	report := Report{ExitCode: int32(exitCode(cmd.ProcessState, waitErr))}
	if tail.complete() {
		result := strings.TrimSuffix(string(tail.buf), "\n")
		report.Result = &result
	} else {
		report.Overflow = append(report.Overflow, ResultOverflow)
		report.ResultBytes = tail.total
	}
	readParameters(opts.Spec.Parameters, &report)
	saveOutputs(context.Background(), opts.Artifacts, opts.Spec.OutputArtifacts, &report)
	return report
}

// forward sends every signal received to the process until done is closed.
func forward(p *os.Process, signals <-chan os.Signal, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case sig, ok := <-signals:
			if !ok {
				return
			}
			_ = p.Signal(sig)
		}
	}
}

// exitCode is the process's exit code, 128+N when signal N killed it.
func exitCode(state *os.ProcessState, waitErr error) int {
	if state == nil {
		if waitErr != nil {
			return exitCannotExecute
		}
		return 0
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return state.ExitCode()
}

func writeScript(s *Script) error {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return fmt.Errorf("writing the script: %w", err)
	}
	if err := os.WriteFile(s.Path, []byte(s.Source), 0o755); err != nil {
		return fmt.Errorf("writing the script: %w", err)
	}
	return nil
}

// readParameters reads each output parameter's file into the report.
func readParameters(params []OutputParameter, report *Report) {
	for _, p := range params {
		data, err := os.ReadFile(p.Path)
		if err != nil {
			if report.Missing == nil {
				report.Missing = map[string]string{}
			}
			report.Missing[p.Name] = err.Error()
			continue
		}
		if report.Parameters == nil {
			report.Parameters = map[string]string{}
		}
		report.Parameters[p.Name] = strings.TrimSuffix(string(data), "\n")
	}
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
