package actions

import (
	"context"
	"fmt"
	"time"

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

// RetryOptions say what a retry runs again besides what failed.
type RetryOptions struct {
	// RestartSuccessful runs the nodes NodeFieldSelector picks again too.
	RestartSuccessful bool
	// NodeFieldSelector picks the nodes RestartSuccessful runs again, such
	// as "templateName=build".
	NodeFieldSelector string
	// Now is when the workflow starts again.
	Now time.Time
}

// Retry runs the named workflow, which ended Failed or Error, again from
// where it failed: it clears spec.shutdown, deletes the pods of the nodes
// to run again and waits until they are gone, then writes the status
// without those nodes, guarded by its resource version; on a conflict it
// reads the workflow again and starts over. A workflow that cannot be
// retried is refused (RefusedError).
func Retry(ctx context.Context, client weftclient.WorkflowInterface, kube kubernetes.Interface, name string, opts RetryOptions) (*v1alpha1.Workflow, error) {
	sel, err := printer.ParseNodeSelector(opts.NodeFieldSelector)
	if err != nil {
		return nil, err
	}
	planOpts := workflowops.RetryOptions{RestartSuccessful: opts.RestartSuccessful}
	if opts.NodeFieldSelector != "" {
		planOpts.Selects = func(n *v1alpha1.NodeStatus) bool { return sel.Matches(name, n) }
	}
	var updated *v1alpha1.Workflow
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		wf, err := client.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
			return fmt.Errorf("workflow %s: %w", name, err)
		}
		if _, err := workflowops.PlanRetry(wf, planOpts, opts.Now); err != nil {
			return refused(err)
		}
		if wf.Spec.Shutdown != "" {
			if wf, err = patchSpec(ctx, client, name, map[string]any{"shutdown": nil}); err != nil {
				return err
			}
			if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
				return fmt.Errorf("workflow %s: %w", name, err)
			}
		}
		plan, err := workflowops.PlanRetry(wf, planOpts, opts.Now)
		if err != nil {
			return refused(err)
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
