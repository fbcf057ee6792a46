package jsonpp

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// strPlain marks the bytes that a string can hold as they are: everything but control
// characters, the quote and the backslash. Bytes from 0x80 are checked as UTF-8 in bulk.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = true
	}
	t['"'] = false
	t['\\'] = false
	return t
}()

// str copies a string starting at the opening quote, in runs as large as the window.
func (f *formatter) str(color string) error {
	start := f.offset()
	if f.color {
		f.out = append(f.out, color...)
	}
	if f.quickString() {
		if f.color {
			f.out = append(f.out, colorReset...)
		}
		return nil
	}
	f.out = append(f.out, '"')
	f.pos++
	for {
		buf := f.buf[f.pos:f.end]
		i, high := plainRun(buf)
		run := buf[:i]
		if high {
			if i == len(buf) && !f.eof {
				run = run[:completeRunes(run)]
			}
			if bad := firstInvalidUTF8(run); bad >= 0 {
				return f.syntaxError(f.offset()+int64(bad), "invalid UTF-8 in string")
			}
		}
		f.out = append(f.out, run...)
		f.pos += len(run)

		if f.pos == f.end || len(run) < i {
			if !f.fill() {
				return f.syntaxError(start, "unterminated string")
			}
			continue
		}
		switch f.buf[f.pos] {
		case '"':
			f.pos++
			f.out = append(f.out, '"')
			if f.color {
				f.out = append(f.out, colorReset...)
			}
			return nil
		case '\\':
			if err := f.escape(start); err != nil {
				return err
			}
		default:
			return f.invalidNext("in string literal")
		}
	}
}

// quickString copies a string that lies wholly in the window, is plain ASCII and is not
// long, which most strings are; it reports whether it did. It copies and looks at eight
// bytes at a time: in each word the subtractions below borrow into the top bit of the
// first quote, and of any earlier control character or backslash, which do not have it
// set; bytes that do have it set are not ASCII. A borrow can also mark a byte above one
// of those, never below, so the first mark is exact. Bytes copied past the closing quote
// lie beyond the end of the output and are overwritten later.
func (f *formatter) quickString() bool {
	src := f.buf[f.pos:f.end]
	if len(src) > quickMax {
		src = src[:quickMax]
	}
	dst := f.out[len(f.out):cap(f.out)]
	if len(dst) < len(src) {
		return false
	}
	dst[0] = '"'
	for i := 1; i+8 <= len(src); i += 8 {
		x := binary.LittleEndian.Uint64(src[i:])
		binary.LittleEndian.PutUint64(dst[i:], x)
		quote := x ^ ('"' * ones)
		slash := x ^ ('\\' * ones)
		quotes := (quote - ones) &^ quote & highs
		bad := (x | (x-0x20*ones)&^x | (slash-ones)&^slash) & highs
		if quotes|bad == 0 {
			continue
		}
		n := bits.TrailingZeros64(quotes) / 8
		if quotes == 0 || bad&(1<<(8*n)-1) != 0 {
			return false
		}
		end := i + n + 1
		f.out = f.out[:len(f.out)+end]
		f.pos += end
		return true
	}
	return false
}

// quickMax bounds the strings quickString copies, so that the output always has room.
const quickMax = 512

// Eight bytes at a time: every byte 0x01, every byte 0x80.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns the length of the run of plain string bytes at the start of b and
// whether any of them is 0x80 or above. It looks at eight bytes at a time: a word holds a
// byte below 0x20, a quote or a backslash exactly when one of the three subtractions
// below borrows into the top bit of a byte that did not have it set.
func plainRun(b []byte) (int, bool) {
	i := 0
	var high uint64
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		quote := x ^ ('"' * ones)
		slash := x ^ ('\\' * ones)
		stop := (x - 0x20*ones) &^ x
		stop |= (quote - ones) &^ quote
		stop |= (slash - ones) &^ slash
		if stop&highs != 0 {
			break
		}
		high |= x
	}
	for ; i < len(b) && strPlain[b[i]]; i++ {
		high |= uint64(b[i])
	}
	return i, high&highs != 0
}

// completeRunes returns the length of b without a multi-byte character cut off at its end.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

