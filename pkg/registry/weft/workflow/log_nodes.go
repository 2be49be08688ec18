package workflow

import (
	"fmt"

	"github.com/weft-dev/weft/pkg/apis/weft"
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
)

// withNodes returns wf with all its nodes in status.nodes: wf itself, or,
// when the controller packed them into status.compressedNodes (workflows of
// thousands of nodes), a copy with them unpacked. The log reader names and
// orders pods by their nodes. wf may be the watch cache's, so it is not
// changed.
func withNodes(wf *weft.Workflow) (*weft.Workflow, error) {
	if wf.Status.CompressedNodes == "" {
		return wf, nil
	}
	var packed v1alpha1.WorkflowStatus
	if err := v1alpha1.Convert_weft_WorkflowStatus_To_v1alpha1_WorkflowStatus(&wf.Status, &packed, nil); err != nil {
		return nil, fmt.Errorf("reading the status of workflow %q: %w", wf.Name, err)
	}
	unpacked, err := statusnodes.Unpack(packed)
	if err != nil {
		return nil, fmt.Errorf("reading the nodes of workflow %q: %w", wf.Name, err)
	}
	withUnpacked := *wf
	withUnpacked.Status = weft.WorkflowStatus{}
	if err := v1alpha1.Convert_v1alpha1_WorkflowStatus_To_weft_WorkflowStatus(&unpacked, &withUnpacked.Status, nil); err != nil {
		return nil, fmt.Errorf("reading the status of workflow %q: %w", wf.Name, err)
	}
	return &withUnpacked, nil
}
