package actions

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/cli/params"
	weftclient "github.com/weft-dev/weft/pkg/generated/clientset/versioned/typed/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/workflowops"
)

// ResubmitCreateError is the server's refusal to create the resubmitted
// workflow.
type ResubmitCreateError struct {
	// Name is the workflow resubmitted.
	Name string
	// Err is the server's answer.
	Err error
}

// Error names the workflow resubmitted and the server's answer.
func (e *ResubmitCreateError) Error() string {
	return fmt.Sprintf("resubmitting %s: %v", e.Name, e.Err)
}

// Unwrap is the server's answer.
func (e *ResubmitCreateError) Unwrap() error { return e.Err }

// Resubmit creates a new workflow from the named one's spec
// (workflowops.Resubmit) with the parameters ps set, and returns it.
func Resubmit(ctx context.Context, client weftclient.WorkflowInterface, name string, ps []params.Param) (*v1alpha1.Workflow, error) {
	old, err := client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	wf := workflowops.Resubmit(old)
	params.Apply(&wf.Spec.Arguments, ps)
	created, err := client.Create(ctx, wf, metav1.CreateOptions{})
	if err != nil {
		return nil, &ResubmitCreateError{Name: name, Err: err}
	}
	return created, nil
}
