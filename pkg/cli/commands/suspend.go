package commands

import (
	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

func newSuspend(env *Env) *cobra.Command {
	return newSpecCommand(env, specCommand{
		verb:  "suspend",
		done:  "suspended",
		short: "Suspend workflows: no new steps start until they are resumed",
		long: `Suspend workflows (spec.suspend: true): the steps and tasks running go on, no new
ones start, until weft resume. A workflow that has finished cannot be suspended.`,
		example: `
weft suspend nightly-x7k2p
weft suspend -l app=nightly`,
		act: actions.Suspend,
	})
}
