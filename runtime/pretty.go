package runtime

import (
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/bindings"
)

// How much of one value the REPL prints before it cuts the rest off.
const (
	prettyMaxLines = 200
	prettyMaxBytes = 32 << 10
)

// pretty renders a Lua value for the REPL as indented JSON-like text: lists
// as [...], other tables as {...} with their keys sorted, strings quoted.
// What JSON has no word for prints in angle brackets: <function
// servers.list>, <cycle>, <userdata: 0x...>. Functions and tables are named
// after the globals that hold them, one level deep. No metamethod runs, so
// printing cannot fail or hang. cut reports that the text stops early.
func pretty(globals *lua.LTable, value lua.LValue) (text string, cut bool) {
	p := &printer{
		names:  globalNames(globals),
		onPath: map[*lua.LTable]bool{},
	}
	p.value(value, 0)
	return p.out.String(), p.cut
}

// printer writes one value, stopping at the limits.
type printer struct {
	out    strings.Builder
	lines  int
	cut    bool
	names  map[lua.LValue]string
	onPath map[*lua.LTable]bool // the tables being printed, to catch cycles
}

func (p *printer) write(s string) {
	if p.cut {
		return
	}
	if room := prettyMaxBytes - p.out.Len(); len(s) > room {
		s, p.cut = s[:room], true
	}
	p.out.WriteString(s)
}

func (p *printer) newline(depth int) {
	p.lines++
	if p.lines >= prettyMaxLines {
		p.cut = true
	}
	p.write("\n" + strings.Repeat("  ", depth))
}

func (p *printer) value(v lua.LValue, depth int) {
	switch v := v.(type) {
	case lua.LString:
		p.write(strconv.Quote(string(v)))
	case *lua.LNilType, lua.LBool, lua.LNumber:
		p.write(v.String())
	case *lua.LFunction:
		p.write(p.functionName(v))
	case *lua.LTable:
		p.table(v, depth)
	default:
		p.write("<" + v.String() + ">")
	}
}

func (p *printer) functionName(fn *lua.LFunction) string {
	if name, ok := p.names[fn]; ok {
		return "<function " + name + ">"
	}
	return "<" + fn.String() + ">"
}

func (p *printer) table(t *lua.LTable, depth int) {
	if p.onPath[t] {
		p.write("<cycle>")
		return
	}
	bindings.CompleteRow(t)
	keys, isList := tableKeys(t)
	if len(keys) == 0 {
		if bindings.IsEmptyArray(t) {
			p.write("[]")
		} else {
			p.write("{}")
		}
		return
	}

	p.onPath[t] = true
	defer delete(p.onPath, t)

	open, closing := "{", "}"
	if isList {
		open, closing = "[", "]"
	}
	p.write(open)
	for i, key := range keys {
		if p.cut {
			return
		}
		p.newline(depth + 1)
		if !isList {
			p.write(keyText(key) + ": ")
		}
		p.value(t.RawGet(key), depth+1)
		if i < len(keys)-1 {
			p.write(",")
		}
	}
	p.newline(depth)
	p.write(closing)
}

// tableKeys returns the keys of t in print order: numbers, then strings,
// then the rest. isList is true when they are exactly 1..n.
func tableKeys(t *lua.LTable) (keys []lua.LValue, isList bool) {
	t.ForEach(func(key, _ lua.LValue) {
		keys = append(keys, key)
	})
	sort.SliceStable(keys, func(i, j int) bool {
		return keyLess(keys[i], keys[j])
	})

	isList = len(keys) > 0
	for i, key := range keys {
		if n, ok := key.(lua.LNumber); !ok || float64(n) != float64(i+1) {
			isList = false
			break
		}
	}
	return keys, isList
}

func keyLess(a, b lua.LValue) bool {
	rank := func(v lua.LValue) int {
		switch v.(type) {
		case lua.LNumber:
			return 0
		case lua.LString:
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	if na, ok := a.(lua.LNumber); ok {
		return na < b.(lua.LNumber)
	}
	return a.String() < b.String()
}

// keyText writes a string key as JSON does and any other key the way Lua
// indexes with it, so that t[1] and t["1"] stay apart.
func keyText(key lua.LValue) string {
	switch k := key.(type) {
	case lua.LString:
		return strconv.Quote(string(k))
	case lua.LNumber, lua.LBool:
		return "[" + k.String() + "]"
	}
	return "[<" + key.String() + ">]"
}

// globalNames names the functions and tables reachable from the globals in
// one or two steps: print, servers, servers.create. Names that start with an
// underscore are left out, so that _G and _ do not name everything.
func globalNames(globals *lua.LTable) map[lua.LValue]string {
	names := map[lua.LValue]string{}
	if globals == nil {
		return names
	}
	remember := func(v lua.LValue, name string) {
		switch v.(type) {
		case *lua.LFunction, *lua.LTable:
			if _, taken := names[v]; !taken {
				names[v] = name
			}
		}
	}
	forEachName(globals, func(name string, v lua.LValue) {
		remember(v, name)
	})
	forEachName(globals, func(name string, v lua.LValue) {
		if t, ok := v.(*lua.LTable); ok && t != globals {
			forEachName(t, func(field string, fv lua.LValue) {
				remember(fv, name+"."+field)
			})
		}
	})
	return names
}

// forEachName calls f for the fields of t whose keys are identifiers, in
// sorted order so that a value held in two places always gets the same name.
func forEachName(t *lua.LTable, f func(name string, v lua.LValue)) {
	bindings.CompleteRow(t) // a module table makes its functions on first use
	var keys []string
	t.ForEach(func(key, _ lua.LValue) {
		if s, ok := key.(lua.LString); ok && isIdentifier(string(s)) && s[0] != '_' {
			keys = append(keys, string(s))
		}
	})
	sort.Strings(keys)
	for _, key := range keys {
		f(key, t.RawGetString(key))
	}
}

func isIdentifier(s string) bool {
	if s == "" || luaKeywords[s] {
		return false
	}
	for i, r := range s {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

var luaKeywords = map[string]bool{
	"and": true, "break": true, "do": true, "else": true, "elseif": true, "end": true,
	"false": true, "for": true, "function": true, "if": true, "in": true, "local": true,
	"nil": true, "not": true, "or": true, "repeat": true, "return": true, "then": true,
	"true": true, "until": true, "while": true, "goto": true,
}
