package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
	"github.com/weft-dev/weft/pkg/workflowops"
)

// Waiting for the pods a retry deletes: how often to look, and for how long.
const (
	podGoneInterval = 500 * time.Millisecond
	podGoneTimeout  = 2 * time.Minute
)

// retryFlags are the flags of `retry`.
type retryFlags struct {
	restartSuccessful bool
	nodeSelector      string
	watch, wait       bool
}

func newRetry(env *Env) *cobra.Command {
	var f retryFlags
	cmd := &cobra.Command{
		Use:   "retry NAME...",
		Short: "Run failed workflows again from where they failed",
		Long: `Run a workflow that ended Failed or Error again from where it failed, as argo retry
does: its failed and errored steps run again, and the steps, DAGs and retries that
enclose them; what succeeded is kept. The pods of the steps run again are deleted
first. With --restart-successful, the nodes --node-field-selector picks run again
too, with what they enclose and what ran after them (this also retries a workflow
that succeeded).

Retrying writes the workflow's status subresource: it needs the right to update
workflows/status, and to delete pods.`,
		Example: example(env, `
weft retry nightly-x7k2p
weft retry nightly-x7k2p --restart-successful --node-field-selector templateName=build --watch`),
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completeWorkflows(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), env, args)
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&f.restartSuccessful, "restart-successful", false, "also run again the nodes --node-field-selector picks, though they succeeded")
	flags.StringVar(&f.nodeSelector, "node-field-selector", "", "the nodes --restart-successful runs again, e.g. displayName=build")
	flags.BoolVar(&f.watch, "watch", false, "show the workflow live until it finishes")
	flags.BoolVar(&f.wait, "wait", false, "wait until the workflow finishes and print its phase")
	return cmd
}

// run retries the named workflows and follows them as the flags say.
func (f *retryFlags) run(ctx context.Context, env *Env, args []string) error {
	sel, err := printer.ParseNodeSelector(f.nodeSelector)
	switch {
	case err != nil:
		return &UsageError{Err: err}
	case f.restartSuccessful && f.nodeSelector == "":
		return usageErrorf("--restart-successful needs --node-field-selector to pick the nodes to run again")
	case f.watch && f.wait:
		return usageErrorf("--watch and --wait exclude each other")
	}
	client, err := workflows(env)
	if err != nil {
		return err
	}
	kube, err := env.Kube()
	if err != nil {
		return err
	}
	var retried []*v1alpha1.Workflow
	err = eachWorkflow(ctx, env, args, "retried", func(ctx context.Context, name string) error {
		opts := workflowops.RetryOptions{RestartSuccessful: f.restartSuccessful}
		if f.nodeSelector != "" {
			opts.Selects = func(n *v1alpha1.NodeStatus) bool { return sel.Matches(name, n) }
		}
		wf, err := retryWorkflow(ctx, env, client, kube, name, opts)
		if err == nil {
			retried = append(retried, wf)
		}
		return err
	})
	if err != nil {
		return err
	}
	follow := submitFlags{watch: f.watch, wait: f.wait}
	return follow.follow(ctx, env, retried)
}

// retryWorkflow retries one workflow: it clears spec.shutdown, deletes the
// pods of the nodes to run again and waits until they are gone, then
// writes the status without those nodes, guarded by its resource version;
// on a conflict it reads the workflow again and starts over.
func retryWorkflow(ctx context.Context, env *Env, client weftclient.WorkflowInterface, kube kubernetes.Interface, name string, opts workflowops.RetryOptions) (*v1alpha1.Workflow, error) {
	var updated *v1alpha1.Workflow
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		wf, err := client.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
			return fmt.Errorf("workflow %s: %w", name, err)
		}
		if _, err := workflowops.PlanRetry(wf, opts, env.Now()); err != nil {
			return err
		}
		if wf.Spec.Shutdown != "" {
			if wf, err = patchSpec(ctx, client, name, map[string]any{"shutdown": nil}); err != nil {
				return err
			}
			if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
				return fmt.Errorf("workflow %s: %w", name, err)
			}
		}
		plan, err := workflowops.PlanRetry(wf, opts, env.Now())
		if err != nil {
			return err
		}
		if err := deletePods(ctx, kube, wf.Namespace, plan.Pods); err != nil {
			return err
		}
		next := wf.DeepCopy()
		if next.Status, err = statusnodes.Pack(plan.Status); err != nil {
			return err
		}
		updated, err = client.UpdateStatus(ctx, next, metav1.UpdateOptions{})
		return err
	})
	return updated, err
}

// deletePods deletes the named pods and waits until they are gone.
func deletePods(ctx context.Context, kube kubernetes.Interface, namespace string, names []string) error {
	pods := kube.CoreV1().Pods(namespace)
	for _, name := range names {
		if err := pods.Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("deleting pod %s of a step to run again: %w", name, err)
		}
	}
	for _, name := range names {
		err := wait.PollUntilContextTimeout(ctx, podGoneInterval, podGoneTimeout, true, func(ctx context.Context) (bool, error) {
			_, err := pods.Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return true, nil
			}
			return false, err
		})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("pod %s of a step to run again is not gone after %s (%v): retry once it is", name, podGoneTimeout, err)
		}
	}
	return nil
}
