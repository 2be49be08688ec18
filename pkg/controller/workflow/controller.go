// Package workflow is the workflow controller: it watches Workflows and the
// pods they own, asks the engine what to do next, and carries that out —
// pods created, events recorded, status written through the
// status subresource.
package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/controller/metrics"
	"github.com/weft-dev/weft/pkg/engine"
	"github.com/weft-dev/weft/pkg/engine/podspec"
	"github.com/weft-dev/weft/pkg/generated/clientset/versioned"
	weftinformers "github.com/weft-dev/weft/pkg/generated/informers/externalversions/weft/v1alpha1"
	weftlisters "github.com/weft-dev/weft/pkg/generated/listers/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/imageconfig"
	"github.com/weft-dev/weft/pkg/statusnodes"
)

// Controller runs workflows.
type Controller struct {
	kube      kubernetes.Interface
	weft      versioned.Interface
	workflows weftlisters.WorkflowLister
	pods      corelisters.PodLister
	// podIndex is the pod informer's indexer, with podsByWorkflow.
	podIndex cache.Indexer
	// podWrites bounds the pod creations and deletions in flight.
	podWrites inFlightLimit
	// podClients gives the client that writes a workflow's pods and volume
	// claims: the controller's own, or its creator's (WritePodsAsCreators).
	podClients func(*v1alpha1.Workflow) (corev1client.CoreV1Interface, error)
	synced     []cache.InformerSynced
	queue      workqueue.TypedRateLimitingInterface[string]
	recorder   record.EventRecorder
	metrics    *metrics.Metrics
	engine     engine.Config
	logs       *logReader
	failures   *createFailures
	templates  templateStore
	// coord shares locks and memoization caches through ConfigMaps; nil
	// (none shared) until UseConfigMaps.
	coord     *coordinator
	resources *resourceRunner
	// images reads the entrypoints of images; nil until UseImageConfigs.
	images *imageconfig.Resolver
	// repositories finds each workflow's artifact repository.
	repositories artifactRepositories
	// written holds the workflows last written, newer than the informer's until it catches up.
	written *writtenWorkflows
	now     func() time.Time
}

// New returns a controller fed by the given informers. The pod informer
// should select only workflow pods (podspec.LabelWorkflow exists).
func New(kube kubernetes.Interface, weft versioned.Interface, informers weftinformers.Interface, pods coreinformers.PodInformer,
	recorder record.EventRecorder, m *metrics.Metrics, cfg engine.Config) (*Controller, error) {
	workflows := informers.Workflows()
	c := &Controller{
		kube:      kube,
		weft:      weft,
		workflows: workflows.Lister(),
		pods:      pods.Lister(),
		podIndex:  pods.Informer().GetIndexer(),
		podWrites: newInFlightLimit(DefaultPodWriteConcurrency),
		written:   newWrittenWorkflows(),
		synced: []cache.InformerSynced{workflows.Informer().HasSynced, pods.Informer().HasSynced,
			informers.WorkflowTemplates().Informer().HasSynced, informers.ClusterWorkflowTemplates().Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[string](),
			workqueue.TypedRateLimitingQueueConfig[string]{Name: "workflows", MetricsProvider: m.QueueMetrics()}),
		recorder: recorder,
		metrics:  m,
		engine:   cfg,
		logs:     newLogReader(kube),
		failures: newCreateFailures(),
		templates: templateStore{
			templates:        informers.WorkflowTemplates().Lister(),
			clusterTemplates: informers.ClusterWorkflowTemplates().Lister(),
		},
		resources: newResourceRunner(nil, nil),
		now:       time.Now,
	}
	c.podClients = c.ownRights
	if err := pods.Informer().AddIndexers(cache.Indexers{podsByWorkflow: workflowOfPod}); err != nil {
		return nil, fmt.Errorf("indexing pods by workflow: %w", err)
	}
	if _, err := workflows.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, obj interface{}) { c.enqueue(obj) },
		DeleteFunc: c.enqueue,
	}); err != nil {
		return nil, err
	}
	if _, err := pods.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueOwner,
		UpdateFunc: func(_, obj interface{}) { c.enqueueOwner(obj) },
		DeleteFunc: c.podDeleted,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// WorkflowsByPhase counts the workflows in the informer cache by phase, for metrics.
func WorkflowsByPhase(lister weftlisters.WorkflowLister) func() map[string]int {
	return func() map[string]int {
		counts := map[string]int{}
		workflows, err := lister.List(labels.Everything())
		if err != nil {
			return counts
		}
		for _, wf := range workflows {
			phase := string(wf.Status.Phase)
			if phase == "" {
				phase = "Unknown"
			}
			counts[phase]++
		}
		return counts
	}
}

