package commands

import (
	"github.com/spf13/cobra"
)

func newWatch(env *Env) *cobra.Command {
	var view viewFlags
	var output string
	cmd := &cobra.Command{
		Use:   "watch NAME",
		Short: "Show a workflow live until it finishes",
		Long: `Show a workflow as get does, live, until it finishes. On a terminal the view is
redrawn in place; otherwise each change is appended as a new frame, an empty line
between two. Exits 1 when the workflow ends Failed or Error.`,
		Example: example(env, `
weft watch loops-maps-qzv56
weft watch loops-maps-qzv56 --status Failed,Error`),
		Args:              usageArgs(cobra.ExactArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := view.selector(); err != nil {
				return err
			}
			client, err := workflows(env)
			if err != nil {
				return err
			}
			wf, err := liveView(cmd.Context(), env, client, args[0], &view, output)
			if err != nil {
				return err
			}
			return outcome(wf)
		},
	}
	view.add(cmd)
	addOutputFlag(cmd, &output, outputWide, outputShort)
	return cmd
}
