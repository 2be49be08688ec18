package cron

import (
	"fmt"
	"maps"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

const (
	// LabelCronWorkflow is the label of the workflows a CronWorkflow
	// creates; its value is the CronWorkflow's name.
	LabelCronWorkflow = "weft.dev/cron-workflow"
	// AnnotationScheduledTime is the annotation of the workflows a
	// CronWorkflow creates: the time the run was scheduled for, in RFC 3339.
	AnnotationScheduledTime = engine.AnnotationScheduledTime
)

// cronWorkflowKind is the kind of the owner references of created workflows.
var cronWorkflowKind = v1alpha1.SchemeGroupVersion.WithKind("CronWorkflow")

// WorkflowName is the name of the workflow of the run scheduled at t.
func WorkflowName(c *v1alpha1.CronWorkflow, t time.Time) string {
	return fmt.Sprintf("%s-%d", c.Name, t.Unix())
}

// NewWorkflow is the workflow of the run scheduled at t: spec.workflowSpec
// with spec.workflowMetadata's labels and annotations, labelled and
// annotated for the CronWorkflow, which controls it. The CronWorkflow's own
// creator annotations are not copied: the apiserver records who creates
// every object, here the controller.
func NewWorkflow(c *v1alpha1.CronWorkflow, t time.Time) *v1alpha1.Workflow {
	labels := map[string]string{}
	annotations := map[string]string{}
	if md := c.Spec.WorkflowMetadata; md != nil {
		maps.Copy(labels, md.Labels)
		maps.Copy(annotations, md.Annotations)
	}
	for _, key := range []string{v1alpha1.AnnotationCreator, v1alpha1.AnnotationCreatorUID, v1alpha1.AnnotationCreatorGroups} {
		delete(annotations, key)
	}
	labels[LabelCronWorkflow] = c.Name
	annotations[AnnotationScheduledTime] = t.UTC().Format(time.RFC3339)
	return &v1alpha1.Workflow{
		ObjectMeta: metav1.ObjectMeta{
			Name:            WorkflowName(c, t),
			Namespace:       c.Namespace,
			Labels:          labels,
			Annotations:     annotations,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(c, cronWorkflowKind)},
		},
		Spec: *c.Spec.WorkflowSpec.DeepCopy(),
	}
}

// scheduledTime is when a workflow's run was scheduled: its annotation, or
// its creation when the annotation is missing or unreadable.
func scheduledTime(wf *v1alpha1.Workflow) time.Time {
	if t, err := time.Parse(time.RFC3339, wf.Annotations[AnnotationScheduledTime]); err == nil {
		return t
	}
	return wf.CreationTimestamp.Time
}
