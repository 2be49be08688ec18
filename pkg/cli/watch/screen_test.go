package watch

import (
	"bytes"
	"strings"
	"testing"
)

func fixedSize(w, h int) Size { return func() (int, int, bool) { return w, h, true } }

func TestScreenAppendsFramesOffTerminal(t *testing.T) {
	var b bytes.Buffer
	s := NewScreen(&b, false, nil)
	for _, f := range []string{"one\n", "one\n", "two\nlines\n", "three\n"} {
		if err := s.Show(f); err != nil {
			t.Fatal(err)
		}
	}
	if want := "one\n\ntwo\nlines\n\nthree\n"; b.String() != want {
		t.Errorf("output %q, want %q (frames apart, the repeated one left out)", b.String(), want)
	}
}

func TestScreenRedrawsInPlace(t *testing.T) {
	var b bytes.Buffer
	s := NewScreen(&b, true, fixedSize(10, 24))
	_ = s.Show("a\n\x1b[32mbbbbbbbbbbbb\x1b[0m\n")
	_ = s.Show("c\n")
	want := "\x1b[Ja\n\x1b[32mbbbbbbbbbbbb\x1b[0m\n" + "\x1b[3A\r\x1b[Jc\n"
	if b.String() != want {
		t.Errorf("output %q, want %q (the 12-character line wraps to two of 10)", b.String(), want)
	}
}

func TestScreenCutsTallFrames(t *testing.T) {
	var b bytes.Buffer
	s := NewScreen(&b, true, fixedSize(80, 5))
	_ = s.Show(strings.Repeat("row\n", 10))
	got := strings.TrimPrefix(b.String(), "\x1b[J")
	if want := "row\nrow\nrow\n… 7 more lines: enlarge the terminal, or use get\n"; got != want {
		t.Errorf("frame %q, want %q", got, want)
	}
	_ = s.Show("next\n")
	if !strings.Contains(b.String(), "\x1b[4A\r") {
		t.Errorf("the redraw does not go up the 4 lines shown: %q", b.String())
	}
}
