package printer

import (
	"fmt"
	"io"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/statusnodes"
)

// PrintWorkflow prints what `weft get` shows of a workflow: the header, then,
// unless o.HeaderOnly, an empty line and the node tree with the nodes that
// o.Nodes selects.
func PrintWorkflow(w io.Writer, wf *v1alpha1.Workflow, o Options) error {
	wf, err := statusnodes.UnpackWorkflow(wf)
	if err != nil {
		return fmt.Errorf("workflow %s: %w", wf.Name, err)
	}
	if err := writeHeader(w, wf, o); err != nil {
		return err
	}
	if o.HeaderOnly || len(wf.Status.Nodes) == 0 {
		return nil
	}
	roots := buildTree(wf.Name, wf.Status.Nodes)
	if !o.Nodes.Empty() {
		roots = prune(roots, func(n *v1alpha1.NodeStatus) bool { return o.Nodes.Matches(wf.Name, n) })
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	tw := &treeWriter{wf: wf, opts: o, table: &table{}}
	tw.write(roots)
	return tw.table.write(w)
}
