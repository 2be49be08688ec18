package actions

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/retry"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
	"github.com/weft-dev/weft/pkg/workflowops"
)

// ResumeOptions say which suspend steps a resume ends, and with which
// values of their supplied output parameters.
type ResumeOptions struct {
	// NodeFieldSelector picks the suspend steps to resume, such as
	// "displayName=approve", and leaves spec.suspend as it is; "" resumes
	// every waiting step and clears spec.suspend.
	NodeFieldSelector string
	// Values are the values of supplied output parameters, by name.
	Values map[string]string
	// Now is when the resumed steps end.
	Now time.Time
}

// NoStepMatchesError is a resume whose node field selector picks none of
// the workflow's waiting suspend steps; it resumes nothing.
type NoStepMatchesError struct {
	// Workflow is the workflow's name.
	Workflow string
	// Selector is the node field selector.
	Selector string
}

// Error names the workflow and the selector.
func (e *NoStepMatchesError) Error() string {
	return fmt.Sprintf("no suspended step of workflow %s matches the node field selector %s", e.Workflow, e.Selector)
}

// Resume ends the suspension of the named workflow: first the suspend
// steps the options pick, in one patch of the status subresource guarded by
// the resource version (read again and planned anew on a conflict), then
// spec.suspend. It refuses (RefusedError) a finished workflow, one with
// nothing to resume, and a resume that misses or has parameters the steps
// do not take (workflowops.MissingParametersError, UnusedValuesError,
// NoStepMatchesError within). It returns the workflow as the last write left it.
func Resume(ctx context.Context, client weftclient.WorkflowInterface, name string, opts ResumeOptions) (*v1alpha1.Workflow, error) {
	sel, err := printer.ParseNodeSelector(opts.NodeFieldSelector)
	if err != nil {
		return nil, err
	}
	plan := &workflowops.ResumePlan{}
	var updated *v1alpha1.Workflow
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		wf, err := running(ctx, client, name, "resume")
		if err != nil {
			return err
		}
		// The patch of a packed status adds the changed nodes beside
		// status.compressedNodes, which readers lay over the packed ones.
		if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
			return fmt.Errorf("workflow %s: %w", name, err)
		}
		planOpts := workflowops.ResumeOptions{Values: opts.Values}
		if opts.NodeFieldSelector != "" {
			planOpts.Selects = func(n *v1alpha1.NodeStatus) bool { return sel.Matches(name, n) }
		}
		if plan, err = workflowops.PlanResume(wf, planOpts); err != nil {
			return refused(err)
		}
		if len(plan.Nodes) == 0 {
			updated = wf
			if opts.NodeFieldSelector != "" {
				return refused(&NoStepMatchesError{Workflow: name, Selector: opts.NodeFieldSelector})
			}
			if !plan.Unsuspend {
				return refused(fmt.Errorf("workflow %s is not suspended: nothing to resume", name))
			}
			return nil
		}
		patch, err := plan.StatusPatch(opts.Now)
		if err != nil {
			return err
		}
		if patch, err = guarded(patch, wf.ResourceVersion); err != nil {
			return err
		}
		updated, err = client.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{}, "status")
		return err
	})
	if err != nil || !plan.Unsuspend {
		return updated, err
	}
	return patchSpec(ctx, client, name, map[string]any{"suspend": nil})
}
