package jsonpp

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf8"
)

// sortFrame records the members of an object being held back for sorting. Members are
// formatted in input order, each from its newline to the end of its value; reorder moves
// them, and the commas between them, when the keys are not already in order.
type sortFrame struct {
	start   int
	members []member
}

// member locates one formatted member in the output buffer; keyAt is the first byte
// after the opening quote of its key.
type member struct {
	start, keyAt, end int
	key               []byte
}

// pushFrame starts holding back an object whose opening brace has been written.
func (f *formatter) pushFrame() {
	f.hold++
	depth := len(f.stack)
	for len(f.frames) < depth {
		f.frames = append(f.frames, sortFrame{})
	}
	fr := &f.frames[depth-1]
	fr.start = len(f.out)
	fr.members = fr.members[:0]
}

// startMember marks where the next member of the innermost object begins.
func (f *formatter) startMember() {
	fr := &f.frames[len(f.stack)-1]
	fr.members = append(fr.members, member{start: len(f.out)})
}

// markKey marks where the key of the member being formatted begins.
func (f *formatter) markKey() {
	at := len(f.out) + 1
	if f.color {
		at += len(colorKey)
	}
	fr := &f.frames[len(f.stack)-1]
	fr.members[len(fr.members)-1].keyAt = at
}

// endMember marks where the last member of the innermost object ends.
func (f *formatter) endMember() {
	fr := &f.frames[len(f.stack)-1]
	fr.members[len(fr.members)-1].end = len(f.out)
}

// reorder sorts the members of the innermost object, which has just ended, comparing
// keys by their unescaped bytes, and stops holding it back.
func (f *formatter) reorder() {
	fr := &f.frames[len(f.stack)-1]
	f.hold--
	ms := fr.members
	for i := range ms {
		ms[i].key = f.memberKey(ms[i].keyAt)
	}
	byKey := func(a, b member) int { return bytes.Compare(a.key, b.key) }
	if slices.IsSortedFunc(ms, byKey) {
		return
	}
	slices.SortStableFunc(ms, byKey)

	f.scratch = append(f.scratch[:0], f.out[fr.start:]...)
	f.out = f.out[:fr.start]
	for i, m := range ms {
		if i > 0 {
			f.punct(',')
		}
		f.out = append(f.out, f.scratch[m.start-fr.start:m.end-fr.start]...)
	}
}

// memberKey returns the unescaped key that starts at f.out[at].
func (f *formatter) memberKey(at int) []byte {
	raw := f.out[at:]
	end := 0
	for raw[end] != '"' {
		if raw[end] == '\\' {
			end++
		}
		end++
	}
	raw = raw[:end]
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	return unescape(raw)
}

// unescape decodes the escapes of a string known to be valid. A lone surrogate becomes
// U+FFFD.
func unescape(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			out = append(out, raw[i])
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := decodeHex(raw[i+1:])
			out = utf8.AppendRune(out, r)
			i += n
		default:
			out = append(out, raw[i])
		}
	}
	return out
}

// decodeHex decodes the hex digits after a \u, joining a surrogate pair when the next
// escape completes it, and returns the rune and how many bytes it used.
func decodeHex(b []byte) (rune, int) {
	hi := hex4(b)
	if hi < 0xd800 || hi > 0xdfff {
		return hi, 4
	}
	if hi < 0xdc00 && len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if lo := hex4(b[6:]); lo >= 0xdc00 && lo <= 0xdfff {
			return 0x10000 + (hi-0xd800)<<10 + (lo - 0xdc00), 10
		}
	}
	return utf8.RuneError, 4
}

func hex4(b []byte) rune {
	v, _ := strconv.ParseUint(string(b[:4]), 16, 32)
	return rune(v)
}
