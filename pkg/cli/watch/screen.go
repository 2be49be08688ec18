package watch

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Terminal escape sequences, ECMA-48.
const (
	cursorUpFormat = "\x1b[%dA\r"
	clearBelow     = "\x1b[J"
)

// escapes matches the color and cursor escape sequences in a line, which
// take no room on screen.
var escapes = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")

// Size reports a terminal's width and height, or false when unknown.
type Size func() (width, height int, ok bool)

// Screen shows successive frames of a view. On a terminal each frame
// replaces the one before, cut to the terminal's height; elsewhere frames
// are appended, an empty line between two, and a frame equal to the one
// before is left out.
type Screen struct {
	out      io.Writer
	terminal bool
	size     Size
	shown    int
	last     string
	frames   int
}

// NewScreen is a screen on out; size is consulted on a terminal only.
func NewScreen(out io.Writer, terminal bool, size Size) *Screen {
	return &Screen{out: out, terminal: terminal, size: size}
}

// Show shows a frame: text ending with a newline.
func (s *Screen) Show(frame string) error {
	if !s.terminal {
		return s.append(frame)
	}
	width, height, ok := s.size()
	if ok {
		frame = fit(frame, width, height)
	}
	var b strings.Builder
	if s.shown > 0 {
		fmt.Fprintf(&b, cursorUpFormat, s.shown)
	}
	b.WriteString(clearBelow)
	b.WriteString(frame)
	s.shown = strings.Count(frame, "\n")
	if ok {
		s.shown = screenLines(frame, width)
	}
	_, err := io.WriteString(s.out, b.String())
	return err
}

func (s *Screen) append(frame string) error {
	if s.frames > 0 && frame == s.last {
		return nil
	}
	if s.frames > 0 {
		frame = "\n" + frame
	}
	s.frames++
	s.last = strings.TrimPrefix(frame, "\n")
	_, err := io.WriteString(s.out, frame)
	return err
}

// fit cuts a frame that would not fit on the screen, so that redrawing it in
// place works, and says how many lines were left out.
func fit(frame string, width, height int) string {
	if screenLines(frame, width) < height {
		return frame
	}
	lines := strings.SplitAfter(strings.TrimSuffix(frame, "\n"), "\n")
	var b strings.Builder
	used := 0
	for i, l := range lines {
		n := lineHeight(strings.TrimSuffix(l, "\n"), width)
		if used+n >= height-1 {
			fmt.Fprintf(&b, "… %d more lines: enlarge the terminal, or use get\n", len(lines)-i)
			return b.String()
		}
		b.WriteString(l)
		used += n
	}
	return frame
}

// screenLines is how many terminal lines a frame takes, long lines wrapping.
func screenLines(frame string, width int) int {
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(frame, "\n"), "\n") {
		n += lineHeight(l, width)
	}
	return n
}

func lineHeight(line string, width int) int {
	w := utf8.RuneCountInString(escapes.ReplaceAllString(line, ""))
	if w == 0 || width <= 0 {
		return 1
	}
	return (w + width - 1) / width
}
