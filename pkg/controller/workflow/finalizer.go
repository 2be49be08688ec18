package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// changeFinalizer adds or removes the workflow's artifact-gc finalizer with
// a JSON patch that first tests the list it read, so that a finalizer
// someone else added or removed meanwhile is never lost: the patch then
// fails, and the next sync decides again.
func (c *Controller) changeFinalizer(ctx context.Context, wf *v1alpha1.Workflow, change engine.FinalizerChange) error {
	had := wf.Finalizers
	var want []string
	switch change {
	case engine.FinalizerAdd:
		if slices.Contains(had, engine.ArtifactGCFinalizer) {
			return nil
		}
		want = append(slices.Clone(had), engine.ArtifactGCFinalizer)
	case engine.FinalizerRemove:
		if !slices.Contains(had, engine.ArtifactGCFinalizer) {
			return nil
		}
		want = slices.DeleteFunc(slices.Clone(had), func(f string) bool { return f == engine.ArtifactGCFinalizer })
	default:
		return nil
	}
	ops := []map[string]any{{"op": "add", "path": "/metadata/finalizers", "value": want}}
	if len(had) > 0 {
		ops = []map[string]any{
			{"op": "test", "path": "/metadata/finalizers", "value": had},
			{"op": "replace", "path": "/metadata/finalizers", "value": want},
		}
	}
	patch, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	_, err = c.weft.WeftV1alpha1().Workflows(wf.Namespace).Patch(ctx, wf.Name, types.JSONPatchType, patch, metav1.PatchOptions{FieldManager: FieldManager})
	if err != nil && !(change == engine.FinalizerRemove && apierrors.IsNotFound(err)) {
		return fmt.Errorf("%s the %s finalizer of the workflow: %w", finalizerVerb(change), engine.ArtifactGCFinalizer, err)
	}
	return nil
}

func finalizerVerb(change engine.FinalizerChange) string {
	if change == engine.FinalizerAdd {
		return "adding"
	}
	return "removing"
}
