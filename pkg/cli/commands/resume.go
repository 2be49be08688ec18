package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
	"github.com/weft-dev/weft/pkg/workflowops"
)

// resumeFlags are the flags of `resume`.
type resumeFlags struct {
	target       targetFlags
	nodeSelector string
	parameters   []string
}

func newResume(env *Env) *cobra.Command {
	var f resumeFlags
	cmd := &cobra.Command{
		Use:   "resume NAME... | --all | -l SELECTOR",
		Short: "Resume suspended workflows and suspend steps",
		Long: `Resume workflows: clear spec.suspend and end every suspend step that waits (a
suspend template without duration), which then succeeds with the message
"Resumed". With --node-field-selector only the suspend steps it picks are
resumed, and spec.suspend is left as it is.

A suspend step whose template declares output parameters with valueFrom.supplied
takes their values from -p NAME=VALUE; one that has no valueFrom.default must be
given, or nothing is resumed. Resuming writes the workflow's status subresource:
it needs the right to patch workflows/status.`,
		Example: example(env, `
weft resume nightly-x7k2p
weft resume release-b2x9q --node-field-selector displayName=approve -p approve=YES
weft resume --all`),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), env, args)
		},
	}
	f.target.add(cmd, "suspended")
	cmd.Flags().StringVar(&f.nodeSelector, "node-field-selector", "",
		"resume only the suspend steps whose fields match, e.g. displayName=approve")
	cmd.Flags().StringArrayVarP(&f.parameters, "parameter", "p", nil,
		"the value of a supplied output parameter of the steps resumed: NAME=VALUE (repeatable)")
	return cmd
}

// run resumes the workflows the arguments and flags name.
func (f *resumeFlags) run(ctx context.Context, env *Env, args []string) error {
	sel, err := printer.ParseNodeSelector(f.nodeSelector)
	if err != nil {
		return &UsageError{Err: err}
	}
	ps, err := params.ParseFlags(f.parameters)
	if err != nil {
		return &UsageError{Err: err}
	}
	values := make(map[string]string, len(ps))
	for _, p := range ps {
		values[p.Name] = p.Value
	}
	client, err := workflows(env)
	if err != nil {
		return err
	}
	names, err := f.target.names(ctx, client, args, workflowops.Suspended)
	if err != nil {
		return err
	}
	return eachWorkflow(ctx, env, names, "resumed", func(ctx context.Context, name string) error {
		opts := workflowops.ResumeOptions{Values: values}
		if f.nodeSelector != "" {
			opts.Selects = func(n *v1alpha1.NodeStatus) bool { return sel.Matches(name, n) }
		}
		return resume(ctx, env, client, name, opts, f.nodeSelector)
	})
}

// resume ends the suspension of one workflow: first the suspend nodes the
// options pick, in one status patch guarded by the resource version (read
// again and planned anew on a conflict), then spec.suspend.
func resume(ctx context.Context, env *Env, client weftclient.WorkflowInterface, name string, opts workflowops.ResumeOptions, selector string) error {
	var plan *workflowops.ResumePlan
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		wf, err := running(ctx, client, name, "resume")
		if err != nil {
			return err
		}
		// The patch of a packed status adds the changed nodes beside
		// status.compressedNodes, which readers lay over the packed ones.
		if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
			return fmt.Errorf("workflow %s: %w", name, err)
		}
		plan, err = workflowops.PlanResume(wf, opts)
		if err != nil {
			return explainResume(wf.Name, err)
		}
		if len(plan.Nodes) == 0 {
			if selector != "" {
				return fmt.Errorf("no suspended step of workflow %s matches --node-field-selector %s", name, selector)
			}
			if !plan.Unsuspend {
				return fmt.Errorf("workflow %s is not suspended: nothing to resume", name)
			}
			return nil
		}
		patch, err := plan.StatusPatch(env.Now())
		if err != nil {
			return err
		}
		patch, err = guarded(patch, wf.ResourceVersion)
		if err != nil {
			return err
		}
		_, err = client.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{}, "status")
		return err
	})
	if err != nil || !plan.Unsuspend {
		return err
	}
	_, err = patchSpec(ctx, client, name, map[string]any{"suspend": nil})
	return err
}

// explainResume says what to give for the parameters a resume misses.
func explainResume(workflow string, err error) error {
	var missing *workflowops.MissingParametersError
	var unused *workflowops.UnusedValuesError
	switch {
	case errors.As(err, &missing):
		lines := make([]string, len(missing.Missing))
		for i, m := range missing.Missing {
			lines[i] = fmt.Sprintf("workflow %s: step %s (%s) waits for output parameter %q, which has no default: give it with -p %s=VALUE",
				workflow, m.DisplayName, m.Node, m.Parameter, m.Parameter)
		}
		return fmt.Errorf("%s; nothing was resumed", strings.Join(lines, "\n"))
	case errors.As(err, &unused):
		return fmt.Errorf("workflow %s: %v; nothing was resumed", workflow, err)
	}
	return err
}
