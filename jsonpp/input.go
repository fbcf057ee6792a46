package jsonpp

import (
	"encoding/binary"
	"io"
)

// readSize is the size of the input window; large reads keep system calls rare.
const readSize = 256 << 10

// contextKeep is how many consumed bytes a refill keeps so that errors can show context.
const contextKeep = 64

// fill reads more input after the unread bytes, first writing finished output so that a
// slow producer does not hold it back. It reports whether new bytes arrived.
func (f *formatter) fill() bool {
	if f.eof || f.werr != nil {
		return false
	}
	f.flushReady()
	f.compact()
	for tries := 0; tries < 100; tries++ {
		n, err := f.r.Read(f.buf[f.end:])
		f.end += n
		if err != nil {
			f.eof = true
			if err != io.EOF {
				f.rerr = err
			}
		}
		if n > 0 {
			return true
		}
		if f.eof {
			return false
		}
	}
	// A reader that keeps returning nothing is treated as ended rather than spun on.
	f.eof = true
	return false
}

// compact moves the unread bytes, and a little context before them, to the front of the
// window, growing it when the unread bytes fill it.
func (f *formatter) compact() {
	keep := f.pos
	if keep > contextKeep {
		keep = contextKeep
	}
	drop := f.pos - keep
	if drop > 0 {
		copy(f.buf, f.buf[drop:f.end])
		f.base += int64(drop)
		f.pos -= drop
		f.end -= drop
	}
	if f.end == len(f.buf) {
		grown := make([]byte, 2*len(f.buf))
		copy(grown, f.buf[:f.end])
		f.buf = grown
	}
}

// need makes at least n unread bytes available if the input has them.
func (f *formatter) need(n int) bool {
	for f.end-f.pos < n {
		if !f.fill() {
			return false
		}
	}
	return true
}

// peek returns the next byte without consuming it; ok is false at the end of input.
func (f *formatter) peek() (c byte, ok bool) {
	if f.pos < f.end || f.fill() {
		return f.buf[f.pos], true
	}
	return 0, false
}

// skipSpace consumes whitespace, counting lines, and returns the next byte unconsumed;
// ok is false at the end of input.
func (f *formatter) skipSpace() (c byte, ok bool) {
	for {
		for f.pos < f.end {
			c = f.buf[f.pos]
			if c > ' ' {
				return c, true
			}
			switch c {
			case ' ':
				// Indentation comes in long runs of spaces; skip them a word at a time.
				if f.pos+8 <= f.end && binary.LittleEndian.Uint64(f.buf[f.pos:]) == ' '*ones {
					f.pos += 8
					continue
				}
			case '\t', '\r':
			case '\n':
				f.line++
				f.lineStart = f.base + int64(f.pos) + 1
			default:
				return c, true
			}
			f.pos++
		}
		if !f.fill() {
			return 0, false
		}
	}
}

// offset returns the input offset of the next unread byte.
func (f *formatter) offset() int64 {
	return f.base + int64(f.pos)
}

// skipBOM consumes a UTF-8 byte order mark at the start of the input.
func (f *formatter) skipBOM() {
	if f.need(3) && string(f.buf[f.pos:f.pos+3]) == "\xef\xbb\xbf" {
		f.pos += 3
		f.lineStart = 3
	}
}
