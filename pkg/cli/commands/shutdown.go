package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

func newStop(env *Env) *cobra.Command {
	return newShutdown(env, actions.Stop, "stop", "stopped",
		"Stop workflows: no new steps start, running ones finish, exit handlers run",
		`Stop workflows (spec.shutdown: Stop): no new steps or tasks start, the pods that
run are left to finish, and the exit handlers run; the workflow then ends Failed.
Who stopped it is recorded (annotation weft.dev/shutdown-by) and shown in its
message. weft terminate ends the running pods too.`)
}

func newTerminate(env *Env) *cobra.Command {
	return newShutdown(env, actions.Terminate, "terminate", "terminated",
		"Terminate workflows: running pods are killed, exit handlers are skipped",
		`Terminate workflows (spec.shutdown: Terminate): the running pods are killed, no new
steps start and the exit handlers do not run; the workflow then ends Failed. Who
terminated it is recorded (annotation weft.dev/shutdown-by) and shown in its
message. weft stop lets the running pods finish instead.`)
}

// newShutdown is stop or terminate: a command that sets spec.shutdown.
func newShutdown(env *Env, act workflowAction, verb, done, short, long string) *cobra.Command {
	return newSpecCommand(env, specCommand{
		verb: verb, done: done, short: short, long: long,
		example: fmt.Sprintf(`
weft %[1]s nightly-x7k2p
weft %[1]s --all`, verb),
		act: act,
	})
}

// specCommand is a command that sets fields of unfinished workflows' specs.
type specCommand struct {
	// verb is the command's name; done what it prints of each workflow.
	verb, done string
	// short, long and example are its help.
	short, long, example string
	// act changes the spec of one workflow.
	act workflowAction
}

// workflowAction changes the spec of one workflow, as actions.Suspend does.
type workflowAction func(ctx context.Context, client weftclient.WorkflowInterface, name string) (*v1alpha1.Workflow, error)

// newSpecCommand makes a specCommand: it takes names, --all or -l, and acts
// on each.
func newSpecCommand(env *Env, s specCommand) *cobra.Command {
	var target targetFlags
	cmd := &cobra.Command{
		Use:               s.verb + " NAME... | --all | -l SELECTOR",
		Short:             s.short,
		Long:              s.long,
		Example:           example(env, s.example),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := workflows(env)
			if err != nil {
				return err
			}
			names, err := target.names(cmd.Context(), client, args, notFinished)
			if err != nil {
				return err
			}
			return eachWorkflow(cmd.Context(), env, names, s.done, func(ctx context.Context, name string) error {
				_, err := s.act(ctx, client, name)
				return err
			})
		},
	}
	target.add(cmd, "unfinished")
	return cmd
}
