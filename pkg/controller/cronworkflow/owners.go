package cronworkflow

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// enqueueOwner queues the CronWorkflow that controls a workflow, if one does.
func (c *Controller) enqueueOwner(obj interface{}) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	wf, ok := obj.(*v1alpha1.Workflow)
	if !ok {
		return
	}
	owner := metav1.GetControllerOf(wf)
	if owner == nil || owner.Kind != "CronWorkflow" || owner.APIVersion != v1alpha1.SchemeGroupVersion.String() {
		return
	}
	c.queue.Add(wf.Namespace + "/" + owner.Name)
}

// workflowUpdated queues the owner of a workflow whose phase changed: the
// only change of a workflow a CronWorkflow acts on.
func (c *Controller) workflowUpdated(oldObj, newObj interface{}) {
	old, okOld := oldObj.(*v1alpha1.Workflow)
	updated, okNew := newObj.(*v1alpha1.Workflow)
	if okOld && okNew && old.Status.Phase == updated.Status.Phase {
		return
	}
	c.enqueueOwner(newObj)
}