func (c *Controller) enqueue(obj interface{}) {
	key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	c.queue.Add(key)
}

// enqueueOwner queues the workflow a pod belongs to.
func (c *Controller) enqueueOwner(obj interface{}) {
	if pod := asPod(obj); pod != nil && pod.Labels[podspec.LabelWorkflow] != "" {
		c.queue.Add(pod.Namespace + "/" + pod.Labels[podspec.LabelWorkflow])
	}
}

// podDeleted forgets what was read of a pod and queues its workflow, whose
// node learns the pod is gone.
func (c *Controller) podDeleted(obj interface{}) {
	if pod := asPod(obj); pod != nil {
		c.logs.drop(pod.UID)
	}
	c.enqueueOwner(obj)
}

func asPod(obj interface{}) *corev1.Pod {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	pod, _ := obj.(*corev1.Pod)
	return pod
}

// Run processes workflows with the given number of workers until ctx is done.
func (c *Controller) Run(ctx context.Context, workers int) error {
	defer utilruntime.HandleCrash()
	defer c.queue.ShutDown()
	logger := klog.FromContext(ctx)
	logger.Info("Waiting for informer caches to sync")
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		return errors.New("informer caches did not sync")
	}
	if err := c.coord.rebuild(c.workflows); err != nil {
		return fmt.Errorf("rebuilding the locks workflows hold: %w", err)
	}
	logger.Info("Running workflows", "workers", workers)
	for i := 0; i < workers; i++ {
		go wait.UntilWithContext(ctx, c.work, time.Second)
	}
	<-ctx.Done()
	logger.Info("Shutting down: no new work is taken; running pods go on")
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
	started := time.Now()
	requeueAfter, err := c.sync(ctx, key)
	switch {
	case apierrors.IsConflict(err):
		c.metrics.StatusConflicts.Inc()
		c.metrics.ReconcileDuration.WithLabelValues("conflict").Observe(time.Since(started).Seconds())
		c.queue.AddRateLimited(key)
	case err != nil:
		c.metrics.ReconcileDuration.WithLabelValues("error").Observe(time.Since(started).Seconds())
		klog.FromContext(ctx).Error(err, "Syncing workflow failed; will retry", "workflow", key)
		c.queue.AddRateLimited(key)
	default:
		c.metrics.ReconcileDuration.WithLabelValues("success").Observe(time.Since(started).Seconds())
		c.queue.Forget(key)
		if requeueAfter > 0 {
			c.queue.AddAfter(key, requeueAfter)
		}
	}
	return true
}

