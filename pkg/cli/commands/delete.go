package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// deleteFlags choose the workflows `delete` deletes.
type deleteFlags struct {
	all       bool
	completed bool
	older     time.Duration
	selector  string
}

func newDelete(env *Env) *cobra.Command {
	var f deleteFlags
	cmd := &cobra.Command{
		Use:   "delete NAME... | --all | --completed | --older DURATION | -l SELECTOR",
		Short: "Delete workflows (their pods go with them)",
		Example: example(env, `
weft delete hello-world-x7k2p
weft delete --completed
weft delete --older 24h -l app=nightly
weft delete --all`),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			bulk := f.all || f.completed || f.older > 0 || f.selector != ""
			switch {
			case len(args) > 0 && bulk:
				return usageErrorf("give workflow names, or --all, --completed, --older or -l, not both")
			case len(args) == 0 && !bulk:
				return usageErrorf("give workflow names, or --all, --completed, --older or -l")
			}
			client, err := workflows(env)
			if err != nil {
				return err
			}
			names := args
			if bulk {
				if names, err = f.matching(cmd.Context(), client, env.Now()); err != nil {
					return err
				}
				if len(names) == 0 {
					_, err := fmt.Fprintln(env.IO.ErrOut, "No workflows to delete.")
					return err
				}
			}
			return deleteEach(cmd.Context(), env, names, "Workflow", func(ctx context.Context, name string) error {
				return actions.Delete(ctx, client, name)
			})
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&f.all, "all", false, "delete every workflow of the namespace")
	flags.BoolVar(&f.completed, "completed", false, "delete the finished workflows (Succeeded, Failed, Error)")
	flags.DurationVar(&f.older, "older", 0, "delete the workflows that finished longer ago than this, e.g. 24h")
	flags.StringVarP(&f.selector, "selector", "l", "", "delete the workflows with these labels, e.g. app=nightly")
	return cmd
}

// matching lists the names of the workflows the flags choose.
func (f *deleteFlags) matching(ctx context.Context, client weftclient.WorkflowInterface, now time.Time) ([]string, error) {
	list, err := client.List(ctx, metav1.ListOptions{LabelSelector: f.selector})
	if err != nil {
		return nil, err
	}
	var names []string
	for i := range list.Items {
		if f.chooses(&list.Items[i], now) {
			names = append(names, list.Items[i].Name)
		}
	}
	return names, nil
}

// chooses says the flags choose wf, which the label selector chose already.
func (f *deleteFlags) chooses(wf *v1alpha1.Workflow, now time.Time) bool {
	finished := printer.Finished(wf)
	switch {
	case f.completed && !finished:
		return false
	case f.older > 0 && (!finished || wf.Status.FinishedAt.Time.After(now.Add(-f.older))):
		return false
	}
	return true
}

// deleteEach deletes objects by name, saying so for each, and goes on past
// failures, which it reports together.
func deleteEach(ctx context.Context, env *Env, names []string, kind string, del func(ctx context.Context, name string) error) error {
	failed := 0
	for _, name := range names {
		if err := del(ctx, name); err != nil {
			fmt.Fprintf(env.IO.ErrOut, "Error: %v\n", err)
			failed++
			continue
		}
		fmt.Fprintf(env.IO.Out, "%s deleted\n", qualifiedName(kind, name))
	}
	if failed > 0 {
		return &ExitError{Code: ExitFailure}
	}
	return nil
}
