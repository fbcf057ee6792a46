package jsonpp

import (
	"fmt"
	"io"
	"sync"
)

// formatter holds the state of one Format call.
type formatter struct {
	r io.Reader
	w io.Writer

	// buf[pos:end] is unread input; buf[0] is at input offset base.
	buf       []byte
	pos, end  int
	base      int64
	eof       bool
	rerr      error
	line      int
	lineStart int64

	// out is pending output; docStart is where the current document began in it, or -1
	// once part of the document has been flushed. While hold, the number of objects held
	// back for sorting, is positive nothing is flushed.
	out      []byte
	docStart int
	hold     int
	werr     error

	compactOut bool
	color      bool
	sortKeys   bool
	indent     []byte // a newline and then indentation, grown on demand
	unit       int
	unitByte   byte
	stack      []byte // '{' or '[' for each open container
	frames     []sortFrame
	scratch    []byte
}

// Format reads JSON documents from r and writes them to w formatted as opts says, each
// followed by a newline. It returns a *SyntaxError for input that is not JSON, after
// writing the documents before the error; the document with the error is written only
// as far as the error, and only if it was already too large to hold back.
func Format(r io.Reader, w io.Writer, opts Options) error {
	if err := opts.validate(); err != nil {
		return err
	}
	f := newFormatter(r, w, opts)
	defer f.release()
	err := f.run()
	if err != nil {
		f.dropPartial()
	}
	f.flush()

	switch {
	case f.werr != nil:
		return fmt.Errorf("write output: %w", f.werr)
	case f.rerr != nil:
		return fmt.Errorf("read input: %w", f.rerr)
	}
	return err
}

func newFormatter(r io.Reader, w io.Writer, opts Options) *formatter {
	f := &formatter{
		r:          r,
		w:          w,
		buf:        getBuffer(&inPool, readSize),
		line:       1,
		out:        getBuffer(&outPool, 2*flushSize)[:0],
		compactOut: opts.Compact,
		color:      opts.Color,
		sortKeys:   opts.SortKeys,
	}
	f.unitByte, f.unit = opts.indentUnit()
	f.growIndent(1 + 16*f.unit)
	return f
}

// Input and output buffers are reused across calls, which matters to callers that format
// many small documents; buffers that grew for a large sorted object are let go.
var inPool, outPool sync.Pool

func getBuffer(pool *sync.Pool, size int) []byte {
	if b, ok := pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, size)
}

func (f *formatter) release() {
	if len(f.buf) == readSize {
		inPool.Put(&f.buf)
	}
	if cap(f.out) <= 4*flushSize {
		f.out = f.out[:cap(f.out)]
		outPool.Put(&f.out)
	}
}

// run formats every document in the input.
func (f *formatter) run() error {
	f.skipBOM()
	for n := 0; ; n++ {
		if _, ok := f.skipSpace(); !ok {
			if n == 0 && f.rerr == nil && f.werr == nil {
				return f.syntaxError(f.offset(), "empty input")
			}
			return nil
		}
		f.docStart = len(f.out)
		if err := f.document(); err != nil {
			return err
		}

		f.out = append(f.out, '\n')
		f.docStart = len(f.out)
		if len(f.out) >= flushSize {
			f.flush()
		}
		if f.werr != nil {
			return nil
		}
	}
}

// document formats one value and everything nested in it.
func (f *formatter) document() error {
	for {
		opened, err := f.value()
		if err != nil {
			return err
		}
		if opened {
			continue
		}
		for {
			if len(f.stack) == 0 {
				return nil
			}
			more, err := f.next()
			if err != nil {
				return err
			}
			if more {
				break
			}
		}
	}
}

// value formats a scalar, or opens a container and reports whether a value (the first
// element, or the value of the first member) is expected next.
func (f *formatter) value() (opened bool, err error) {
	c, ok := f.skipSpace()
	if !ok {
		return false, f.endError()
	}
	switch c {
	case '"':
		return false, f.str(colorString)
	case '{', '[':
		return f.open(c)
	case 't':
		return false, f.literal("true", colorTrue)
	case 'f':
		return false, f.literal("false", colorFalse)
	case 'n':
		return false, f.literal("null", colorNull)
	}
	if c == '-' || isDigit(c) {
		return false, f.number()
	}
	return false, f.invalidNext("looking for beginning of value")
}

// open formats the start of an array or object.
func (f *formatter) open(c byte) (bool, error) {
	if len(f.stack) >= MaxDepth {
		return false, f.syntaxError(f.offset(), "nesting deeper than %d levels", MaxDepth)
	}
	closer := byte(']')
	if c == '{' {
		closer = '}'
	}
	f.pos++
	next, ok := f.skipSpace()
	if ok && next == closer {
		f.pos++
		f.punct2(c, closer)
		return false, nil
	}

	f.punct(c)
	f.stack = append(f.stack, c)
	if c == '[' {
		f.newline(len(f.stack))
		return true, nil
	}
	if f.sortKeys {
		f.pushFrame()
	}
	return true, f.member()
}

// next handles what follows a value inside a container: a comma, after which it reports
// that another value is expected, or the closing bracket.
func (f *formatter) next() (more bool, err error) {
	c, ok := f.skipSpace()
	if !ok {
		return false, f.endError()
	}
	kind := f.stack[len(f.stack)-1]
	if c == ',' {
		f.pos++
		if kind == '[' {
			f.punct(',')
			f.newline(len(f.stack))
			return true, nil
		}
		if f.sortKeys {
			f.endMember()
		}
		f.punct(',')
		return true, f.member()
	}

	if kind == '[' && c == ']' || kind == '{' && c == '}' {
		f.pos++
		f.close(kind)
		return false, nil
	}
	where := "array element"
	if kind == '{' {
		where = "object key:value pair"
	}
	return false, f.invalidNext("after " + where)
}

// close formats the end of the innermost container.
func (f *formatter) close(kind byte) {
	if kind == '{' && f.sortKeys {
		f.endMember()
		f.reorder()
	}
	f.stack = f.stack[:len(f.stack)-1]
	f.newline(len(f.stack))
	if kind == '{' {
		f.punct('}')
	} else {
		f.punct(']')
	}
}

// member starts an object member on a new line with its key and the colon after it.
func (f *formatter) member() error {
	if f.sortKeys {
		f.startMember()
	}
	f.newline(len(f.stack))
	return f.key()
}

// key formats an object key and the colon after it.
func (f *formatter) key() error {
	c, ok := f.skipSpace()
	if !ok {
		return f.endError()
	}
	if c != '"' {
		return f.invalidNext("looking for beginning of object key string")
	}
	if f.sortKeys {
		f.markKey()
	}
	if err := f.str(colorKey); err != nil {
		return err
	}

	c, ok = f.skipSpace()
	if !ok {
		return f.endError()
	}
	if c != ':' {
		return f.invalidNext("after object key")
	}
	f.pos++
	switch {
	case f.color:
		f.punct(':')
		f.out = append(f.out, ' ')
	case f.compactOut:
		f.out = append(f.out, ':')
	default:
		f.out = append(f.out, ':', ' ')
	}
	return nil
}

// endError reports input that ends in the middle of a document.
func (f *formatter) endError() error {
	return f.syntaxError(f.base+int64(f.end), "unexpected end of JSON input")
}

func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}
