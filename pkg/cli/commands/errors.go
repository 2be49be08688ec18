package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// The exit codes of weft.
const (
	// ExitOK is success.
	ExitOK = 0
	// ExitFailure is an error, lint problems, or a workflow that ended
	// Failed or Error while the command waited for it.
	ExitFailure = 1
	// ExitUsage is a command line weft cannot run: unknown commands or
	// flags, wrong arguments, conflicting flags.
	ExitUsage = 2
	// ExitInterrupted is an interrupt (Ctrl-C) or termination signal.
	ExitInterrupted = 130
)

// exitHelp documents the exit codes in `weft --help`.
const exitHelp = `Exit status:
  0    success
  1    an error; lint problems; a workflow that --wait, --watch, --log or
       watch saw end Failed or Error
  2    a usage error: unknown command or flag, wrong arguments
  130  interrupted`

// ExitError ends a command with a code without a message of its own: what
// went wrong is printed already (a failed workflow, lint problems).
type ExitError struct {
	// Code is the exit code.
	Code int
}

// Error says which exit status the command ends with.
func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// UsageError is a command line the command cannot run.
type UsageError struct {
	// Err says what is wrong.
	Err error
}

// Error is what is wrong with the command line.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap is the error the UsageError wraps.
func (e *UsageError) Unwrap() error { return e.Err }

// usageErrorf is a UsageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// usageArgs makes an argument check's errors usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &UsageError{Err: err}
		}
		return nil
	}
}

// ExitCode is the exit code for the error a command returned, and whether
// the error's message is still to be printed.
func ExitCode(err error) (int, bool) {
	var exit *ExitError
	var usage *UsageError
	switch {
	case err == nil:
		return ExitOK, false
	case errors.As(err, &exit):
		return exit.Code, false
	case errors.As(err, &usage):
		return ExitUsage, true
	case errors.Is(err, context.Canceled):
		return ExitInterrupted, false
	}
	return ExitFailure, true
}

// explainInvalid spells out the field errors of an object the server
// rejected as invalid (422), one per line as kubectl shows them; other
// errors are returned as they are.
func explainInvalid(err error) error {
	var status apierrors.APIStatus
	if !errors.As(err, &status) || !apierrors.IsInvalid(err) {
		return err
	}
	details := status.Status().Details
	if details == nil || len(details.Causes) == 0 {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the server rejected %s %q as invalid:", details.Kind, details.Name)
	for _, c := range details.Causes {
		fmt.Fprintf(&b, "\n* %s: %s", c.Field, c.Message)
	}
	return errors.New(b.String())
}