// sync brings one workflow a step further: observe, decide, act, write status.
func (c *Controller) sync(ctx context.Context, key string) (time.Duration, error) {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return 0, nil
	}
	wf, err := c.workflows.Workflows(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		c.written.forget(key)
		c.failures.forget(key)
		c.coord.forget(namespace, name)
		c.resources.forget(key)
		return 0, nil // deleted: its pods go with it through their ownerReferences
	}
	if err != nil {
		return 0, err
	}
	wf = c.written.newest(key, wf)
	if wf, err = statusnodes.UnpackWorkflow(wf); err != nil {
		return 0, fmt.Errorf("reading the nodes of workflow %s: %w", key, err)
	}
	if wf.DeletionTimestamp != nil {
		c.coord.forget(namespace, name)
		if !slices.Contains(wf.Finalizers, engine.ArtifactGCFinalizer) {
			return 0, nil
		}
	}
	pods, err := c.podsOf(namespace + "/" + name)
	if err != nil {
		return 0, err
	}
	observed := make([]engine.PodObservation, 0, len(pods))
	for _, pod := range pods {
		if !belongsTo(pod, wf) {
			continue
		}
		observed = append(observed, c.observe(ctx, pod))
	}
	observed = append(observed, c.failures.observations(key, pods)...)

	run, err := c.withReferences(wf)
	var missingTemplate missingTemplateError
	if errors.As(err, &missingTemplate) {
		return 0, c.failToStart(ctx, wf, missingTemplate.message)
	}
	if err != nil {
		return 0, err
	}
	decision := engine.Reconcile(run, engine.Observed{Pods: observed, Resources: c.resources.observations(wf),
		Locks: c.coord.lockManager(), Memo: c.coord.memoCache(), Images: c.imageLookups(namespace, key), ArtifactRepository: c.repositories.resolve(wf), ConfigMaps: c.configMapReader(ctx)}, c.now(), c.engine)

	if err := c.carryOut(ctx, key, wf, decision); err != nil {
		// The status is not written: the next sync decides again from what exists.
		return 0, err
	}
	// Cache entries are written before the status that reports their nodes' success.
	c.coord.writeMemos(ctx, c.recorder, wf, decision.MemoWrites)
	if !equality.Semantic.DeepEqual(wf.Status, decision.Status) {
		// Nodes whose JSON would take megabytes go into compressedNodes;
		// and a shallow copy, not a deep one of a status it replaces, which
		// may hold tens of thousands of nodes: the client only encodes it.
		status, err := statusnodes.Pack(decision.Status)
		if err != nil {
			return 0, err
		}
		updated := &v1alpha1.Workflow{TypeMeta: wf.TypeMeta, ObjectMeta: wf.ObjectMeta, Spec: wf.Spec, Status: status}
		written, err := c.weft.WeftV1alpha1().Workflows(namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{FieldManager: FieldManager})
		if err != nil {
			return 0, err
		}
		c.written.remember(key, written)
	}
	// After the status write, which carries the resourceVersion this patch would change.
	if !decision.Metadata.Empty() {
		if err := c.addMetadata(ctx, wf, decision.Metadata); err != nil {
			return 0, err
		}
	}
	if err := c.changeFinalizer(ctx, wf, decision.Finalizer); err != nil {
		return 0, err
	}
	// Events follow the write, so that they never announce a state that was lost to a conflict.
	for _, event := range decision.Events {
		c.recorder.Event(wf, event.Type, event.Reason, event.Message)
	}
	if decision.DeleteWorkflow {
		uid := wf.UID
		err := c.weft.WeftV1alpha1().Workflows(namespace).Delete(ctx, name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid}})
		return 0, gone(err, "deleting workflow past its ttlStrategy")
	}
	requeue, changed := c.resources.run(ctx, wf, decision.Resources)
	if changed {
		c.queue.Add(key) // the next Reconcile sees how the resource templates went
	}
	return soonest(decision.RequeueAfter, requeue), nil
}

// withReferences returns wf with the templates it refers to stored in its
// status, copying it only when something may be stored. A finished workflow
// needs nothing more: it is left as it ended; nor does one being deleted,
// whose artifact garbage collection reads only what its status recorded.
//
// The copy is shallow but for the two fields storeReferences writes, so
// that a sync does not copy every node of a large status: StoredTemplates
// gets its own map, and StoredWorkflowTemplateSpec is only ever replaced.
// Like the cached workflow itself, the copy is never changed afterwards.
func (c *Controller) withReferences(wf *v1alpha1.Workflow) (*v1alpha1.Workflow, error) {
	if !refersToTemplates(wf) || workflowFinished(wf) || wf.DeletionTimestamp != nil {
		return wf, nil
	}
	run := *wf
	run.Status.StoredTemplates = maps.Clone(wf.Status.StoredTemplates)
	return &run, c.templates.storeReferences(&run, &run.Status)
}

// failToStart ends a workflow that cannot run, before any node.
func (c *Controller) failToStart(ctx context.Context, wf *v1alpha1.Workflow, message string) error {
	if wf.Status.Phase != "" && wf.Status.Phase != v1alpha1.WorkflowPending {
		return errors.New(message)
	}
	failed := wf.DeepCopy()
	now := metav1.NewTime(c.now())
	failed.Status.Phase, failed.Status.Message = v1alpha1.WorkflowError, message
	failed.Status.StartedAt, failed.Status.FinishedAt = now, now
	if _, err := c.weft.WeftV1alpha1().Workflows(wf.Namespace).UpdateStatus(ctx, failed, metav1.UpdateOptions{FieldManager: FieldManager}); err != nil {
		return err
	}
	c.recorder.Event(wf, corev1.EventTypeWarning, "WorkflowFailed", message)
	return nil
}

func workflowFinished(wf *v1alpha1.Workflow) bool {
	switch wf.Status.Phase {
	case v1alpha1.WorkflowSucceeded, v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return true
	}
	return false
}

// refersToTemplates says whether wf uses a workflowTemplateRef or templateRef.
func refersToTemplates(wf *v1alpha1.Workflow) bool {
	return wf.Spec.WorkflowTemplateRef != nil || len(templateRefs(wf.Spec.Templates)) > 0
}

// FieldManager is the manager name of the controller's status writes.
const FieldManager = "weft-controller"

