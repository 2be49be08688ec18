package commands

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/weft-dev/weft/pkg/cli/lint"
	"github.com/weft-dev/weft/pkg/cli/manifest"
)

func newLint(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "lint FILE... | DIR",
		Short: "Check manifests offline, with the validation the server runs",
		Long: `Check Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows
offline: each is decoded strictly, converted and validated as the server does on
create. Prints one "FILE: field.path: message" line per problem and exits 1 when
there is any. Directories are searched for .yaml, .yml and .json files; "-" reads
standard input. Argo manifests (argoproj.io/v1alpha1) are linted as Weft's.`,
		Example: example(env, `
weft lint examples/
weft lint my-workflow.yaml
cat my-workflow.yaml | weft lint -`),
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runLint(env, args, nil)
		},
	}
}

// runLint lints the weft.dev documents of the files and directories given,
// kinds restricting the kinds accepted when it is not empty.
func runLint(env *Env, paths []string, kinds []string) error {
	files, err := manifest.Expand(paths)
	if err != nil {
		return err
	}
	namespace := ""
	if ns, explicit, err := env.Namespace(); err == nil && explicit {
		namespace = ns
	}
	problems, objects := 0, 0
	for _, path := range files {
		file, err := manifest.ReadFile(path, env.IO.In)
		if err != nil {
			fmt.Fprintln(env.IO.Out, err)
			problems++
			continue
		}
		for _, doc := range file.Documents {
			if !doc.IsWeft() {
				fmt.Fprintf(env.IO.ErrOut, "weft: %s: skipping %s, not a weft.dev kind\n", doc.Location(), doc.Kind.GroupKind())
				continue
			}
			if err := checkKind(env.Name, doc, kinds); err != nil {
				fmt.Fprintf(env.IO.Out, "%s: %v\n", doc.Location(), err)
				problems++
				continue
			}
			objects++
			for _, p := range lint.Document(doc, namespace) {
				fmt.Fprintln(env.IO.Out, p)
				problems++
			}
		}
	}
	if problems > 0 {
		return &ExitError{Code: ExitFailure}
	}
	_, err = fmt.Fprintf(env.IO.Out, "no problems found in %s\n", plural(objects, "object"))
	return err
}

// plural is "1 object" or "N objects".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (k templateKind) lintCommand(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "lint FILE... | DIR",
		Short: fmt.Sprintf("Check %s manifests offline", k.kind),
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runLint(env, args, []string{k.kind})
		},
	}
}
