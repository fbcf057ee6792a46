package jsonpp

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError reports input that is not valid JSON.
type SyntaxError struct {
	// Line and Column locate the offending byte, both counted from 1; Column counts bytes.
	Line, Column int

	// Offset is the number of input bytes before the offending byte.
	Offset int64

	// Msg says what was wrong, for example "invalid character '}' after object key".
	Msg string

	// Excerpt is the text of the offending line around the error, with control characters
	// and invalid UTF-8 shown as '?'; it is empty when that text is no longer buffered.
	Excerpt string

	// caret is the character index in Excerpt where the error is.
	caret int
}

// Error returns "LINE:COLUMN: MSG".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Pointer returns Excerpt and, under it, a caret marking the column of the error, or ""
// when there is no excerpt.
func (e *SyntaxError) Pointer() string {
	if e.Excerpt == "" {
		return ""
	}
	return e.Excerpt + "\n" + strings.Repeat(" ", e.caret) + "^"
}

// excerptRadius bounds how much of the line around an error is shown.
const excerptRadius = 40

// syntaxError builds the error for the byte at absolute offset off, which must be on the
// current line.
func (f *formatter) syntaxError(off int64, format string, args ...any) *SyntaxError {
	e := &SyntaxError{
		Line:   f.line,
		Column: int(off-f.lineStart) + 1,
		Offset: off,
		Msg:    fmt.Sprintf(format, args...),
	}
	e.Excerpt, e.caret = f.excerpt(off)
	return e
}

// excerpt returns the buffered text of the current line near off and the caret position.
func (f *formatter) excerpt(off int64) (string, int) {
	at := int(off - f.base)
	if at < 0 || at > f.end {
		return "", 0
	}
	from := at - excerptRadius
	if lo := int(f.lineStart - f.base); from < lo {
		from = lo
	}
	if from < 0 {
		from = 0
	}
	to := at + excerptRadius
	if to > f.end {
		to = f.end
	}
	if i := strings.IndexAny(string(f.buf[at:to]), "\r\n"); i >= 0 {
		to = at + i
	}
	before := printable(f.buf[from:at])
	return before + printable(f.buf[at:to]), utf8.RuneCountInString(before)
}

// printable replaces control characters, tabs included, and invalid UTF-8 with '?'.
func printable(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if (r == utf8.RuneError && size == 1) || r < ' ' || r == 0x7f {
			r = '?'
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

// invalidNext reports the next input character as out of place, as in "invalid
// character '}' after object key".
func (f *formatter) invalidNext(context string) error {
	off := f.offset()
	return f.syntaxError(off, "invalid character %s %s", f.quoteNext(), context)
}

// quoteNext describes the next input character for an error message.
func (f *formatter) quoteNext() string {
	f.need(utf8.UTFMax)
	return quoteChar(f.buf[f.pos:f.end])
}

// quoteChar describes the input character at the start of b for an error message, like
// '}' or '\x01'.
func quoteChar(b []byte) string {
	if len(b) == 0 {
		return "end of input"
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf(`'\x%02x'`, b[0])
	}
	return fmt.Sprintf("%q", r)
}
