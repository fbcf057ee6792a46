package bindings

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/jsonpp"
)

// EncodeJSON returns the compact JSON text of a Lua value. A table whose keys are
// exactly 1..n is an array; any other table, the empty one included, is an object with
// its keys sorted. Whole numbers print without a fraction. NaN, infinities, functions,
// userdata, strings that are not UTF-8, tables that contain themselves and nesting deeper
// than jsonpp.MaxDepth are errors naming where in the value they are.
func EncodeJSON(value lua.LValue) ([]byte, error) {
	e := &luaEncoder{seen: map[*lua.LTable]bool{}}
	if err := e.value(value); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// luaEncoder appends JSON to buf; seen holds the tables on the way to the value being
// encoded and path the steps there, like ".servers" and "[1]".
type luaEncoder struct {
	buf  []byte
	seen map[*lua.LTable]bool
	path []string
}

// errorf returns an error that ends with where in the value the encoder is.
func (e *luaEncoder) errorf(format string, args ...any) error {
	steps := e.path
	elided := ""
	if len(steps) > 2*pathEnds {
		elided = fmt.Sprintf("...(%d more)...", len(steps)-2*pathEnds)
		steps = slices.Concat(steps[:pathEnds], []string{elided}, steps[len(steps)-pathEnds:])
	}
	return fmt.Errorf(format+" at value%s", append(args, strings.Join(steps, ""))...)
}

// pathEnds is how many steps at each end of a long path an error shows.
const pathEnds = 8

func (e *luaEncoder) value(value lua.LValue) error {
	switch v := value.(type) {
	case *lua.LNilType:
		e.buf = append(e.buf, "null"...)
	case lua.LBool:
		e.buf = strconv.AppendBool(e.buf, bool(v))
	case lua.LNumber:
		number, err := appendJSONNumber(e.buf, float64(v))
		if err != nil {
			return e.errorf("cannot encode %v", err)
		}
		e.buf = number
	case lua.LString:
		return e.str(string(v))
	case *lua.LTable:
		return e.table(v)
	default:
		return e.errorf("cannot encode a %s", typeName(value))
	}
	return nil
}

// appendJSONNumber appends f as JSON: whole numbers below 1e21 in full, others in the
// shortest form that reads back the same.
func appendJSONNumber(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, errors.New(strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.AppendFloat(b, f, 'e', -1, 64), nil
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), nil
}

func (e *luaEncoder) str(s string) error {
	if !utf8.ValidString(s) {
		return e.errorf("cannot encode a string that is not UTF-8")
	}
	e.buf = appendJSONString(e.buf, s)
	return nil
}

// appendJSONString appends s quoted, escaping only what JSON requires.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = fmt.Appendf(b, `\u%04x`, c)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// table encodes t as an array or an object.
func (e *luaEncoder) table(t *lua.LTable) error {
	if e.seen[t] {
		return e.errorf("cannot encode a table that contains itself")
	}
	if len(e.path) >= jsonpp.MaxDepth {
		return e.errorf("cannot encode tables nested deeper than %d", jsonpp.MaxDepth)
	}
	e.seen[t] = true
	defer delete(e.seen, t)

	members, isArray, err := e.members(t)
	if err != nil {
		return err
	}
	if isArray || IsEmptyArray(t) {
		return e.array(t, len(members))
	}
	return e.object(members)
}

func (e *luaEncoder) array(t *lua.LTable, n int) error {
	e.buf = append(e.buf, '[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			e.buf = append(e.buf, ',')
		}
		e.path = append(e.path, "["+strconv.Itoa(i)+"]")
		if err := e.value(t.RawGetInt(i)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, ']')
	return nil
}

func (e *luaEncoder) object(members []tableMember) error {
	e.buf = append(e.buf, '{')
	for i, m := range members {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.path = append(e.path, pathStep(m.key))
		if err := e.str(m.key); err != nil {
			return err
		}
		e.buf = append(e.buf, ':')
		if err := e.value(m.value); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, '}')
	return nil
}

// pathStep is the step to a key in an error's path: ".name" for a plain name, else
// a quoted index.
func pathStep(key string) string {
	for i, c := range key {
		letter := c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return "[" + strconv.Quote(key) + "]"
		}
	}
	if key == "" {
		return `[""]`
	}
	return "." + key
}

// tableMember is one key of a table as a JSON object key.
type tableMember struct {
	key   string
	value lua.LValue
}

// members returns the members of t sorted by key, and whether t is an array: a table
// whose keys are exactly 1..n for some n > 0.
func (e *luaEncoder) members(t *lua.LTable) ([]tableMember, bool, error) {
	CompleteRow(t)
	var members []tableMember
	isArray := true
	var err error
	t.ForEach(func(key, value lua.LValue) {
		switch k := key.(type) {
		case lua.LString:
			isArray = false
			members = append(members, tableMember{string(k), value})
		case lua.LNumber:
			f := float64(k)
			isArray = isArray && f >= 1 && f == math.Trunc(f)
			text, _ := appendJSONNumber(nil, f)
			members = append(members, tableMember{string(text), value})
		default:
			if err == nil {
				err = e.errorf("cannot encode a table with a %s key", typeName(key))
			}
		}
	})
	if err != nil {
		return nil, false, err
	}
	// n distinct whole-number keys that include every index from 1 to n are exactly 1..n.
	if isArray && len(members) > 0 && allIndexed(t, len(members)) {
		return members, true, nil
	}

	slices.SortFunc(members, func(a, b tableMember) int { return cmp.Compare(a.key, b.key) })
	for i := 1; i < len(members); i++ {
		if members[i].key == members[i-1].key {
			return nil, false, e.errorf("cannot encode a table with both %s and \"%s\" as keys",
				members[i].key, members[i].key)
		}
	}
	return members, false, nil
}

// allIndexed reports whether t holds a value at every index from 1 to n.
func allIndexed(t *lua.LTable, n int) bool {
	for i := 1; i <= n; i++ {
		if t.RawGetInt(i) == lua.LNil {
			return false
		}
	}
	return true
}
