package commands

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

func newResubmit(env *Env) *cobra.Command {
	var f submitFlags
	cmd := &cobra.Command{
		Use:   "resubmit NAME...",
		Short: "Submit workflows anew from the spec of earlier ones",
		Long: `Submit a new workflow for each one named, from its spec: named after it (NAME-
and a generated suffix), with its labels and annotations and the label
weft.dev/resubmitted-from=NAME, and its parameters, which -p changes. Unlike
retry, everything runs again, and the old workflow is left as it is.

With --watch the workflow is shown live until it finishes, with --wait its final
phase is printed, with --log its pods' logs are streamed; each exits 1 when a
workflow ends Failed or Error.`,
		Example: example(env, `
weft resubmit nightly-x7k2p
weft resubmit nightly-x7k2p -p message=again --watch
weft resubmit nightly-x7k2p -o name`),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return resubmit(cmd.Context(), env, &f, args)
		},
	}
	flags := cmd.Flags()
	flags.StringArrayVarP(&f.parameters, "parameter", "p", nil, "set a workflow parameter: NAME=VALUE (repeatable)")
	flags.BoolVar(&f.watch, "watch", false, "show the workflow live until it finishes")
	flags.BoolVar(&f.wait, "wait", false, "wait until the workflow finishes and print its phase")
	flags.BoolVar(&f.log, "log", false, "stream the workflow's logs until it finishes")
	addOutputFlag(cmd, &f.output, outputWide, outputName, outputJSON, outputYAML)
	return cmd
}

// resubmit creates a workflow from each named one and follows them as the
// flags say.
func resubmit(ctx context.Context, env *Env, f *submitFlags, names []string) error {
	switch {
	case count(f.watch, f.wait, f.log) > 1:
		return usageErrorf("--watch, --wait and --log exclude each other")
	case f.watch && f.output != outputDefault && f.output != outputWide:
		return usageErrorf("--watch shows the live view: -o %s does not apply", f.output)
	}
	ps, err := params.ParseFlags(f.parameters)
	if err != nil {
		return &UsageError{Err: err}
	}
	client, err := workflows(env)
	if err != nil {
		return err
	}
	var created []*v1alpha1.Workflow
	for i, name := range names {
		c, err := actions.Resubmit(ctx, client, name, ps)
		var refused *actions.ResubmitCreateError
		if errors.As(err, &refused) {
			return fmt.Errorf("resubmitting %s: %w", name, explainInvalid(refused.Err))
		}
		if err != nil {
			return err
		}
		created = append(created, c)
		if f.watch {
			continue
		}
		if err := f.printCreated(env, c, i); err != nil {
			return err
		}
	}
	return f.follow(ctx, env, created)
}
