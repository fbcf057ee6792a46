package jsonpp

// flushSize is how much output is gathered before it is written.
const flushSize = 128 << 10

// ANSI colours, a palette like jq's.
const (
	colorNull   = "\x1b[1;30m"
	colorFalse  = "\x1b[0;39m"
	colorTrue   = "\x1b[0;39m"
	colorNumber = "\x1b[0;39m"
	colorString = "\x1b[0;32m"
	colorKey    = "\x1b[34;1m"
	colorPunct  = "\x1b[1;39m"
	colorReset  = "\x1b[0m"
)

// flush writes pending output unless an object is being held back for sorting.
func (f *formatter) flush() {
	if f.hold > 0 || len(f.out) == 0 {
		return
	}
	if f.werr == nil {
		_, f.werr = f.w.Write(f.out)
	}
	f.out = f.out[:0]
	f.docStart = -1
}

// flushReady writes the finished documents before a read that may block, and the
// current document too once it is large.
func (f *formatter) flushReady() {
	if len(f.out) >= flushSize {
		f.flush()
		return
	}
	if f.docStart <= 0 || f.hold > 0 {
		return
	}
	if f.werr == nil {
		_, f.werr = f.w.Write(f.out[:f.docStart])
	}
	f.out = f.out[:copy(f.out, f.out[f.docStart:])]
	f.docStart = 0
}

// dropPartial discards the pending output of a document that failed, when none of it has
// been written yet, and otherwise ends its last line.
func (f *formatter) dropPartial() {
	f.hold = 0
	if f.docStart >= 0 {
		f.out = f.out[:f.docStart]
		return
	}
	f.out = append(f.out, '\n')
}

// newline starts a new line indented for depth; compact output has none.
func (f *formatter) newline(depth int) {
	if f.unit == 0 {
		return
	}
	n := 1 + depth*f.unit
	if n > len(f.indent) {
		f.growIndent(2 * n)
	}
	f.out = append(f.out, f.indent[:n]...)
}

func (f *formatter) growIndent(n int) {
	f.indent = make([]byte, n)
	f.indent[0] = '\n'
	for i := 1; i < n; i++ {
		f.indent[i] = f.unitByte
	}
}

// punct writes a structural character.
func (f *formatter) punct(c byte) {
	if !f.color {
		f.out = append(f.out, c)
		return
	}
	f.out = append(f.out, colorPunct...)
	f.out = append(f.out, c)
	f.out = append(f.out, colorReset...)
}

// punct2 writes an empty container.
func (f *formatter) punct2(open, close byte) {
	if !f.color {
		f.out = append(f.out, open, close)
		return
	}
	f.out = append(f.out, colorPunct...)
	f.out = append(f.out, open, close)
	f.out = append(f.out, colorReset...)
}
