package printer

import (
	"io"
	"strings"
	"unicode/utf8"
)

// columnGap is the space between two columns.
const columnGap = 2

// cell is one table cell: its text, and the same text as printed, perhaps
// with color escapes, which take no room on screen.
type cell struct {
	text    string
	printed string
}

// plainCell is a cell without decoration.
func plainCell(text string) cell { return cell{text: text, printed: text} }

// table aligns cells in columns by their visible width, so that colored
// cells line up with plain ones; a nil row is an empty line.
type table struct {
	rows [][]cell
}

func (t *table) add(cells ...cell) { t.rows = append(t.rows, cells) }

func (t *table) addPlain(texts ...string) {
	cells := make([]cell, len(texts))
	for i, s := range texts {
		cells[i] = plainCell(s)
	}
	t.add(cells...)
}

func (t *table) blank() { t.rows = append(t.rows, nil) }

// write prints the table: every column but the last padded to its widest
// cell plus columnGap, and no trailing spaces.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, row := range t.rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c.text))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		last := len(row) - 1
		for last >= 0 && row[last].text == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			b.WriteString(row[i].printed)
			if i < last {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(row[i].text)+columnGap))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
