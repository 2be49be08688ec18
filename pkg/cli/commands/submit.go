package commands

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/workflowops/actions"
)

// submitFlags are the flags of `submit`.
type submitFlags struct {
	from                 string
	parameters           []string
	parameterFile        string
	entrypoint           string
	generateName         string
	name                 string
	serviceAccount       string
	labels               string
	watch, wait, log     bool
	dryRun, serverDryRun bool
	output               string
}

func newSubmit(env *Env) *cobra.Command {
	var f submitFlags
	cmd := &cobra.Command{
		Use:   "submit FILE... | - | --from KIND/NAME",
		Short: "Submit workflows from files, templates or cron workflows",
		Long: `Submit the Workflows of YAML or JSON files (several documents per file allowed, "-"
for standard input), or a workflow that runs a WorkflowTemplate or
ClusterWorkflowTemplate, or that a CronWorkflow would create (--from). Argo
manifests (apiVersion argoproj.io/v1alpha1) are submitted as Weft's.

With --watch the workflow is shown live until it finishes, with --wait its final
phase is printed, with --log its pods' logs are streamed; each exits 1 when a
workflow ends Failed or Error.`,
		Example: example(env, `
weft submit examples/hello-world.yaml
weft submit --watch examples/loops-maps.yaml
weft submit examples/parameters.yaml -p message=hi --wait
weft submit --from workflowtemplate/weft-hello -p message=hello --log
cat wf.yaml | weft submit - -o name`),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []cobra.Completion{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), env, args)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&f.from, "from", "", "submit from workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME")
	_ = cmd.RegisterFlagCompletionFunc("from", completeFrom(env))
	flags.StringArrayVarP(&f.parameters, "parameter", "p", nil, "set a workflow parameter: NAME=VALUE (repeatable)")
	flags.StringVarP(&f.parameterFile, "parameter-file", "f", "", "a YAML or JSON map of parameter values (-p wins)")
	flags.StringVar(&f.entrypoint, "entrypoint", "", "the template to start with")
	flags.StringVar(&f.generateName, "generate-name", "", "the prefix of the generated name")
	flags.StringVar(&f.name, "name", "", "the workflow's name")
	flags.StringVar(&f.serviceAccount, "serviceaccount", "", "the service account workflow pods run as")
	flags.StringVarP(&f.labels, "labels", "l", "", "labels to add, e.g. app=nightly,team=data")
	flags.BoolVar(&f.watch, "watch", false, "show the workflow live until it finishes")
	flags.BoolVar(&f.wait, "wait", false, "wait until the workflow finishes and print its phase")
	flags.BoolVar(&f.log, "log", false, "stream the workflow's logs until it finishes")
	flags.BoolVar(&f.dryRun, "dry-run", false, "print the workflow instead of submitting it")
	flags.BoolVar(&f.serverDryRun, "server-dry-run", false, "have the server check the workflow without storing it, and print it")
	addOutputFlag(cmd, &f.output, outputWide, outputName, outputJSON, outputYAML)
	return cmd
}

