package printer

import (
	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine"
)

// The pieces of the tree's left margin: a parallel group opens with "·-"
// on its first row ("--" when it has one member), every other child hangs
// on "├-" or, the last, "└-"; "│ " carries a line past nested rows.
const (
	branchMiddle   = "├-"
	branchLast     = "└-"
	groupFirst     = "·-"
	groupAlone     = "--"
	carryLine      = "│ "
	carryNone      = "  "
	rootMargin     = " "
	glyphSeparator = " "
)

// treeWriter adds the rows of a node tree to a table.
type treeWriter struct {
	wf    *v1alpha1.Workflow
	opts  Options
	table *table
}

// columns are the titles of the tree's columns.
func (tw *treeWriter) columns() []string {
	if tw.opts.Wide {
		return []string{"STEP", "TEMPLATE", "PODNAME", "DURATION", "ID", "HOST", "MESSAGE"}
	}
	return []string{"STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE"}
}

// write adds the column titles and every root's tree, an empty row between
// two roots.
func (tw *treeWriter) write(roots []*treeNode) {
	tw.table.addPlain(tw.columns()...)
	for i, r := range roots {
		if i > 0 {
			tw.table.blank()
		}
		tw.node(r, rootMargin, rootMargin)
	}
}

// node adds the rows of t, whose own row starts with margin and whose
// descendants' rows start with carry.
func (tw *treeWriter) node(t *treeNode, margin, carry string) {
	if t.group {
		tw.group(t, margin, carry)
		return
	}
	tw.row(t.status, margin)
	for i, c := range t.children {
		if i == len(t.children)-1 {
			tw.node(c, carry+branchLast, carry+carryNone)
		} else {
			tw.node(c, carry+branchMiddle, carry+carryLine)
		}
	}
}

// group adds the rows of a group's members: the first on the group's own
// row, the others below it.
func (tw *treeWriter) group(t *treeNode, margin, carry string) {
	last := len(t.children) - 1
	for i, c := range t.children {
		next := carry + carryLine
		if i == last {
			next = carry + carryNone
		}
		switch {
		case i == 0 && last == 0:
			tw.node(c, margin+groupAlone, next)
		case i == 0:
			tw.node(c, margin+groupFirst, next)
		case i == last:
			tw.node(c, carry+branchLast, next)
		default:
			tw.node(c, carry+branchMiddle, next)
		}
	}
}

// row adds one node's row.
func (tw *treeWriter) row(n *v1alpha1.NodeStatus, margin string) {
	glyph, c := nodeGlyph(tw.wf, n)
	name := n.DisplayName
	if name == "" {
		name = n.Name
	}
	step := cell{
		text:    margin + glyph + glyphSeparator + name,
		printed: margin + tw.opts.Style.paint(c, glyph) + glyphSeparator + name,
	}
	cells := []cell{step, plainCell(templateOf(n)), plainCell(PodNameOf(tw.wf.Name, n)), plainCell(tw.duration(n))}
	if tw.opts.Wide {
		cells = append(cells, plainCell(n.ID), plainCell(n.HostNodeName))
	}
	tw.table.add(append(cells, plainCell(n.Message))...)
}

// templateOf is the template a node runs: "<template>" or, for a
// referenced one, "<workflow template>/<template>".
func templateOf(n *v1alpha1.NodeStatus) string {
	if r := n.TemplateRef; r != nil {
		return r.Name + "/" + r.Template
	}
	return n.TemplateName
}

// PodNameOf is the name of a pod node's pod in the named workflow, "" for
// other nodes: what weft get shows and what the UI looks pods up by.
func PodNameOf(workflow string, n *v1alpha1.NodeStatus) string {
	if n.Type != v1alpha1.NodeTypePod {
		return ""
	}
	return engine.PodName(workflow, n.Name, n.TemplateName)
}

// duration is how long a node that does the work itself (a pod, a
// suspension, a request) has run; "" for nodes that only hold others.
func (tw *treeWriter) duration(n *v1alpha1.NodeStatus) string {
	switch n.Type {
	case v1alpha1.NodeTypePod, v1alpha1.NodeTypeContainer, v1alpha1.NodeTypeSuspend, v1alpha1.NodeTypeHTTP, v1alpha1.NodeTypePlugin:
	default:
		return ""
	}
	d, ok := runTime(n.StartedAt.Time, n.FinishedAt.Time, tw.opts.Now)
	if !ok {
		return ""
	}
	return Duration(d)
}
