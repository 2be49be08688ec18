package commands

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
)

// listFlags choose the workflows of `list`.
type listFlags struct {
	running, completed bool
	status             string
	since              time.Duration
	prefix             string
	selector           string
	allNamespaces      bool
	output             string
}

func newList(env *Env) *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List workflows, newest first",
		Example: example(env, `
weft list
weft list --running
weft list -A --status Failed,Error --since 24h
weft list -l app=nightly -o name`),
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			keep, err := f.filter(env.Now())
			if err != nil {
				return err
			}
			client, err := env.Weft()
			if err != nil {
				return err
			}
			ns, _, err := env.Namespace()
			if err != nil {
				return err
			}
			if f.allNamespaces {
				ns = metav1.NamespaceAll
			}
			list, err := client.WeftV1alpha1().Workflows(ns).List(cmd.Context(), metav1.ListOptions{LabelSelector: f.selector})
			if err != nil {
				return err
			}
			items := list.Items[:0]
			for _, wf := range list.Items {
				if keep(&wf) {
					items = append(items, wf)
				}
			}
			sortNewestFirst(items)
			list.Items = items
			return f.print(env, list, ns)
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&f.running, "running", false, "only workflows that have not finished")
	flags.BoolVar(&f.completed, "completed", false, "only finished workflows (Succeeded, Failed, Error)")
	flags.StringVar(&f.status, "status", "", "only workflows in these phases, e.g. Failed,Error")
	phases := make([]string, len(workflowPhases))
	for i, p := range workflowPhases {
		phases[i] = string(p)
	}
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions(phases, cobra.ShellCompDirectiveNoFileComp))
	flags.DurationVar(&f.since, "since", 0, "only workflows created within this duration, e.g. 1h")
	flags.StringVar(&f.prefix, "prefix", "", "only workflows whose name starts with this prefix")
	flags.StringVarP(&f.selector, "selector", "l", "", "label selector, e.g. app=nightly,tier!=web")
	flags.BoolVarP(&f.allNamespaces, "all-namespaces", "A", false, "list the workflows of every namespace")
	addOutputFlag(cmd, &f.output, outputWide, outputName, outputJSON, outputYAML)
	return cmd
}

// workflowPhases are the phases a workflow's status may show.
var workflowPhases = []v1alpha1.WorkflowPhase{
	v1alpha1.WorkflowPending, v1alpha1.WorkflowRunning, v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError,
}

// filter is the test the flags put workflows to.
func (f *listFlags) filter(now time.Time) (func(*v1alpha1.Workflow) bool, error) {
	if f.running && f.completed {
		return nil, usageErrorf("--running and --completed exclude each other")
	}
	phases := map[v1alpha1.WorkflowPhase]bool{}
	if f.status != "" {
		for _, s := range strings.Split(f.status, ",") {
			p, ok := parseWorkflowPhase(strings.TrimSpace(s))
			if !ok {
				return nil, usageErrorf("--status %s: unknown phase %q", f.status, s)
			}
			phases[p] = true
		}
	}
	return func(wf *v1alpha1.Workflow) bool {
		phase := wf.Status.Phase
		if phase == v1alpha1.WorkflowUnknown {
			phase = v1alpha1.WorkflowPending
		}
		switch {
		case f.running && printer.Finished(wf), f.completed && !printer.Finished(wf):
			return false
		case len(phases) > 0 && !phases[phase]:
			return false
		case f.since > 0 && wf.CreationTimestamp.Time.Before(now.Add(-f.since)):
			return false
		}
		return strings.HasPrefix(wf.Name, f.prefix)
	}, nil
}

func parseWorkflowPhase(s string) (v1alpha1.WorkflowPhase, bool) {
	for _, p := range workflowPhases {
		if strings.EqualFold(string(p), s) {
			return p, true
		}
	}
	return "", false
}

// sortNewestFirst orders workflows by creation, newest first, then by name.
func sortNewestFirst(items []v1alpha1.Workflow) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].CreationTimestamp, items[j].CreationTimestamp
		if !a.Equal(&b) {
			return b.Before(&a)
		}
		return items[i].Name < items[j].Name
	})
}

func (f *listFlags) print(env *Env, list *v1alpha1.WorkflowList, ns string) error {
	switch f.output {
	case outputJSON, outputYAML:
		return printObject(env.IO.Out, list, f.output)
	case outputName:
		for _, wf := range list.Items {
			fmt.Fprintln(env.IO.Out, qualifiedName("Workflow", wf.Name))
		}
		return nil
	}
	if len(list.Items) == 0 {
		where := "in namespace " + ns
		if f.allNamespaces {
			where = "in any namespace"
		}
		_, err := fmt.Fprintf(env.IO.ErrOut, "No workflows found %s.\n", where)
		return err
	}
	return printer.PrintList(env.IO.Out, list.Items, printer.ListOptions{
		Now: env.Now(), Style: env.style(), Wide: f.output == outputWide, AllNamespaces: f.allNamespaces,
	})
}