// run submits the workflows and follows them as the flags say.
func (f *submitFlags) run(ctx context.Context, env *Env, args []string) error {
	if err := f.check(args); err != nil {
		return err
	}
	over, err := f.overrides()
	if err != nil {
		return err
	}
	wfs, sources, err := f.workflows(ctx, env, args)
	if err != nil {
		return err
	}
	if over.Name != "" && len(wfs) > 1 {
		return usageErrorf("--name names one workflow, and %d are submitted", len(wfs))
	}
	ns, explicit, err := env.Namespace()
	if err != nil {
		return err
	}
	for i, wf := range wfs {
		over.Apply(wf)
		switch {
		case wf.Namespace == "":
			wf.Namespace = ns
		case explicit && wf.Namespace != ns:
			return fmt.Errorf("%s: the workflow's namespace (%s) is not the namespace given (%s)", sources[i], wf.Namespace, ns)
		}
	}
	if f.dryRun {
		for i, wf := range wfs {
			if err := f.printDryRun(env, wf, i); err != nil {
				return err
			}
		}
		return nil
	}
	client, err := env.Weft()
	if err != nil {
		return err
	}
	var created []*v1alpha1.Workflow
	for i, wf := range wfs {
		opts := metav1.CreateOptions{}
		if f.serverDryRun {
			opts.DryRun = []string{metav1.DryRunAll}
		}
		c, err := client.WeftV1alpha1().Workflows(wf.Namespace).Create(ctx, wf, opts)
		if err != nil {
			return fmt.Errorf("%s: %w", sources[i], explainInvalid(err))
		}
		created = append(created, c)
		if f.watch {
			continue
		}
		if f.serverDryRun {
			err = f.printDryRun(env, c, i)
		} else {
			err = f.printCreated(env, c, i)
		}
		if err != nil {
			return err
		}
	}
	if f.serverDryRun {
		return nil
	}
	return f.follow(ctx, env, created)
}

// check rejects flags that do not go together.
func (f *submitFlags) check(args []string) error {
	switch {
	case f.from != "" && len(args) > 0:
		return usageErrorf("give files or --from, not both")
	case f.from == "" && len(args) == 0:
		return usageErrorf("give the files to submit, - for standard input, or --from KIND/NAME")
	case count(f.watch, f.wait, f.log) > 1:
		return usageErrorf("--watch, --wait and --log exclude each other")
	case f.dryRun && f.serverDryRun:
		return usageErrorf("--dry-run and --server-dry-run exclude each other")
	case (f.dryRun || f.serverDryRun) && count(f.watch, f.wait, f.log) > 0:
		return usageErrorf("a dry run submits nothing to --watch, --wait or --log")
	case f.watch && f.output != outputDefault && f.output != outputWide:
		return usageErrorf("--watch shows the live view: -o %s does not apply", f.output)
	}
	return nil
}

func count(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// overrides reads what the flags change in the workflows.
func (f *submitFlags) overrides() (*actions.Overrides, error) {
	o := &actions.Overrides{
		Entrypoint: f.entrypoint, GenerateName: f.generateName, Name: f.name, ServiceAccount: f.serviceAccount,
	}
	if f.parameterFile != "" {
		ps, err := params.ReadFile(f.parameterFile)
		if err != nil {
			return nil, err
		}
		o.Params = ps
	}
	ps, err := params.ParseFlags(f.parameters)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	o.Params = append(o.Params, ps...)
	if f.labels != "" {
		set, err := labels.ConvertSelectorToLabelsMap(f.labels)
		if err != nil {
			return nil, usageErrorf("--labels %s: %v", f.labels, err)
		}
		o.Labels = set
	}
	return o, nil
}

// workflows are the workflows to submit, from the files or --from, and
// where each comes from, for messages.
func (f *submitFlags) workflows(ctx context.Context, env *Env, args []string) ([]*v1alpha1.Workflow, []string, error) {
	if f.from != "" {
		kind, name, err := parseFrom(f.from)
		if err != nil {
			return nil, nil, err
		}
		ns, _, err := env.Namespace()
		if err != nil {
			return nil, nil, err
		}
		wf, err := workflowFrom(ctx, env, kind, name, ns)
		if err != nil {
			return nil, nil, err
		}
		return []*v1alpha1.Workflow{wf}, []string{"--from " + f.from}, nil
	}
	docs, err := readManifests(env, args, kindWorkflow)
	if err != nil {
		return nil, nil, err
	}
	wfs := make([]*v1alpha1.Workflow, len(docs))
	sources := make([]string, len(docs))
	for i, doc := range docs {
		wfs[i], sources[i] = doc.Object.(*v1alpha1.Workflow), doc.Location()
	}
	return wfs, sources, nil
}
