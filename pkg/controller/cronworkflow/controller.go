// Package cronworkflow is the CronWorkflow controller: it watches
// CronWorkflows and the Workflows they own, asks pkg/cron what to do next,
// and carries that out — workflows created, terminated (concurrencyPolicy
// Replace) and deleted (history limits), status written through the
// cronworkflows/status subresource, events recorded.
package cronworkflow

import (
	"context"
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions/weft/v1alpha1"
	weftlisters "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
)

// FieldManager is the manager name of the controller's writes.
const FieldManager = "weft-cron-controller"

// Controller schedules CronWorkflows.
type Controller struct {
	weft     versioned.Interface
	crons    weftlisters.CronWorkflowLister
	synced   []cache.InformerSynced
	queue    workqueue.TypedRateLimitingInterface[string]
	recorder record.EventRecorder
	decided  *decisions
	now      func() time.Time
	// clientsAs, when set, creates workflows as their CronWorkflow's creator.
	clientsAs ClientsAs
}

// New returns a controller fed by the CronWorkflow and Workflow informers
// of the shared factory.
func New(weft versioned.Interface, informers weftinformers.Interface, recorder record.EventRecorder) (*Controller, error) {
	crons, workflows := informers.CronWorkflows(), informers.Workflows()
	c := &Controller{
		weft:   weft,
		crons:  crons.Lister(),
		synced: []cache.InformerSynced{crons.Informer().HasSynced, workflows.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "cronworkflows"}),
		recorder: recorder,
		decided:  newDecisions(),
		now:      time.Now,
	}
	if _, err := crons.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, obj interface{}) { c.enqueue(obj) },
		DeleteFunc: c.enqueue,
	}); err != nil {
		return nil, err
	}
	if _, err := workflows.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueOwner,
		UpdateFunc: c.workflowUpdated,
		DeleteFunc: c.enqueueOwner,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Controller) enqueue(obj interface{}) {
	key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	c.queue.Add(key)
}

// Run schedules CronWorkflows with the given number of workers until ctx is done.
func (c *Controller) Run(ctx context.Context, workers int) error {
	defer utilruntime.HandleCrash()
	defer c.queue.ShutDown()
	logger := klog.FromContext(ctx)
	logger.Info("Waiting for the CronWorkflow informer caches to sync")
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		return errors.New("informer caches did not sync")
	}
	logger.Info("Scheduling CronWorkflows", "workers", workers)
	for i := 0; i < workers; i++ {
		go wait.UntilWithContext(ctx, c.work, time.Second)
	}
	<-ctx.Done()
	logger.Info("Shutting down the CronWorkflow controller")
	return nil
}

func (c *Controller) work(ctx context.Context) {
	for c.next(ctx) {
	}
}

func (c *Controller) next(ctx context.Context) bool {
	key, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(key)
	requeueAfter, err := c.sync(ctx, key)
	switch {
	case apierrors.IsConflict(err):
		c.queue.AddRateLimited(key)
	case err != nil:
		klog.FromContext(ctx).Error(err, "Syncing CronWorkflow failed; will retry", "cronWorkflow", key)
		c.queue.AddRateLimited(key)
	default:
		c.queue.Forget(key)
		if requeueAfter > 0 {
			c.queue.AddAfter(key, requeueAfter)
		}
	}
	return true
}
