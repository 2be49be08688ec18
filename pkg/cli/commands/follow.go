package commands

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/cli/watch"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// redrawInterval is how often a live view on a terminal is redrawn, so
// that running durations and relative times keep up with the clock.
const redrawInterval = time.Second

// liveView shows a workflow's `get` view until it finishes: redrawn in
// place on a terminal, as appended frames elsewhere. It returns the
// finished workflow.
func liveView(ctx context.Context, env *Env, client weftclient.WorkflowInterface, name string, view *viewFlags, format string) (*v1alpha1.Workflow, error) {
	terminal := isTerminal(env.IO.Out)
	screen := watch.NewScreen(env.IO.Out, terminal, func() (int, int, bool) { return terminalSize(env.IO.Out) })
	tick := time.Duration(0)
	if terminal {
		tick = redrawInterval
	}
	return watch.Until(ctx, client, name, tick, func(wf *v1alpha1.Workflow, _ bool) error {
		opts, err := view.options(env, format)
		if err != nil {
			return err
		}
		var frame bytes.Buffer
		if err := printer.PrintWorkflow(&frame, wf, opts); err != nil {
			return err
		}
		return screen.Show(frame.String())
	})
}

// waitFinished blocks until the named workflow finishes and returns it.
func waitFinished(ctx context.Context, client weftclient.WorkflowInterface, name string) (*v1alpha1.Workflow, error) {
	return watch.Until(ctx, client, name, 0, func(*v1alpha1.Workflow, bool) error { return nil })
}

// outcome is the exit error for finished workflows: nil when all
// succeeded, exit status 1 otherwise.
func outcome(wfs ...*v1alpha1.Workflow) error {
	for _, wf := range wfs {
		if wf.Status.Phase != v1alpha1.WorkflowSucceeded {
			return &ExitError{Code: ExitFailure}
		}
	}
	return nil
}

// phaseLine is how --wait and --log report a finished workflow:
// "NAME Succeeded", or "NAME Failed: MESSAGE".
func phaseLine(wf *v1alpha1.Workflow) string {
	if wf.Status.Message != "" {
		return fmt.Sprintf("%s %s: %s", wf.Name, wf.Status.Phase, wf.Status.Message)
	}
	return fmt.Sprintf("%s %s", wf.Name, wf.Status.Phase)
}
