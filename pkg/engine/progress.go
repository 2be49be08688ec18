package engine

import (
	"strconv"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// progress is "N/M": N of M pods succeeded.
type progress struct{ done, total int }

// String is the "N/M" form.
func (p progress) String() string { return string(p.appendTo(nil)) }

// appendTo appends the "N/M" form to b.
func (p progress) appendTo(b []byte) []byte {
	b = strconv.AppendInt(b, int64(p.done), 10)
	b = append(b, '/')
	return strconv.AppendInt(b, int64(p.total), 10)
}

func (p progress) add(q progress) progress { return progress{p.done + q.done, p.total + q.total} }

// updateProgress sets every node's progress, counting the pods below it, and
// the workflow's, counting all its pods. A steps or DAG node counts the pods
// inside its boundary; a step group or task group the pods of its steps or
// tasks.
func (o *operation) updateProgress() {
	within := map[*v1alpha1.NodeStatus]progress{}
	// boundaries are the few nodes that hold others, looked up here rather
	// than among all nodes for each pod.
	boundaries := map[string]*v1alpha1.NodeStatus{}
	total := progress{}
	for _, n := range o.nodes {
		if n.Type != v1alpha1.NodeTypePod {
			continue
		}
		p := podProgress(n)
		total = total.add(p)
		seen := 0
		for b := n.BoundaryID; b != "" && seen <= len(o.nodes); seen++ {
			bn, ok := boundaries[b]
			if !ok {
				bn = o.nodes[b]
				boundaries[b] = bn
			}
			if bn == nil {
				break
			}
			within[bn] = within[bn].add(p)
			b = bn.BoundaryID
		}
	}
	var nodeProgress func(n *v1alpha1.NodeStatus) progress
	nodeProgress = func(n *v1alpha1.NodeStatus) progress {
		switch n.Type {
		case v1alpha1.NodeTypePod:
			return podProgress(n)
		case v1alpha1.NodeTypeStepGroup, v1alpha1.NodeTypeTaskGroup:
			sum := progress{}
			for _, id := range n.Children {
				c := o.nodes[id]
				if c == nil || c.BoundaryID != n.BoundaryID || c.Type == v1alpha1.NodeTypeStepGroup {
					continue
				}
				sum = sum.add(nodeProgress(c))
			}
			return sum
		}
		return within[n]
	}
	var buf [24]byte
	for _, n := range o.nodes {
		if text := nodeProgress(n).appendTo(buf[:0]); n.Progress != string(text) {
			n.Progress = string(text)
		}
	}
	o.status.Progress = total.String()
}

func podProgress(n *v1alpha1.NodeStatus) progress {
	if n.Phase == v1alpha1.NodeSucceeded {
		return progress{1, 1}
	}
	return progress{0, 1}
}
