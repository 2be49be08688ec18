package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func newCronDelete(env *Env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:               "delete NAME... | --all",
		Short:             "Delete CronWorkflows, and the workflows they own",
		ValidArgsFunction: completeCronNames(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) > 0) {
				return usageErrorf("give CronWorkflow names or --all")
			}
			client, err := cronWorkflows(env, false)
			if err != nil {
				return err
			}
			names := args
			if all {
				if names, err = cronNames(cmd.Context(), env); err != nil {
					return err
				}
				if len(names) == 0 {
					_, err := fmt.Fprintln(env.IO.ErrOut, "No CronWorkflows to delete.")
					return err
				}
			}
			return deleteEach(cmd.Context(), env, names, kindCronWorkflow, func(ctx context.Context, name string) error {
				return client.Delete(ctx, name, metav1.DeleteOptions{})
			})
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "delete every CronWorkflow of the namespace")
	return cmd
}
