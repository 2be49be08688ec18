package printer

import (
	"strings"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
)

// Style says whether output is decorated with ANSI colors: only on a
// terminal, and never when NO_COLOR is set (the caller decides).
type Style struct {
	// Color turns ANSI colors on.
	Color bool
}

// color is an ANSI SGR color code.
type color string

const (
	plain  color = ""
	red    color = "31"
	green  color = "32"
	yellow color = "33"
	cyan   color = "36"
	gray   color = "90"
)

// paint wraps text in the color's escape sequence when colors are on.
func (s Style) paint(c color, text string) string {
	if !s.Color || c == plain || text == "" {
		return text
	}
	return "\x1b[" + string(c) + "m" + text + "\x1b[0m"
}

// The glyphs of nodes: those of phases as Argo shows them, and Weft's own
// for nodes stopped or suspended and for retries.
const (
	glyphSucceeded = "✔"
	glyphFailed    = "✖"
	glyphError     = "⚠"
	glyphActive    = "◷"
	glyphSkipped   = "○"
	glyphSuspended = "⏸"
	glyphStopped   = "⏹"
	glyphRetry     = "↻"
)

// stoppedPrefix starts the message of a node the engine ended because its
// workflow was stopped or terminated: "Stopped with strategy 'Stop'".
const stoppedPrefix = "Stopped with strategy '"

// deadlineText is in the message of a node the engine ended because a
// deadline passed (the workflow's or the template's).
const deadlineText = "exceeded its deadline"

// nodeGlyph is the glyph and color of node n of wf: ↻ for a Retry node,
// ⏸ for a suspend step that waits, or the workflow's own node while
// spec.suspend holds it, ⏹ for a node stopped by a shutdown or a
// deadline, else its phase's.
func nodeGlyph(wf *v1alpha1.Workflow, n *v1alpha1.NodeStatus) (string, color) {
	glyph, c := phaseGlyph(n.Phase)
	switch {
	case n.Type == v1alpha1.NodeTypeRetry:
		return glyphRetry, c
	case n.Type == v1alpha1.NodeTypeSuspend && n.Phase == v1alpha1.NodeRunning,
		n.ID == wf.Name && !Finished(wf) && specSuspended(wf):
		return glyphSuspended, yellow
	case n.Phase != v1alpha1.NodeSucceeded && stoppedMessage(n.Message):
		return glyphStopped, red
	}
	return glyph, c
}

// phaseGlyph is the glyph and color of a node phase.
func phaseGlyph(phase v1alpha1.NodePhase) (string, color) {
	switch phase {
	case v1alpha1.NodeSucceeded:
		return glyphSucceeded, green
	case v1alpha1.NodeSkipped, v1alpha1.NodeOmitted:
		return glyphSkipped, gray
	case v1alpha1.NodeFailed:
		return glyphFailed, red
	case v1alpha1.NodeError:
		return glyphError, red
	}
	return glyphActive, cyan
}

// stoppedMessage says a node's message is the engine's for a node it ended
// because of a shutdown or a deadline.
func stoppedMessage(message string) bool {
	return strings.HasPrefix(message, stoppedPrefix) || strings.Contains(message, deadlineText)
}

// specSuspended says spec.suspend holds the workflow.
func specSuspended(wf *v1alpha1.Workflow) bool {
	return wf.Spec.Suspend != nil && *wf.Spec.Suspend
}

// phaseColor is the color of a workflow phase.
func phaseColor(phase v1alpha1.WorkflowPhase) color {
	switch phase {
	case v1alpha1.WorkflowSucceeded:
		return green
	case v1alpha1.WorkflowFailed, v1alpha1.WorkflowError:
		return red
	case v1alpha1.WorkflowRunning:
		return cyan
	}
	return yellow
}
