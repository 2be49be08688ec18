package commands

import (
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func (k templateKind) deleteCommand(env *Env) *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:               "delete NAME... | --all",
		Short:             fmt.Sprintf("Delete %ss", k.kind),
		ValidArgsFunction: k.completeNames(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) > 0) {
				return usageErrorf("give template names or --all")
			}
			s, err := k.store(env, false)
			if err != nil {
				return err
			}
			names := args
			if all {
				_, ts, err := s.list(cmd.Context(), metav1.ListOptions{})
				if err != nil {
					return err
				}
				for _, t := range ts {
					names = append(names, t.Meta.Name)
				}
				if len(names) == 0 {
					_, err := fmt.Fprintf(env.IO.ErrOut, "No %ss to delete.\n", k.kind)
					return err
				}
			}
			return deleteEach(cmd.Context(), env, names, k.kind, s.delete)
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "delete every template")
	return cmd
}
