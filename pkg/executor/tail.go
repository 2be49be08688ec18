package executor

// tailBuffer keeps the last bytes written to it and counts them all.
type tailBuffer struct {
	buf   []byte
	limit int
	total int64
}

func newTailBuffer(limit int) *tailBuffer {
	return &tailBuffer{limit: limit}
}

// Write keeps the last limit bytes of everything written so far.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.total += int64(len(p))
	if len(p) >= t.limit {
		t.buf = append(t.buf[:0], p[len(p)-t.limit:]...)
		return len(p), nil
	}
	if over := len(t.buf) + len(p) - t.limit; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	t.buf = append(t.buf, p...)
	return len(p), nil
}

// complete says whether the buffer holds everything written.
func (t *tailBuffer) complete() bool {
	return t.total <= int64(t.limit)
}
