package commands

import (
	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/cli/printer"
)

// viewFlags are the flags that choose what `get` and `watch` show of a
// workflow's nodes.
type viewFlags struct {
	nodeSelector string
	status       string
}

func (v *viewFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&v.nodeSelector, "node-field-selector", "",
		"show only the nodes whose fields match, e.g. phase=Failed, displayName=foo, templateName!=echo")
	cmd.Flags().StringVar(&v.status, "status", "",
		"show only the nodes in these phases, e.g. Failed or Failed,Error (a node-field-selector shortcut)")
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(printer.NodePhases(), cobra.ShellCompDirectiveNoFileComp))
}

// selector is the node selector the flags give.
func (v *viewFlags) selector() (printer.NodeSelector, error) {
	sel, err := printer.ParseNodeSelector(v.nodeSelector)
	if err != nil {
		return sel, &UsageError{Err: err}
	}
	if v.status != "" {
		if err := sel.AddPhases(v.status); err != nil {
			return sel, &UsageError{Err: err}
		}
	}
	return sel, nil
}

// options are the printer options for an output format (default, wide or
// short) as of now.
func (v *viewFlags) options(env *Env, format string) (printer.Options, error) {
	sel, err := v.selector()
	if err != nil {
		return printer.Options{}, err
	}
	return printer.Options{
		Now:        env.Now(),
		Style:      env.style(),
		Wide:       format == outputWide,
		HeaderOnly: format == outputShort,
		Nodes:      sel,
	}, nil
}
