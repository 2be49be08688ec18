package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func newStop(env *Env) *cobra.Command {
	return newShutdown(env, v1alpha1.ShutdownStop, "stop", "stopped",
		"Stop workflows: no new steps start, running ones finish, exit handlers run",
		`Stop workflows (spec.shutdown: Stop): no new steps or tasks start, the pods that
run are left to finish, and the exit handlers run; the workflow then ends Failed.
Who stopped it is recorded (annotation weft.dev/shutdown-by) and shown in its
message. weft terminate ends the running pods too.`)
}

func newTerminate(env *Env) *cobra.Command {
	return newShutdown(env, v1alpha1.ShutdownTerminate, "terminate", "terminated",
		"Terminate workflows: running pods are killed, exit handlers are skipped",
		`Terminate workflows (spec.shutdown: Terminate): the running pods are killed, no new
steps start and the exit handlers do not run; the workflow then ends Failed. Who
terminated it is recorded (annotation weft.dev/shutdown-by) and shown in its
message. weft stop lets the running pods finish instead.`)
}

// newShutdown is stop or terminate: a command that sets spec.shutdown.
func newShutdown(env *Env, strategy v1alpha1.ShutdownStrategy, verb, done, short, long string) *cobra.Command {
	return newSpecCommand(env, specCommand{
		verb: verb, done: done, short: short, long: long,
		example: fmt.Sprintf(`
weft %[1]s nightly-x7k2p
weft %[1]s --all`, verb),
		spec: map[string]any{"shutdown": strategy},
	})
}

// specCommand is a command that sets fields of unfinished workflows' specs.
type specCommand struct {
	// verb is the command's name; done what it prints of each workflow.
	verb, done string
	// short, long and example are its help.
	short, long, example string
	// spec is the merge patch of the spec.
	spec map[string]any
}

// newSpecCommand makes a specCommand: it takes names, --all or -l, checks
// that each workflow still runs, and patches its spec.
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
				if _, err := running(ctx, client, name, s.verb); err != nil {
					return err
				}
				_, err := patchSpec(ctx, client, name, s.spec)
				return err
			})
		},
	}
	target.add(cmd, "unfinished")
	return cmd
}
