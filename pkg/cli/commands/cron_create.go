package commands

import (
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

func newCronCreate(env *Env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "create FILE... | -",
		Short: "Create CronWorkflows from YAML or JSON files",
		Example: example(env, `
weft cron create examples/cron-workflow.yaml
weft cron create -n team-a nightly.yaml -o name`),
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := readManifests(env, args, kindCronWorkflow)
			if err != nil {
				return err
			}
			ns, explicit, err := env.Namespace()
			if err != nil {
				return err
			}
			crons := make([]*v1alpha1.CronWorkflow, len(docs))
			for i, doc := range docs {
				cw, ok := doc.Object.(*v1alpha1.CronWorkflow)
				if !ok {
					return fmt.Errorf("%s: cannot create a %T here", doc.Location(), doc.Object)
				}
				switch {
				case cw.Namespace == "":
					cw.Namespace = ns
				case explicit && cw.Namespace != ns:
					return fmt.Errorf("%s: the namespace of CronWorkflow %s (%s) is not the namespace given (%s)", doc.Location(), cw.Name, cw.Namespace, ns)
				}
				crons[i] = cw
			}
			client, err := env.Weft()
			if err != nil {
				return err
			}
			for i, cw := range crons {
				created, err := client.WeftV1alpha1().CronWorkflows(cw.Namespace).Create(cmd.Context(), cw, metav1.CreateOptions{})
				if err != nil {
					return fmt.Errorf("%s: %w", docs[i].Location(), explainInvalid(err))
				}
				switch output {
				case outputJSON, outputYAML:
					err = printObject(env.IO.Out, created, output)
				case outputName:
					_, err = fmt.Fprintln(env.IO.Out, qualifiedName(kindCronWorkflow, created.Name))
				default:
					_, err = fmt.Fprintf(env.IO.Out, "%s created\n", qualifiedName(kindCronWorkflow, created.Name))
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
