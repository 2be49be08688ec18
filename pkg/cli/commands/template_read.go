package commands

import (
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/cli/printer"
)

func (k templateKind) listCommand(env *Env) *cobra.Command {
	var output, selector string
	var all bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   fmt.Sprintf("List %ss", k.kind),
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := k.store(env, all)
			if err != nil {
				return err
			}
			obj, ts, err := s.list(cmd.Context(), metav1.ListOptions{LabelSelector: selector})
			if err != nil {
				return err
			}
			sort.SliceStable(ts, func(i, j int) bool {
				if ts[i].Meta.Namespace != ts[j].Meta.Namespace {
					return ts[i].Meta.Namespace < ts[j].Meta.Namespace
				}
				return ts[i].Meta.Name < ts[j].Meta.Name
			})
			switch output {
			case outputJSON, outputYAML:
				return printObject(env.IO.Out, obj, output)
			case outputName:
				for _, t := range ts {
					fmt.Fprintln(env.IO.Out, qualifiedName(k.kind, t.Meta.Name))
				}
				return nil
			}
			if len(ts) == 0 {
				_, err := fmt.Fprintf(env.IO.ErrOut, "No %ss found.\n", k.kind)
				return err
			}
			return printer.PrintTemplateList(env.IO.Out, ts, env.Now(), all && !k.cluster)
		},
	}
	addOutputFlag(cmd, &output, outputName, outputJSON, outputYAML)
	cmd.Flags().StringVarP(&selector, "selector", "l", "", "label selector, e.g. team=data")
	if !k.cluster {
		cmd.Flags().BoolVarP(&all, "all-namespaces", "A", false, "list the templates of every namespace")
	}
	return cmd
}

func (k templateKind) getCommand(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:               "get NAME...",
		Short:             fmt.Sprintf("Show %ss", k.kind),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: k.completeNames(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := k.store(env, false)
			if err != nil {
				return err
			}
			for i, name := range args {
				obj, t, err := s.get(cmd.Context(), name)
				if err != nil {
					return err
				}
				switch output {
				case outputJSON, outputYAML:
					err = printObject(env.IO.Out, obj, output)
				case outputName:
					_, err = fmt.Fprintln(env.IO.Out, qualifiedName(k.kind, t.Meta.Name))
				default:
					if i > 0 {
						fmt.Fprintln(env.IO.Out)
					}
					err = printer.PrintTemplate(env.IO.Out, t, env.Now(), nil)
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
