package bindings

import (
	"encoding/json"
	"fmt"
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// ToLua turns a decoded JSON value into a Lua value: objects and arrays become
// tables, numbers become Lua numbers, JSON null becomes nil. A list of objects,
// as the cloud's listings are, becomes a list of rows that convert their
// fields as they are read; ToLua takes such a list's objects over.
func ToLua(L *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case lua.LValue:
		return v
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return lua.LString(v.String())
		}
		return lua.LNumber(f)
	case float64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case map[string]any:
		table := L.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetString(key, ToLua(L, item))
		}
		return table
	case []map[string]any:
		return rowsToLua(L, v)
	case []any:
		if len(v) == 0 {
			return EmptyArray(L)
		}
		table := L.CreateTable(len(v), 0)
		for i, item := range v {
			table.RawSetInt(i+1, ToLua(L, item))
		}
		return table
	case []string:
		table := L.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(lua.LString(item))
		}
		return table
	}
	return lua.LString(fmt.Sprint(value))
}

// typeName names a Lua value's type the way Lua's type() does.
func typeName(value lua.LValue) string {
	return value.Type().String()
}

// sortedKeys returns the string keys of a table in order, and the first key
// that is not a string, if any.
func sortedKeys(table *lua.LTable) (keys []string, bad lua.LValue) {
	CompleteRow(table)
	table.ForEach(func(key, _ lua.LValue) {
		if s, ok := key.(lua.LString); ok {
			keys = append(keys, string(s))
		} else if bad == nil {
			bad = key
		}
	})
	sort.Strings(keys)
	return keys, bad
}

const emptyArrayMetaName = "novalua.empty_array"

// EmptyArray returns an empty table marked as a JSON array, so that an empty
// list from the cloud prints as [] and not as {}.
func EmptyArray(L *lua.LState) *lua.LTable {
	table := L.CreateTable(0, 0)
	meta := L.NewTypeMetatable(emptyArrayMetaName)
	meta.RawSetString("__jsonarray", lua.LTrue)
	L.SetMetatable(table, meta)
	return table
}

// IsEmptyArray reports whether t is empty and marked as a JSON array.
func IsEmptyArray(t *lua.LTable) bool {
	meta, ok := t.Metatable.(*lua.LTable)
	if !ok || meta.RawGetString("__jsonarray") != lua.LTrue {
		return false
	}
	key, _ := t.Next(lua.LNil)
	return key == lua.LNil
}
