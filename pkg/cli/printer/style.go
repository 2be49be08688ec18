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

// The glyphs of node phases, as Argo shows them.
const (
	glyphSucceeded  = "✔"
	glyphFailed     = "✖"
	glyphError      = "⚠"
	glyphActive     = "◷"
	glyphSkipped    = "○"
	glyphSuspended  = "ǁ"
	glyphTerminated = "⏹"
)

// nodeGlyph is the glyph and color of a node. stopping says the workflow is
// being stopped or terminated (spec.shutdown is set), so that a node that
// failed for it shows as terminated.
func nodeGlyph(n *v1alpha1.NodeStatus, stopping bool) (string, color) {
	switch n.Phase {
	case v1alpha1.NodeSucceeded:
		return glyphSucceeded, green
	case v1alpha1.NodeSkipped, v1alpha1.NodeOmitted:
		return glyphSkipped, gray
	case v1alpha1.NodeFailed, v1alpha1.NodeError:
		if stopping && stoppedMessage(n.Message) {
			return glyphTerminated, red
		}
		if n.Phase == v1alpha1.NodeError {
			return glyphError, red
		}
		return glyphFailed, red
	}
	if n.Type == v1alpha1.NodeTypeSuspend {
		return glyphSuspended, yellow
	}
	return glyphActive, cyan
}

// stoppedMessage says a node's message tells it was stopped or terminated.
func stoppedMessage(message string) bool {
	m := strings.ToLower(message)
	return strings.Contains(m, "terminat") || strings.Contains(m, "stopped") || strings.Contains(m, "shutdown")
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
