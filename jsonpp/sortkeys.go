package jsonpp

import (
	"bytes"
	"sort"
	"strconv"
	"unicode/utf8"
)

// sortFrame records the members of an object being held back for sorting. Members are
// formatted into the output buffer without separators; reorder adds those.
type sortFrame struct {
	start   int
	members []member
}

// member locates one formatted "key": value in the output buffer.
type member struct {
	start, end int
	key        []byte
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
	fr.members = append(fr.members, member{start: len(f.out), end: -1})
}

// endMember marks where the last member of the innermost object ends.
func (f *formatter) endMember() {
	fr := &f.frames[len(f.stack)-1]
	fr.members[len(fr.members)-1].end = len(f.out)
}

// reorder sorts the members of the innermost object, which has just ended, and writes
// them back with separators. Keys are compared by their unescaped bytes.
func (f *formatter) reorder() {
	depth := len(f.stack)
	fr := &f.frames[depth-1]
	for i := range fr.members {
		fr.members[i].key = f.memberKey(fr.members[i])
	}
	sort.SliceStable(fr.members, func(i, j int) bool {
		return bytes.Compare(fr.members[i].key, fr.members[j].key) < 0
	})

	f.scratch = append(f.scratch[:0], f.out[fr.start:]...)
	f.out = f.out[:fr.start]
	for i, m := range fr.members {
		if i > 0 {
			f.punct(',')
		}
		f.newline(depth)
		f.out = append(f.out, f.scratch[m.start-fr.start:m.end-fr.start]...)
		fr.members[i].key = nil
	}
	f.hold--
}

// memberKey returns the unescaped key of a formatted member.
func (f *formatter) memberKey(m member) []byte {
	raw := f.out[m.start:m.end]
	if f.color {
		raw = raw[len(colorKey):]
	}
	raw = raw[1:] // the opening quote
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
