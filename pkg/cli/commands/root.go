package commands

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Command groups of `weft --help`.
const (
	groupWorkflows = "workflows"
	groupTemplates = "templates"
	groupOther     = "other"
)

// NewRoot is the weft command tree.
func NewRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "weft",
		Short: "Run and inspect Weft workflows",
		Long: `weft submits Weft workflows (Argo Workflows' spec, served under weft.dev/v1alpha1)
and shows them as they run: the status tree of every step, their logs, lists of
workflows. Argo manifests (apiVersion argoproj.io/v1alpha1) are accepted as they are.

It talks to the cluster of your kubeconfig, like kubectl, and is also installed as
the kubectl plugin kubectl-weft ("kubectl weft ...").

` + exitHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	if env.Name != root.Name() {
		root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: env.Name}
	}
	asGroup(root)
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &UsageError{Err: err} })
	env.Config.AddFlags(root.PersistentFlags())
	root.SetIn(env.IO.In)
	root.SetOut(env.IO.Out)
	root.SetErr(env.IO.ErrOut)

	root.AddGroup(
		&cobra.Group{ID: groupWorkflows, Title: "Workflows:"},
		&cobra.Group{ID: groupTemplates, Title: "Templates:"},
		&cobra.Group{ID: groupOther, Title: "Other:"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add(groupWorkflows, newSubmit(env), newGet(env), newWatch(env), newList(env), newLogs(env), newDelete(env), newLint(env))
	add(groupWorkflows, newSuspend(env), newResume(env), newStop(env), newTerminate(env), newRetry(env), newResubmit(env), newWait(env))
	add(groupWorkflows, newCron(env))
	add(groupTemplates, newTemplate(env, workflowTemplates), newTemplate(env, clusterWorkflowTemplates))
	add(groupOther, newUI(env), newCompletion(env), newVersion(env))
	return root
}

// suggestionDistance is how far a mistyped command may be from the
// commands suggested for it.
const suggestionDistance = 2

// asGroup makes cmd a command that only holds subcommands: run alone it
// prints its help, and an unknown subcommand is a usage error.
func asGroup(cmd *cobra.Command) {
	cmd.SuggestionsMinimumDistance = suggestionDistance
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usageErrorf("%s", msg)
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// example indents an example block and names the CLI as it was invoked.
func example(env *Env, text string) string {
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + strings.ReplaceAll(l, "weft ", env.Name+" ")
	}
	return strings.Join(lines, "\n")
}