// firstInvalidUTF8 returns the index of the first byte of b that is not valid UTF-8, or -1.
func firstInvalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// escape copies a backslash escape inside the string that started at offset start.
func (f *formatter) escape(start int64) error {
	if !f.need(2) {
		return f.syntaxError(start, "unterminated string")
	}
	switch f.buf[f.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		f.out = append(f.out, f.buf[f.pos:f.pos+2]...)
		f.pos += 2
		return nil
	case 'u':
		return f.hexEscape(start)
	}
	return f.syntaxError(f.offset()+1, "invalid character %s in string escape code",
		quoteChar(f.buf[f.pos+1:f.end]))
}

// hexEscape copies a \uXXXX escape. Lone surrogates are kept, as they were read.
func (f *formatter) hexEscape(start int64) error {
	f.need(6)
	for i := 2; i < 6; i++ {
		if f.pos+i >= f.end {
			return f.syntaxError(start, "unterminated string")
		}
		if !isHex(f.buf[f.pos+i]) {
			return f.syntaxError(f.offset()+int64(i),
				"invalid character %s in \\u hexadecimal character escape",
				quoteChar(f.buf[f.pos+i:f.end]))
		}
	}
	f.out = append(f.out, f.buf[f.pos:f.pos+6]...)
	f.pos += 6
	return nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// number copies a number as it was read after checking it against the JSON grammar.
func (f *formatter) number() error {
	if f.color {
		f.out = append(f.out, colorNumber...)
	}
	if f.buf[f.pos] == '-' {
		f.take()
	}
	if err := f.integer(); err != nil {
		return err
	}
	if c, ok := f.peek(); ok && c == '.' {
		f.take()
		if f.digits() == 0 {
			return f.numberError("after decimal point in numeric literal")
		}
	}
	if c, ok := f.peek(); ok && (c == 'e' || c == 'E') {
		f.take()
		if c, ok := f.peek(); ok && (c == '+' || c == '-') {
			f.take()
		}
		if f.digits() == 0 {
			return f.numberError("in exponent of numeric literal")
		}
	}

	if f.color {
		f.out = append(f.out, colorReset...)
	}
	return f.endTopScalar()
}

// integer copies the integer part of a number, which has no leading zeros.
func (f *formatter) integer() error {
	c, ok := f.peek()
	switch {
	case !ok:
		return f.endError()
	case c == '0':
		f.take()
		if c, ok := f.peek(); ok && isDigit(c) {
			return f.invalidNext("after leading zero in numeric literal")
		}
		return nil
	case isDigit(c):
		f.digits()
		return nil
	}
	return f.numberError("in numeric literal")
}

// take copies one byte.
func (f *formatter) take() {
	f.out = append(f.out, f.buf[f.pos])
	f.pos++
}

// digits copies a run of decimal digits and returns its length.
func (f *formatter) digits() int {
	n := 0
	for {
		i := f.pos
		for i < f.end && isDigit(f.buf[i]) {
			i++
		}
		f.out = append(f.out, f.buf[f.pos:i]...)
		n += i - f.pos
		f.pos = i
		if i < f.end || !f.fill() {
			return n
		}
	}
}

// numberError reports the byte after a number that stopped short.
func (f *formatter) numberError(where string) error {
	if _, ok := f.peek(); !ok {
		return f.endError()
	}
	return f.invalidNext(where)
}

// literal copies true, false or null.
func (f *formatter) literal(word, color string) error {
	f.need(len(word))
	for i := 1; i < len(word); i++ {
		if f.pos+i >= f.end {
			return f.endError()
		}
		if f.buf[f.pos+i] != word[i] {
			return f.syntaxError(f.offset()+int64(i),
				"invalid character %s in literal %s (expecting '%c')",
				quoteChar(f.buf[f.pos+i:f.end]), word, word[i])
		}
	}
	if f.color {
		f.out = append(f.out, color...)
	}
	f.out = append(f.out, word...)
	if f.color {
		f.out = append(f.out, colorReset...)
	}
	f.pos += len(word)
	return f.endTopScalar()
}

// endTopScalar rejects a top-level number or literal that runs straight into more text,
// such as 01, 1.5.3 or truex; a separate document must start with whitespace, a quote or
// a bracket.
func (f *formatter) endTopScalar() error {
	if len(f.stack) > 0 {
		return nil
	}
	c, ok := f.peek()
	if !ok {
		return nil
	}
	switch c {
	case ' ', '\t', '\r', '\n', '"', '[', '{':
		return nil
	}
	return f.invalidNext("after top-level value")
}
