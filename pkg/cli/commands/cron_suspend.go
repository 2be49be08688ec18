package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// newCronSuspend is `weft cron suspend` (suspend true) or `weft cron
// resume`: it sets spec.suspend of CronWorkflows (actions.SuspendCron).
func newCronSuspend(env *Env, suspend bool) *cobra.Command {
	use, short, done := "resume", "Resume scheduling CronWorkflows", "resumed"
	if suspend {
		use, short, done = "suspend", "Stop scheduling CronWorkflows until they are resumed", "suspended"
	}
	return &cobra.Command{
		Use:               use + " NAME...",
		Short:             short,
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeCronNames(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := cronWorkflows(env, false)
			if err != nil {
				return err
			}
			return eachCron(cmd.Context(), env, args, done, func(ctx context.Context, name string) error {
				_, err := actions.SuspendCron(ctx, client, name, suspend)
				return err
			})
		},
	}
}

// eachCron acts on CronWorkflows by name, saying so for each, and goes on
// past failures, which it reports together.
func eachCron(ctx context.Context, env *Env, names []string, done string, act func(ctx context.Context, name string) error) error {
	failed := 0
	for _, name := range names {
		if err := act(ctx, name); err != nil {
			fmt.Fprintf(env.IO.ErrOut, "Error: %v\n", err)
			failed++
			continue
		}
		fmt.Fprintf(env.IO.Out, "%s %s\n", qualifiedName(kindCronWorkflow, name), done)
	}
	if failed > 0 {
		return &ExitError{Code: ExitFailure}
	}
	return nil
}
