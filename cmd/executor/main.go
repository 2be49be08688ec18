// Command weft-executor runs inside Weft workflow pods: "install DIR" copies
// it into the pod's shared volume, "run [--spec FILE] -- COMMAND ARGS..." runs
// a step's command and reports its outputs through the termination message,
// "http" makes an http template's request (from WEFT_HTTP_REQUEST) and
// reports the response the same way, "gc [--spec FILE]" deletes artifacts
// (executor.GCSpec, from WEFT_GC_SPEC) and reports per artifact
// (executor.GCReport). "run" places the step's input artifacts before the
// command and saves its output artifacts after, with package artifact's
// drivers.
// See package github.com/weft-dev/weft/pkg/executor. Build it static:
// CGO_ENABLED=0 go build ./cmd/executor.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/weft-dev/weft/pkg/artifact"
	"github.com/weft-dev/weft/pkg/executor"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage:
  weft-executor install DIR
  weft-executor run [--spec FILE] -- COMMAND [ARGS...]
  weft-executor http
  weft-executor gc [--spec FILE]`

// run is the executor's main function; it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	switch args[0] {
	case "install":
		if len(args) != 2 {
			fmt.Fprintln(stderr, usage)
			return 2
		}
		path, err := executor.Install(args[1])
		if err != nil {
			fmt.Fprintf(stderr, "weft-executor install: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "installed %s\n", path)
		return 0
	case "run":
		return runCommand(args[1:], stdin, stdout, stderr)
	case "gc":
		return gcCommand(args[1:], stderr)
	case "http":
		return httpCommand(args[1:], stderr)
	default:
		fmt.Fprintln(stderr, usage)
		return 2
	}
}

func runCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	specPath := ""
	for len(args) > 0 && args[0] != "--" {
		if args[0] == "--spec" && len(args) > 1 {
			specPath = args[1]
			args = args[2:]
			continue
		}
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if len(args) > 0 {
		args = args[1:]
	}
	spec, err := executor.LoadSpec(specPath)
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor run: %v\n", err)
		return 2
	}
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2)
	defer signal.Stop(signals)
	opts := executor.Options{Spec: *spec, Command: args, Stdin: stdin, Stdout: stdout, Stderr: stderr, Signals: signals,
		Artifacts: artifact.Drivers{}}
	var code int
	if spec.Member != nil {
		code, err = executor.RunMember(opts, *spec.Member, memberPoll)
	} else {
		code, err = executor.Run(opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor run: %v\n", err)
	}
	return code
}

// memberPoll is how often a containerSet member looks whether the containers
// it depends on ended.
const memberPoll = 200 * time.Millisecond

// gcCommand deletes the artifacts of the garbage-collection spec; it exits
// with 0 when all were deleted, 1 when some were not, 2 on a bad spec.
func gcCommand(args []string, stderr io.Writer) int {
	specPath := ""
	switch {
	case len(args) == 2 && args[0] == "--spec":
		specPath = args[1]
	case len(args) != 0:
		fmt.Fprintln(stderr, usage)
		return 2
	}
	spec, err := executor.LoadGCSpec(specPath)
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor gc: %v\n", err)
		return 2
	}
	code, err := executor.CollectGarbage(context.Background(), *spec, artifact.Drivers{})
	if err != nil {
		fmt.Fprintf(stderr, "weft-executor gc: %v\n", err)
	}
	return code
}
