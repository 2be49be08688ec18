package commands

import (
	"github.com/spf13/cobra"
)

// shells are the shells `completion` writes scripts for.
var shells = []string{"bash", "zsh", "fish"}

func newCompletion(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print a shell completion script",
		Long: `Print a script that completes weft's commands, flags and workflow names in your shell.
Workflow names come from the cluster of your kubeconfig as you type.`,
		Example: example(env, `
source <(weft completion bash)
weft completion zsh > "${fpath[1]}/_weft"
weft completion fish > ~/.config/fish/completions/weft.fish`),
		ValidArgs: shells,
		Args:      usageArgs(cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs)),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(env.IO.Out, true)
			case "zsh":
				return root.GenZshCompletion(env.IO.Out)
			default:
				return root.GenFishCompletion(env.IO.Out, true)
			}
		},
	}
}
