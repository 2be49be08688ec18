package commands

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func newCronList(env *Env) *cobra.Command {
	var output, selector string
	var all bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List CronWorkflows: schedules, last and next run, suspended",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := cronWorkflows(env, all)
			if err != nil {
				return err
			}
			list, err := client.List(cmd.Context(), metav1.ListOptions{LabelSelector: selector})
			if err != nil {
				return err
			}
			sort.SliceStable(list.Items, func(i, j int) bool {
				a, b := list.Items[i], list.Items[j]
				if a.Namespace != b.Namespace {
					return a.Namespace < b.Namespace
				}
				return a.Name < b.Name
			})
			switch output {
			case outputJSON, outputYAML:
				return printObject(env.IO.Out, list, output)
			case outputName:
				for _, cw := range list.Items {
					fmt.Fprintln(env.IO.Out, qualifiedName(kindCronWorkflow, cw.Name))
				}
				return nil
			}
			if len(list.Items) == 0 {
				_, err := fmt.Fprintln(env.IO.ErrOut, "No CronWorkflows found.")
				return err
			}
			return printCronList(env.IO.Out, list.Items, env.Now(), all)
		},
	}
	addOutputFlag(cmd, &output, outputName, outputJSON, outputYAML)
	cmd.Flags().StringVarP(&selector, "selector", "l", "", "label selector, e.g. team=data")
	cmd.Flags().BoolVarP(&all, "all-namespaces", "A", false, "list the CronWorkflows of every namespace")
	return cmd
}

func newCronGet(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:               "get NAME...",
		Short:             "Show CronWorkflows: spec, status and active workflows",
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeCronNames(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := cronWorkflows(env, false)
			if err != nil {
				return err
			}
			for i, name := range args {
				cw, err := client.Get(cmd.Context(), name, metav1.GetOptions{})
				if err != nil {
					return err
				}
				switch output {
				case outputJSON, outputYAML:
					err = printObject(env.IO.Out, cw, output)
				case outputName:
					_, err = fmt.Fprintln(env.IO.Out, qualifiedName(kindCronWorkflow, cw.Name))
				default:
					if i > 0 {
						fmt.Fprintln(env.IO.Out)
					}
					err = printCron(env.IO.Out, cw, env.Now())
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	addOutputFlag(cmd, &output, outputName, outputJSON, outputYAML)
	return cmd
}