func (c *Controller) createPod(ctx context.Context, client corev1client.CoreV1Interface, wf *v1alpha1.Workflow, pod *corev1.Pod) error {
	_, err := client.Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{FieldManager: FieldManager})
	switch {
	case err == nil:
		c.metrics.PodsCreated.Inc()
		return nil
	case apierrors.IsAlreadyExists(err):
		return nil // created by an earlier sync whose status write was lost: same node, same name
	default:
		c.metrics.PodCreateFailures.Inc()
		c.recorder.Eventf(wf, corev1.EventTypeWarning, "PodCreateFailed", "creating pod %s: %v", pod.Name, err)
		return fmt.Errorf("creating pod %s: %w", pod.Name, err)
	}
}

// carryOut does what a decision asks of the cluster before its status is
// written: the claims first, for the pods that mount them, then the pods,
// then the deletions, once every creation has returned; all with the
// client podClients gives, whose rights are the workflow creator's when the
// controller impersonates creators.
//
// The pods of one decision are created concurrently, in no order, with at
// most c.podWrites requests in flight across all workers; so are the pods
// it deletes. The engine relies on no order among them: a pod that needs
// another (a step after the one it depends on, a step reading a daemon's
// IP) is only decided by a later sync, once the pod it waits for has been
// observed. Each pod's name is fixed by its node, so a pod that a sync
// created before its status write was lost is found again (AlreadyExists)
// rather than made twice, and the workqueue never syncs one workflow on two
// workers at once.
func (c *Controller) carryOut(ctx context.Context, key string, wf *v1alpha1.Workflow, decision engine.Decision) error {
	client, err := c.podClients(wf)
	if err != nil {
		// No pod of this workflow can be written: each one it asks for
		// fails its node, on the next sync, saying why.
		for _, pod := range decision.CreatePods {
			c.failures.record(key, pod, err)
		}
		if len(decision.CreatePods) > 0 {
			c.queue.Add(key)
		}
		return nil
	}
	for _, claim := range decision.CreateClaims {
		if err := c.createClaim(ctx, client, wf, claim); err != nil {
			return err
		}
	}
	errs := c.podWrites.each(ctx, len(decision.CreatePods), func(i int) error {
		pod := decision.CreatePods[i]
		err := c.createPod(ctx, client, wf, pod)
		if err != nil && refused(err) {
			// The API will refuse this pod however often it is asked:
			// its node fails, on the next sync, with the API's reason.
			c.failures.record(key, pod, err)
			c.queue.Add(key)
			return nil
		}
		return err
	})
	for _, name := range decision.DeleteClaims {
		err := client.PersistentVolumeClaims(wf.Namespace).Delete(ctx, name, metav1.DeleteOptions{})
		errs = errors.Join(errs, gone(err, "deleting volume claim "+name))
	}
	return errors.Join(errs, c.podWrites.each(ctx, len(decision.DeletePods), func(i int) error {
		name := decision.DeletePods[i]
		return gone(client.Pods(wf.Namespace).Delete(ctx, name, metav1.DeleteOptions{}), "deleting pod "+name)
	}))
}

// gone takes the deletion of an object that no longer exists as done, and
// says what failed otherwise.
func gone(err error, what string) error {
	if err == nil || apierrors.IsNotFound(err) {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// addMetadata adds labels and annotations from spec.workflowMetadata to the
// workflow, with a merge patch that leaves its other keys alone.
func (c *Controller) addMetadata(ctx context.Context, wf *v1alpha1.Workflow, change engine.MetadataChange) error {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"labels": change.Labels, "annotations": change.Annotations}})
	if err != nil {
		return err
	}
	if _, err := c.weft.WeftV1alpha1().Workflows(wf.Namespace).Patch(ctx, wf.Name, types.MergePatchType, patch, metav1.PatchOptions{FieldManager: FieldManager}); err != nil {
		return fmt.Errorf("adding spec.workflowMetadata to the workflow: %w", err)
	}
	return nil
}

// createClaim creates a volume claim of the workflow; one that exists is fine.
func (c *Controller) createClaim(ctx context.Context, client corev1client.CoreV1Interface, wf *v1alpha1.Workflow, claim *corev1.PersistentVolumeClaim) error {
	_, err := client.PersistentVolumeClaims(claim.Namespace).Create(ctx, claim, metav1.CreateOptions{FieldManager: FieldManager})
	if err == nil || apierrors.IsAlreadyExists(err) {
		return nil
	}
	c.recorder.Eventf(wf, corev1.EventTypeWarning, "VolumeClaimCreateFailed", "creating volume claim %s: %v", claim.Name, err)
	return fmt.Errorf("creating volume claim %s: %w", claim.Name, err)
}
