package workflowops

import (
	"sort"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// family is a workflow's nodes with the node that encloses each: the Retry
// node of an attempt, the step group of a step, the task group of an
// expanded task, else the steps or DAG node that bounds it. The workflow's
// own node, exit handlers and hooks have no enclosing node.
type family struct {
	nodes map[string]v1alpha1.NodeStatus
	// parent is the ID of the node that encloses a node, "" for none.
	parent map[string]string
}

func newFamily(nodes map[string]v1alpha1.NodeStatus) *family {
	linkedFrom := map[string][]string{}
	for _, id := range sortedIDs(nodes) {
		for _, c := range nodes[id].Children {
			linkedFrom[c] = append(linkedFrom[c], id)
		}
	}
	f := &family{nodes: nodes, parent: make(map[string]string, len(nodes))}
	for id, n := range nodes {
		f.parent[id] = enclosing(n, nodes, linkedFrom[id])
	}
	return f
}

// enclosing is the ID of the node that encloses n, or "".
func enclosing(n v1alpha1.NodeStatus, nodes map[string]v1alpha1.NodeStatus, linkers []string) string {
	boundary := ""
	if _, ok := nodes[n.BoundaryID]; ok && n.BoundaryID != n.ID {
		boundary = n.BoundaryID
	}
	if n.Type == v1alpha1.NodeTypeStepGroup {
		return boundary
	}
	for _, id := range linkers {
		p := nodes[id]
		switch {
		case p.Type == v1alpha1.NodeTypeRetry && strings.HasPrefix(n.Name, p.Name+"("),
			p.Type == v1alpha1.NodeTypeStepGroup && p.BoundaryID == n.BoundaryID && strings.HasPrefix(n.Name, p.Name+"."),
			p.Type == v1alpha1.NodeTypeTaskGroup && p.BoundaryID == n.BoundaryID && strings.HasPrefix(n.Name, p.Name+"("):
			return id
		}
	}
	return boundary
}

// ancestors are the IDs of the nodes that enclose id, nearest first.
func (f *family) ancestors(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	for p := f.parent[id]; p != "" && !seen[p]; p = f.parent[p] {
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// downstream are the IDs of the nodes linked after id, transitively: what
// it encloses and what ran after it and may have used its outputs.
func (f *family) downstream(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	queue := append([]string(nil), f.nodes[id].Children...)
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if seen[c] {
			continue
		}
		seen[c] = true
		if n, ok := f.nodes[c]; ok {
			out = append(out, c)
			queue = append(queue, n.Children...)
		}
	}
	return out
}

// sortedIDs are the keys of nodes in order.
func sortedIDs(nodes map[string]v1alpha1.NodeStatus) []string {
	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
