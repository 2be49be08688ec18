package commands

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// retryFlags are the flags of `retry`.
type retryFlags struct {
	restartSuccessful bool
	nodeSelector      string
	watch, wait       bool
}

func newRetry(env *Env) *cobra.Command {
	var f retryFlags
	cmd := &cobra.Command{
		Use:   "retry NAME...",
		Short: "Run failed workflows again from where they failed",
		Long: `Run a workflow that ended Failed or Error again from where it failed, as argo retry
does: its failed and errored steps run again, and the steps, DAGs and retries that
enclose them; what succeeded is kept. The pods of the steps run again are deleted
first. With --restart-successful, the nodes --node-field-selector picks run again
too, with what they enclose and what ran after them (this also retries a workflow
that succeeded).

Retrying writes the workflow's status subresource: it needs the right to update
workflows/status, and to delete pods.`,
		Example: example(env, `
weft retry nightly-x7k2p
weft retry nightly-x7k2p --restart-successful --node-field-selector templateName=build --watch`),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), env, args)
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&f.restartSuccessful, "restart-successful", false, "also run again the nodes --node-field-selector picks, though they succeeded")
	flags.StringVar(&f.nodeSelector, "node-field-selector", "", "the nodes --restart-successful runs again, e.g. displayName=build")
	flags.BoolVar(&f.watch, "watch", false, "show the workflow live until it finishes")
	flags.BoolVar(&f.wait, "wait", false, "wait until the workflow finishes and print its phase")
	return cmd
}

// run retries the named workflows and follows them as the flags say.
func (f *retryFlags) run(ctx context.Context, env *Env, args []string) error {
	_, err := printer.ParseNodeSelector(f.nodeSelector)
	switch {
	case err != nil:
		return &UsageError{Err: err}
	case f.restartSuccessful && f.nodeSelector == "":
		return usageErrorf("--restart-successful needs --node-field-selector to pick the nodes to run again")
	case f.watch && f.wait:
		return usageErrorf("--watch and --wait exclude each other")
	}
	client, err := workflows(env)
	if err != nil {
		return err
	}
	kube, err := env.Kube()
	if err != nil {
		return err
	}
	var retried []*v1alpha1.Workflow
	err = eachWorkflow(ctx, env, args, "retried", func(ctx context.Context, name string) error {
		opts := actions.RetryOptions{RestartSuccessful: f.restartSuccessful, NodeFieldSelector: f.nodeSelector, Now: env.Now()}
		wf, err := actions.Retry(ctx, client, kube, name, opts)
		if err == nil {
			retried = append(retried, wf)
		}
		return err
	})
	if err != nil {
		return err
	}
	follow := submitFlags{watch: f.watch, wait: f.wait}
	return follow.follow(ctx, env, retried)
}
