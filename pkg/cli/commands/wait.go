package commands

import (
	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

func newWait(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "wait NAME...",
		Short: "Wait until workflows finish",
		Long: `Wait until each workflow named finishes, printing "NAME PHASE" (and its message)
as each does. Exits 0 when all succeeded, 1 when one ended Failed or Error.`,
		Example: example(env, `
weft wait nightly-x7k2p
weft wait build-b2x9q test-m4n8r && echo all passed`),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := workflows(env)
			if err != nil {
				return err
			}
			ns, _, err := env.Namespace()
			if err != nil {
				return err
			}
			wfs := make([]*v1alpha1.Workflow, len(args))
			for i, name := range args {
				wfs[i] = &v1alpha1.Workflow{}
				wfs[i].Name, wfs[i].Namespace = name, ns
			}
			finished, err := waitAll(cmd.Context(), env, wfs, func(*v1alpha1.Workflow) weftclient.WorkflowInterface { return client })
			if err != nil {
				return err
			}
			return outcome(finished...)
		},
	}
}
