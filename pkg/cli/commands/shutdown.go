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
	var target targetFlags
	cmd := &cobra.Command{
		Use:   verb + " NAME... | --all | -l SELECTOR",
		Short: short,
		Long:  long,
		Example: example(env, fmt.Sprintf(`
weft %[1]s nightly-x7k2p
weft %[1]s --all`, verb)),
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
			return eachWorkflow(cmd.Context(), env, names, done, func(ctx context.Context, name string) error {
				if _, err := running(ctx, client, name, verb); err != nil {
					return err
				}
				_, err := patchSpec(ctx, client, name, map[string]any{"shutdown": strategy})
				return err
			})
		},
	}
	target.add(cmd, "unfinished")
	return cmd
}
