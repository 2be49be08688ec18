package printer

import (
	"sort"
	"strconv"
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// treeNode is a node of the tree `get` prints. A group (a step group or a
// DAG task group) has no row of its own: its children are drawn as one
// parallel group under the group's parent.
type treeNode struct {
	status   *v1alpha1.NodeStatus
	group    bool
	children []*treeNode
}

// buildTree arranges a workflow's nodes as Argo draws them: the steps of a
// step group under the group, step groups and DAG tasks under the Steps or
// DAG node that bounds them, attempts under their Retry node. It returns
// the roots: the workflow's own node first, then the other unbounded nodes
// (exit handlers, hooks) in the order they started.
func buildTree(workflow string, nodes map[string]v1alpha1.NodeStatus) []*treeNode {
	index := make(map[string]*treeNode, len(nodes))
	for id := range nodes {
		n := nodes[id]
		index[id] = &treeNode{status: &n, group: n.Type == v1alpha1.NodeTypeStepGroup || n.Type == v1alpha1.NodeTypeTaskGroup}
	}
	linkedFrom := map[string][]*treeNode{}
	for _, t := range index {
		for _, c := range t.status.Children {
			linkedFrom[c] = append(linkedFrom[c], t)
		}
	}
	var roots []*treeNode
	for _, t := range index {
		if p := displayParent(t, index, linkedFrom); p != nil {
			p.children = append(p.children, t)
		} else {
			roots = append(roots, t)
		}
	}
	for _, t := range index {
		sortChildren(t)
	}
	sort.SliceStable(roots, func(i, j int) bool {
		a, b := roots[i].status, roots[j].status
		if (a.ID == workflow) != (b.ID == workflow) {
			return a.ID == workflow
		}
		return startedBefore(a, b)
	})
	return roots
}

// displayParent is the node a node is drawn under, or nil for a root.
func displayParent(t *treeNode, index map[string]*treeNode, linkedFrom map[string][]*treeNode) *treeNode {
	n := t.status
	boundary := index[n.BoundaryID]
	if n.Type == v1alpha1.NodeTypeStepGroup {
		return boundary
	}
	for _, p := range linkedFrom[n.ID] {
		if p.status.Type == v1alpha1.NodeTypeRetry && strings.HasPrefix(n.Name, p.status.Name+"(") {
			return p
		}
	}
	for _, p := range linkedFrom[n.ID] {
		if !p.group || p.status.BoundaryID != n.BoundaryID {
			continue
		}
		if p.status.Type == v1alpha1.NodeTypeStepGroup && strings.HasPrefix(n.Name, p.status.Name+".") ||
			p.status.Type == v1alpha1.NodeTypeTaskGroup && strings.HasPrefix(n.Name, p.status.Name+"(") {
			return p
		}
	}
	if boundary == t {
		return nil
	}
	return boundary
}

// sortChildren orders a node's children: the steps of a group and the
// attempts of a retry as the node links them, step groups by their index,
// anything else (DAG tasks) by start time, then name.
func sortChildren(t *treeNode) {
	position := make(map[string]int, len(t.status.Children))
	for i, id := range t.status.Children {
		position[id] = i
	}
	linkedOrder := t.group || t.status.Type == v1alpha1.NodeTypeRetry
	sort.SliceStable(t.children, func(i, j int) bool {
		a, b := t.children[i].status, t.children[j].status
		if linkedOrder {
			pa, okA := position[a.ID]
			pb, okB := position[b.ID]
			if okA && okB {
				return pa < pb
			}
			if okA != okB {
				return okA
			}
		}
		ga, okA := groupIndex(a)
		gb, okB := groupIndex(b)
		if okA && okB && ga != gb {
			return ga < gb
		}
		return startedBefore(a, b)
	})
}

// groupIndex is i for the step group "<steps>[i]".
func groupIndex(n *v1alpha1.NodeStatus) (int, bool) {
	if n.Type != v1alpha1.NodeTypeStepGroup || !strings.HasSuffix(n.Name, "]") {
		return 0, false
	}
	open := strings.LastIndex(n.Name, "[")
	if open < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(n.Name[open+1 : len(n.Name)-1])
	return i, err == nil
}

// startedBefore orders nodes by start time, then name.
func startedBefore(a, b *v1alpha1.NodeStatus) bool {
	if !a.StartedAt.Equal(&b.StartedAt) {
		return a.StartedAt.Before(&b.StartedAt)
	}
	return a.Name < b.Name
}

// prune keeps the nodes keep accepts, each drawn under its nearest kept
// ancestor; groups stay as long as they keep a child.
func prune(trees []*treeNode, keep func(*v1alpha1.NodeStatus) bool) []*treeNode {
	var out []*treeNode
	for _, t := range trees {
		kids := prune(t.children, keep)
		switch {
		case t.group && len(kids) > 0, !t.group && keep(t.status):
			out = append(out, &treeNode{status: t.status, group: t.group, children: kids})
		default:
			out = append(out, kids...)
		}
	}
	return out
}
