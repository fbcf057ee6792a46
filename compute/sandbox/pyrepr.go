package sandbox

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// pyRepr renders a JSON value the way Python's repr() shows the decoded value, because
// Nova quotes request values that way in its validation messages. Object keys keep the
// order they had in the request.
func pyRepr(raw json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var b strings.Builder
	if err := reprValue(dec, &b); err != nil {
		return string(raw)
	}
	return b.String()
}

func reprValue(dec *json.Decoder, b *strings.Builder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		return reprContainer(dec, b, t)
	case string:
		b.WriteString(pyString(t))
	case json.Number:
		b.WriteString(pyNumber(t))
	case bool:
		b.WriteString(map[bool]string{true: "True", false: "False"}[t])
	case nil:
		b.WriteString("None")
	}
	return nil
}

func reprContainer(dec *json.Decoder, b *strings.Builder, open json.Delim) error {
	isObject := open == '{'
	b.WriteByte(byte(open))
	for i := 0; dec.More(); i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		if isObject {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			b.WriteString(pyString(key.(string)) + ": ")
		}
		if err := reprValue(dec, b); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	if isObject {
		b.WriteByte('}')
	} else {
		b.WriteByte(']')
	}
	return nil
}

// pyNumber shows integers as they are and other numbers as Python floats.
func pyNumber(n json.Number) string {
	if _, err := n.Int64(); err == nil {
		return n.String()
	}
	f, err := n.Float64()
	if err != nil {
		return n.String()
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// pyString quotes like Python 3's str repr: single quotes unless the text has a single
// quote and no double quote.
func pyString(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + strconv.FormatInt(int64(r)+0x100, 16)[1:])
		case r > 0x7f && !unicode.IsPrint(r):
			b.WriteString(strconv.QuoteRuneToASCII(r)[1 : len(strconv.QuoteRuneToASCII(r))-1])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
