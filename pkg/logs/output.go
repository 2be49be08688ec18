package logs

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"regexp"
	"sync"
)

// MaxLineBytes is the longest line written whole; a longer line is written
// as several lines of at most this many bytes, each with its prefix.
const MaxLineBytes = 64 * 1024

// output writes whole lines to one writer, for several pods at once.
type output struct {
	mu sync.Mutex
	w  io.Writer
	// grep keeps only the lines it matches; nil keeps every line.
	grep *regexp.Regexp
	// timestamps says lines start with a timestamp and a space, which grep skips.
	timestamps bool
}

// copy writes the lines read from r, each after prefix, until r ends. It
// returns the error that ended the reading, if not the end of r, and the
// error of the first failed write, after which it stops.
func (o *output) copy(prefix string, r io.Reader) (readErr, writeErr error) {
	in := bufio.NewReaderSize(r, MaxLineBytes)
	line := make([]byte, 0, len(prefix)+MaxLineBytes+1)
	split := false // the last chunk was a full buffer, not a whole line
	for {
		chunk, err := in.ReadSlice('\n')
		continued := split
		split = errors.Is(err, bufio.ErrBufferFull)
		if continued && len(chunk) == 1 && chunk[0] == '\n' {
			continue // the end of a line just split at its full length
		}
		if len(chunk) > 0 && o.keeps(chunk, continued) {
			line = append(append(append(line[:0], prefix...), bytes.TrimSuffix(chunk, []byte("\n"))...), '\n')
			if writeErr := o.write(line); writeErr != nil {
				return nil, writeErr
			}
		}
		switch {
		case err == nil, errors.Is(err, bufio.ErrBufferFull):
		case errors.Is(err, io.EOF):
			return nil, nil
		default:
			return err, nil
		}
	}
}

// notice writes a line of the reader's own, which grep does not filter.
func (o *output) notice(prefix, text string) error {
	return o.write([]byte(prefix + text + "\n"))
}

// keeps says whether grep keeps line, matched without the timestamp that
// starts it unless it continues a split line.
func (o *output) keeps(line []byte, continued bool) bool {
	if o.grep == nil {
		return true
	}
	if o.timestamps && !continued {
		if i := bytes.IndexByte(line, ' '); i >= 0 {
			line = line[i+1:]
		}
	}
	return o.grep.Match(bytes.TrimSuffix(line, []byte("\n")))
}

// write writes one whole line.
func (o *output) write(line []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, err := o.w.Write(line)
	return err
}
