package commands

import (
	"context"

	"github.com/spf13/cobra"
)

func newSuspend(env *Env) *cobra.Command {
	var target targetFlags
	cmd := &cobra.Command{
		Use:   "suspend NAME... | --all | -l SELECTOR",
		Short: "Suspend workflows: no new steps start until they are resumed",
		Long: `Suspend workflows (spec.suspend: true): the steps and tasks running go on, no new
ones start, until weft resume. A workflow that has finished cannot be suspended.`,
		Example: example(env, `
weft suspend nightly-x7k2p
weft suspend -l app=nightly`),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := workflows(env)
			if err != nil {
				return err
			}
			names, err := target.names(cmd.Context(), client, args, notFinished)
			if err != nil {
				return err
			}
			return eachWorkflow(cmd.Context(), env, names, "suspended", func(ctx context.Context, name string) error {
				if _, err := running(ctx, client, name, "suspend"); err != nil {
					return err
				}
				_, err := patchSpec(ctx, client, name, map[string]any{"suspend": true})
				return err
			})
		},
	}
	target.add(cmd, "unfinished")
	return cmd
}
