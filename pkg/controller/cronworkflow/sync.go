package cronworkflow

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cron"
)

// terminate is the merge patch that terminates a workflow, as `argo terminate` does.
var terminate = []byte(`{"spec":{"shutdown":"Terminate"}}`)

// sync brings one CronWorkflow a step further: observe, decide, act, write
// status, then delete what the history limits drop.
func (c *Controller) sync(ctx context.Context, key string) (time.Duration, error) {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return 0, nil
	}
	cw, err := c.crons.CronWorkflows(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		c.decided.forget(key)
		return 0, nil // deleted: its workflows go with it through their ownerReferences
	}
	if err != nil {
		return 0, err
	}
	if cw.DeletionTimestamp != nil {
		return 0, nil
	}
	owned, err := c.owned(ctx, cw)
	if err != nil {
		return 0, err
	}
	decision := cron.Decide(cw, cron.Observed{Workflows: owned, Decided: c.decided.get(key, cw.UID)}, c.now())

	workflows := c.weft.WeftV1alpha1().Workflows(namespace)
	for _, wfName := range decision.Stop {
		_, err := workflows.Patch(ctx, wfName, types.MergePatchType, terminate, metav1.PatchOptions{FieldManager: FieldManager})
		if err != nil && !apierrors.IsNotFound(err) {
			return 0, fmt.Errorf("terminating workflow %s (concurrencyPolicy Replace): %w", wfName, err)
		}
		c.recorder.Eventf(cw, corev1.EventTypeNormal, "Replacing", "terminating workflow %s: concurrencyPolicy is Replace", wfName)
	}
	var created []string
	submitter, submitErr := c.creatorClient(cw)
	for _, wf := range decision.Create {
		err := submitErr
		if err == nil {
			_, err = submitter.WeftV1alpha1().Workflows(namespace).Create(ctx, wf, metav1.CreateOptions{FieldManager: FieldManager})
		}
		switch {
		case err == nil:
			created = append(created, wf.Name)
		case apierrors.IsAlreadyExists(err):
			// created by an earlier sync whose status write was lost: same run, same name
		case transient(err):
			return 0, fmt.Errorf("creating workflow %s: %w", wf.Name, err)
		default:
			decision.CreateFailed(wf.Name, err.Error())
			c.recorder.Eventf(cw, corev1.EventTypeWarning, cron.ConditionSubmissionError, "creating workflow %s: %v", wf.Name, err)
		}
	}
	if !equality.Semantic.DeepEqual(cw.Status, decision.Status) {
		updated := cw.DeepCopy()
		updated.Status = decision.Status
		if _, err := c.weft.WeftV1alpha1().CronWorkflows(namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{FieldManager: FieldManager}); err != nil {
			return 0, err
		}
	}
	c.decided.set(key, cw.UID, decision.Decided)
	for _, wfName := range created {
		c.recorder.Eventf(cw, corev1.EventTypeNormal, "WorkflowCreated", "created workflow %s", wfName)
	}
	// Events follow the write, so that they never announce a state that was lost to a conflict.
	for _, event := range decision.Events {
		c.recorder.Event(cw, event.Type, event.Reason, event.Message)
	}
	if err := c.prune(ctx, cw, owned, decision.Delete); err != nil {
		return 0, err
	}
	return decision.RequeueAfter, nil
}

// owned are the workflows cw controls, read from the API rather than the
// cache, so that every workflow an earlier sync created is seen.
func (c *Controller) owned(ctx context.Context, cw *v1alpha1.CronWorkflow) ([]*v1alpha1.Workflow, error) {
	selector := labels.SelectorFromSet(labels.Set{cron.LabelCronWorkflow: cw.Name}).String()
	list, err := c.weft.WeftV1alpha1().Workflows(cw.Namespace).List(ctx, metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		return nil, fmt.Errorf("listing the workflows of CronWorkflow %s: %w", cw.Name, err)
	}
	var owned []*v1alpha1.Workflow
	for i := range list.Items {
		if metav1.IsControlledBy(&list.Items[i], cw) {
			owned = append(owned, &list.Items[i])
		}
	}
	return owned, nil
}

// prune deletes the workflows the history limits drop, once the status
// that counts them is written.
func (c *Controller) prune(ctx context.Context, cw *v1alpha1.CronWorkflow, owned []*v1alpha1.Workflow, names []string) error {
	uids := map[string]types.UID{}
	for _, wf := range owned {
		uids[wf.Name] = wf.UID
	}
	for _, name := range names {
		uid := uids[name]
		err := c.weft.WeftV1alpha1().Workflows(cw.Namespace).Delete(ctx, name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			return fmt.Errorf("deleting workflow %s beyond the history limits: %w", name, err)
		}
		if err == nil {
			c.recorder.Eventf(cw, corev1.EventTypeNormal, "WorkflowDeleted", "deleted workflow %s: beyond the history limits", name)
		}
	}
	return nil
}

// transient says an API error may pass if the request is made again.
func transient(err error) bool {
	return apierrors.IsServerTimeout(err) || apierrors.IsTimeout(err) || apierrors.IsTooManyRequests(err) ||
		apierrors.IsInternalError(err) || apierrors.IsServiceUnavailable(err) || apierrors.IsUnexpectedServerError(err)
}
