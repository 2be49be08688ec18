package commands

import (
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/cli/printer"
)

func newGet(env *Env) *cobra.Command {
	var view viewFlags
	var output string
	cmd := &cobra.Command{
		Use:   "get NAME...",
		Short: "Show a workflow: its status and the tree of its nodes",
		Long: `Show a workflow: its status and the tree of its steps, DAG tasks and pods, as Argo
draws it (✔ succeeded, ✖ failed, ⚠ error, ◷ pending or running, ○ skipped or omitted,
⏸ suspended, ⏹ stopped by weft stop or terminate or by a deadline, ↻ a step's
retries, colored by its phase). -o wide adds each node's ID and host, -o short
prints the header only.`,
		Example: example(env, `
weft get hello-world-x7k2p
weft get hello-world-x7k2p --status Failed
weft get hello-world-x7k2p --node-field-selector templateName=echo -o wide
weft get hello-world-x7k2p -o yaml`),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := view.options(env, output)
			if err != nil {
				return err
			}
			client, err := workflows(env)
			if err != nil {
				return err
			}
			for i, name := range args {
				wf, err := client.Get(cmd.Context(), name, metav1.GetOptions{})
				if err != nil {
					return err
				}
				switch output {
				case outputJSON, outputYAML:
					err = printObject(env.IO.Out, wf, output)
				case outputName:
					_, err = fmt.Fprintln(env.IO.Out, qualifiedName("Workflow", wf.Name))
				default:
					if i > 0 {
						fmt.Fprintln(env.IO.Out)
					}
					err = printer.PrintWorkflow(env.IO.Out, wf, opts)
					if err == nil && !opts.HeaderOnly {
						err = printer.PrintArtifacts(env.IO.Out, wf, opts)
					}
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	view.add(cmd)
	addOutputFlag(cmd, &output, outputWide, outputShort, outputName, outputJSON, outputYAML)
	return cmd
}
