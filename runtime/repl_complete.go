package runtime

import (
	"sort"
	"strings"
	"unicode"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/bindings"
)

// complete is what Tab offers for the name that ends at pos (counted in
// runes): global names and keywords, the fields of the table that a dotted
// name reaches, or a value's methods after a colon. A function comes with
// its "(". Names starting with "_" show only once "_" is typed. Completion
// reads tables but runs no Lua code.
func (r *repl) complete(line string, pos int) (head string, items []string, tail string) {
	runes := []rune(line)
	pos = min(max(pos, 0), len(runes))
	start := pos
	for start > 0 && isNameRune(runes[start-1]) {
		start--
	}
	head, tail = string(runes[:start]), string(runes[pos:])
	word := string(runes[start:pos])

	cut := strings.LastIndexAny(word, ".:")
	if cut < 0 {
		items = append(candidates(r.L, r.L.G.Global, word, false), keywordsFrom(word)...)
		sort.Strings(items)
		return head, items, tail
	}
	value := r.resolve(word[:cut])
	if value == lua.LNil {
		return head, nil, tail
	}
	return head + word[:cut+1], candidates(r.L, value, word[cut+1:], word[cut] == ':'), tail
}

func isNameRune(r rune) bool {
	return r == '_' || r == '.' || r == ':' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// resolve follows a dotted path of names from the globals; nil when it
// leads nowhere.
func (r *repl) resolve(path string) lua.LValue {
	var value lua.LValue = r.L.G.Global
	for _, name := range strings.Split(path, ".") {
		if !isIdentifier(name) {
			return lua.LNil
		}
		value = field(r.L, value, name)
	}
	return value
}

// maxIndexChain bounds how many __index tables completion follows.
const maxIndexChain = 10

// field is value[name] without running a metamethod: raw fields, then
// those of __index tables, as for a string's methods.
func field(L *lua.LState, value lua.LValue, name string) lua.LValue {
	for range maxIndexChain {
		if t, ok := value.(*lua.LTable); ok {
			bindings.CompleteRow(t)
			if v := t.RawGetString(name); v != lua.LNil {
				return v
			}
		}
		value = indexTable(L, value)
		if value == lua.LNil {
			break
		}
	}
	return lua.LNil
}

// indexTable is the __index of value's metatable when it is a table.
func indexTable(L *lua.LState, value lua.LValue) lua.LValue {
	meta, ok := L.GetMetatable(value).(*lua.LTable)
	if !ok {
		return lua.LNil
	}
	if index, ok := meta.RawGetString("__index").(*lua.LTable); ok {
		return index
	}
	return lua.LNil
}

// candidates lists the names of value's fields that start with prefix,
// sorted; only functions when methods is true.
func candidates(L *lua.LState, value lua.LValue, prefix string, methods bool) []string {
	seen := map[string]bool{}
	var names []string
	for range maxIndexChain {
		if t, ok := value.(*lua.LTable); ok {
			bindings.CompleteRow(t)
			t.ForEach(func(key, v lua.LValue) {
				name, ok := key.(lua.LString)
				if !ok || seen[string(name)] || !offered(string(name), prefix) {
					return
				}
				_, isFunction := v.(*lua.LFunction)
				if methods && !isFunction {
					return
				}
				seen[string(name)] = true
				if isFunction {
					name += "("
				}
				names = append(names, string(name))
			})
		}
		value = indexTable(L, value)
		if value == lua.LNil {
			break
		}
	}
	sort.Strings(names)
	return names
}

func offered(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) || !isIdentifier(name) {
		return false
	}
	return !strings.HasPrefix(name, "_") || strings.HasPrefix(prefix, "_")
}

func keywordsFrom(prefix string) []string {
	var words []string
	for word := range luaKeywords {
		if strings.HasPrefix(word, prefix) && prefix != "" {
			words = append(words, word)
		}
	}
	sort.Strings(words)
	return words
}
