package executor

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// placeInputsUnlessSignalled places the input artifacts, giving up when a
// signal arrives meanwhile (the pod is being stopped): the command must then
// not run, and the report's exit code is 128+N for signal N. It returns
// false, with the report to write, when the command must not run.
func placeInputsUnlessSignalled(opts Options) (Report, bool) {
	var report Report
	if len(opts.Spec.InputArtifacts) == 0 {
		return report, true
	}
	ctx, stop := interruptible(opts.Signals)
	ok := placeInputs(ctx, opts.Artifacts, opts.Spec.InputArtifacts, &report)
	if sig := stop(); sig != nil {
		report.Error = fmt.Sprintf("stopped by signal %v while placing the input artifacts", sig)
		report.ExitCode = exitCannotExecute
		if s, isSyscall := sig.(syscall.Signal); isSyscall {
			report.ExitCode = int32(128 + int(s))
		}
		return report, false
	}
	return report, ok
}

// interruptible returns a context cancelled when a signal arrives, and a
// function that stops watching and returns the signal that arrived, if any.
func interruptible(signals <-chan os.Signal) (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	var got os.Signal
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case sig, ok := <-signals:
			if ok {
				got = sig
				cancel()
			}
		case <-done:
		}
	}()
	return ctx, func() os.Signal {
		close(done)
		<-watched
		cancel()
		return got
	}
}

// placeInputs places every input artifact. It returns false, with the
// failure recorded in the report, when one that is not optional could not be
// placed; the command must then not run.
func placeInputs(ctx context.Context, arts Artifacts, inputs []ArtifactSpec, report *Report) bool {
	for _, a := range inputs {
		err := placeInput(ctx, arts, a)
		if err == nil || (a.Optional && errors.Is(err, ErrArtifactNotFound)) {
			continue
		}
		recordArtifactError(report, a.Name, err.Error())
		report.ExitCode = ExitArtifactFailed
		report.Error = truncateMessage(fmt.Sprintf("input artifact %q could not be placed at %s: %v", a.Name, a.Path, err), MaxArtifactErrorBytes)
		return false
	}
	return true
}

func placeInput(ctx context.Context, arts Artifacts, a ArtifactSpec) error {
	if arts == nil {
		return errors.New("this executor has no artifact drivers")
	}
	return arts.Load(ctx, a)
}

// saveOutputs saves every output artifact whose path exists, recording in
// the report which were saved and why the others were not. A missing
// optional output is skipped without a word.
func saveOutputs(ctx context.Context, arts Artifacts, outputs []ArtifactSpec, report *Report) {
	for _, a := range outputs {
		if _, err := os.Stat(a.Path); err != nil {
			switch {
			case errors.Is(err, fs.ErrNotExist) && a.Optional:
			case errors.Is(err, fs.ErrNotExist):
				recordArtifactError(report, a.Name, fmt.Sprintf("path %s does not exist", a.Path))
			default:
				recordArtifactError(report, a.Name, err.Error())
			}
			continue
		}
		if arts == nil {
			recordArtifactError(report, a.Name, "this executor has no artifact drivers")
			continue
		}
		if err := arts.Save(ctx, a); err != nil {
			recordArtifactError(report, a.Name, err.Error())
			continue
		}
		report.SavedArtifacts = append(report.SavedArtifacts, a.Name)
	}
}

func recordArtifactError(report *Report, name, message string) {
	if report.ArtifactErrors == nil {
		report.ArtifactErrors = map[string]string{}
	}
	report.ArtifactErrors[name] = truncateMessage(message, MaxArtifactErrorBytes)
}

// truncateMessage cuts s to at most n bytes, ending it with "..." when cut
// and never splitting a UTF-8 sequence.
func truncateMessage(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("...")
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
