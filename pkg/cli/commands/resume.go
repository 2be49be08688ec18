package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/cli/printer"
	"github.com/weft-dev/weft/pkg/workflowops"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// resumeFlags are the flags of `resume`.
type resumeFlags struct {
	target       targetFlags
	nodeSelector string
	parameters   []string
}

func newResume(env *Env) *cobra.Command {
	var f resumeFlags
	cmd := &cobra.Command{
		Use:   "resume NAME... | --all | -l SELECTOR",
		Short: "Resume suspended workflows and suspend steps",
		Long: `Resume workflows: clear spec.suspend and end every suspend step that waits (a
suspend template without duration), which then succeeds with the message
"Resumed". With --node-field-selector only the suspend steps it picks are
resumed, and spec.suspend is left as it is.

A suspend step whose template declares output parameters with valueFrom.supplied
takes their values from -p NAME=VALUE; one that has no valueFrom.default must be
given, or nothing is resumed. Resuming writes the workflow's status subresource:
it needs the right to patch workflows/status.`,
		Example: example(env, `
weft resume nightly-x7k2p
weft resume release-b2x9q --node-field-selector displayName=approve -p approve=YES
weft resume --all`),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), env, args)
		},
	}
	f.target.add(cmd, "suspended")
	cmd.Flags().StringVar(&f.nodeSelector, "node-field-selector", "",
		"resume only the suspend steps whose fields match, e.g. displayName=approve")
	cmd.Flags().StringArrayVarP(&f.parameters, "parameter", "p", nil,
		"the value of a supplied output parameter of the steps resumed: NAME=VALUE (repeatable)")
	return cmd
}

// run resumes the workflows the arguments and flags name.
func (f *resumeFlags) run(ctx context.Context, env *Env, args []string) error {
	if _, err := printer.ParseNodeSelector(f.nodeSelector); err != nil {
		return &UsageError{Err: err}
	}
	ps, err := params.ParseFlags(f.parameters)
	if err != nil {
		return &UsageError{Err: err}
	}
	values := make(map[string]string, len(ps))
	for _, p := range ps {
		values[p.Name] = p.Value
	}
	client, err := workflows(env)
	if err != nil {
		return err
	}
	names, err := f.target.names(ctx, client, args, workflowops.Suspended)
	if err != nil {
		return err
	}
	return eachWorkflow(ctx, env, names, "resumed", func(ctx context.Context, name string) error {
		opts := actions.ResumeOptions{NodeFieldSelector: f.nodeSelector, Values: values, Now: env.Now()}
		_, err := actions.Resume(ctx, client, name, opts)
		return explainResume(name, err)
	})
}

// explainResume says what to give for the parameters a resume misses, and
// names the flag of a selector that picks no step.
func explainResume(workflow string, err error) error {
	var missing *workflowops.MissingParametersError
	var unused *workflowops.UnusedValuesError
	var noStep *actions.NoStepMatchesError
	switch {
	case errors.As(err, &missing):
		lines := make([]string, len(missing.Missing))
		for i, m := range missing.Missing {
			lines[i] = fmt.Sprintf("workflow %s: step %s (%s) waits for output parameter %q, which has no default: give it with -p %s=VALUE",
				workflow, m.DisplayName, m.Node, m.Parameter, m.Parameter)
		}
		return fmt.Errorf("%s; nothing was resumed", strings.Join(lines, "\n"))
	case errors.As(err, &unused):
		return fmt.Errorf("workflow %s: %v; nothing was resumed", workflow, unused)
	case errors.As(err, &noStep):
		return fmt.Errorf("no suspended step of workflow %s matches --node-field-selector %s", noStep.Workflow, noStep.Selector)
	}
	return err
}
