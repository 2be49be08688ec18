package actions

import (
	"context"
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/printer"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
)

// Suspend sets spec.suspend of the named workflow, which must not have
// finished: no new steps start until it is resumed.
func Suspend(ctx context.Context, client weftclient.WorkflowInterface, name string) (*v1alpha1.Workflow, error) {
	return patchRunning(ctx, client, name, "suspend", map[string]any{"suspend": true})
}

// Stop sets spec.shutdown to Stop: no new steps start, running ones
// finish, exit handlers run.
func Stop(ctx context.Context, client weftclient.WorkflowInterface, name string) (*v1alpha1.Workflow, error) {
	return patchRunning(ctx, client, name, "stop", map[string]any{"shutdown": v1alpha1.ShutdownStop})
}

// Terminate sets spec.shutdown to Terminate: running pods are killed and
// exit handlers skipped.
func Terminate(ctx context.Context, client weftclient.WorkflowInterface, name string) (*v1alpha1.Workflow, error) {
	return patchRunning(ctx, client, name, "terminate", map[string]any{"shutdown": v1alpha1.ShutdownTerminate})
}

// Delete deletes the named workflow; its pods go with it.
func Delete(ctx context.Context, client weftclient.WorkflowInterface, name string) error {
	return client.Delete(ctx, name, metav1.DeleteOptions{})
}

// patchRunning reads the named workflow and, when it has not finished,
// merge-patches its spec; verb names the action in the refusal.
func patchRunning(ctx context.Context, client weftclient.WorkflowInterface, name, verb string, spec map[string]any) (*v1alpha1.Workflow, error) {
	if _, err := running(ctx, client, name, verb); err != nil {
		return nil, err
	}
	return patchSpec(ctx, client, name, spec)
}

// running gets the named workflow and refuses one that has finished, which
// no lifecycle action but retry and resubmit acts on.
func running(ctx context.Context, client weftclient.WorkflowInterface, name, verb string) (*v1alpha1.Workflow, error) {
	wf, err := client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	if printer.Finished(wf) {
		return nil, refused(fmt.Errorf("cannot %s workflow %s: it has already ended %s (weft retry or weft resubmit run it again)", verb, name, wf.Status.Phase))
	}
	return wf, nil
}

// patchSpec merge-patches the spec of the named workflow.
func patchSpec(ctx context.Context, client weftclient.WorkflowInterface, name string, spec map[string]any) (*v1alpha1.Workflow, error) {
	patch, err := json.Marshal(map[string]any{"spec": spec})
	if err != nil {
		return nil, err
	}
	return client.Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
}

// guarded adds metadata.resourceVersion to a JSON merge patch, so that the
// server rejects it with a conflict if the object changed since it was read.
func guarded(patch []byte, resourceVersion string) ([]byte, error) {
	var obj map[string]any
	if err := json.Unmarshal(patch, &obj); err != nil {
		return nil, err
	}
	obj["metadata"] = map[string]any{"resourceVersion": resourceVersion}
	return json.Marshal(obj)
}
