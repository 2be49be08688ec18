package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// targetFlags choose the workflows a lifecycle command acts on besides
// those named: every one of the namespace it applies to, or those with
// labels.
type targetFlags struct {
	all      bool
	selector string
}

func (t *targetFlags) add(cmd *cobra.Command, which string) {
	cmd.Flags().BoolVar(&t.all, "all", false, "every "+which+" workflow of the namespace")
	cmd.Flags().StringVarP(&t.selector, "selector", "l", "", "the "+which+" workflows with these labels, e.g. app=nightly")
}

// names are the workflows to act on: those named, or with --all or -l
// those of the namespace that applies accepts, in list order.
func (t *targetFlags) names(ctx context.Context, client weftclient.WorkflowInterface, args []string, applies func(*v1alpha1.Workflow) bool) ([]string, error) {
	bulk := t.all || t.selector != ""
	switch {
	case len(args) > 0 && bulk:
		return nil, usageErrorf("give workflow names, or --all or -l, not both")
	case len(args) == 0 && !bulk:
		return nil, usageErrorf("give workflow names, or --all or -l")
	case !bulk:
		return args, nil
	}
	list, err := client.List(ctx, metav1.ListOptions{LabelSelector: t.selector})
	if err != nil {
		return nil, err
	}
	var names []string
	for i := range list.Items {
		if applies(&list.Items[i]) {
			names = append(names, list.Items[i].Name)
		}
	}
	return names, nil
}

// eachWorkflow acts on each named workflow and prints "workflow NAME
// <done>" for each it acted on; it goes on past failures, printed as they
// happen and ending the command with exit status 1. With no names (a bulk
// flag chose none) it says so.
func eachWorkflow(ctx context.Context, env *Env, names []string, done string, act func(ctx context.Context, name string) error) error {
	if len(names) == 0 {
		_, err := fmt.Fprintln(env.IO.ErrOut, "No workflows to act on.")
		return err
	}
	failed := 0
	for _, name := range names {
		if err := act(ctx, name); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(env.IO.ErrOut, "Error: %v\n", explainInvalid(err))
			failed++
			continue
		}
		fmt.Fprintf(env.IO.Out, "workflow %s %s\n", name, done)
	}
	if failed > 0 {
		return &ExitError{Code: ExitFailure}
	}
	return nil
}

// notFinished says a workflow has not finished.
func notFinished(wf *v1alpha1.Workflow) bool { return !printer.Finished(wf) }
