package bindings

import (
	lua "github.com/yuin/gopher-lua"
)

// A listing of a thousand servers is a few tens of thousands of Lua tables,
// and most scripts read a field or two of each server. So each object of a
// list the cloud returns becomes a row: a table that converts a field the
// first time it is read, and every field left when it is walked (pairs, next),
// written to, or read whole by Go code (the printer, the JSON encoders, the
// options checks). A row that is complete is a plain table with no metatable.
// Scripts cannot tell a row from a plain table: the functions that see tables
// raw (next, pairs, rawget, rawset, and getting or setting a metatable)
// complete a row first.

// rowSourceKey holds, in the metatable shared by the rows of one list, what
// is left to convert of each row.
const rowSourceKey = "__novalua_rows"

// rowSources is what is left to convert of the rows of one list.
type rowSources struct {
	L       *lua.LState
	pending map[*lua.LTable]map[string]any
}

// rowsToLua turns a list of objects into a list of rows. It takes the objects
// over: fields are deleted from them as they are converted.
func rowsToLua(L *lua.LState, objects []map[string]any) *lua.LTable {
	if len(objects) == 0 {
		return EmptyArray(L)
	}

	sources := &rowSources{L: L, pending: make(map[*lua.LTable]map[string]any, len(objects))}
	source := L.NewUserData()
	source.Value = sources
	meta := L.CreateTable(0, 3)
	meta.RawSetString("__index", L.NewFunction(rowIndex))
	meta.RawSetString("__newindex", L.NewFunction(rowNewIndex))
	meta.RawSetString(rowSourceKey, source)

	list := L.CreateTable(len(objects), 0)
	for _, object := range objects {
		row := L.CreateTable(0, 0)
		row.Metatable = meta
		sources.pending[row] = object
		list.Append(row)
	}
	return list
}

// sourcesOf returns the sources of t's list when t is a row not yet complete.
func sourcesOf(t *lua.LTable) *rowSources {
	meta, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return nil
	}
	source, ok := meta.RawGetString(rowSourceKey).(*lua.LUserData)
	if !ok {
		return nil
	}
	sources, _ := source.Value.(*rowSources)
	return sources
}

// rawField is t.RawGetString(key) for a table that may be a row: the field is
// converted if it was not yet.
func rawField(t *lua.LTable, key string) lua.LValue {
	if value := t.RawGetString(key); value != lua.LNil {
		return value
	}
	sources := sourcesOf(t)
	if sources == nil {
		return lua.LNil
	}
	object := sources.pending[t]
	item, ok := object[key]
	if !ok {
		return lua.LNil
	}

	// The field leaves the source once it is in the table, so that a script
	// that sets it to nil later does not see it come back.
	value := ToLua(sources.L, item)
	delete(object, key)
	t.RawSetString(key, value)
	return value
}

// CompleteRow converts every field of t that is not converted yet, if t is a
// row, and leaves it a plain table.
func CompleteRow(t *lua.LTable) {
	sources := sourcesOf(t)
	if sources == nil {
		return
	}
	for key, item := range sources.pending[t] {
		if value := ToLua(sources.L, item); value != lua.LNil {
			t.RawSetString(key, value)
		}
	}
	delete(sources.pending, t)
	t.Metatable = lua.LNil
}

// completeRowsIn completes every row that value holds, at any depth, for
// code that walks tables on its own, such as gopher-json's encoder.
func completeRowsIn(value lua.LValue, seen map[*lua.LTable]bool) {
	t, ok := value.(*lua.LTable)
	if !ok || seen[t] {
		return
	}
	seen[t] = true
	CompleteRow(t)
	t.ForEach(func(_, item lua.LValue) {
		completeRowsIn(item, seen)
	})
}

// rowIndex is the rows' __index: the first read of a field converts it.
func rowIndex(L *lua.LState) int {
	t := L.CheckTable(1)
	key, ok := L.Get(2).(lua.LString)
	if !ok {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(rawField(t, string(key)))
	return 1
}

// rowNewIndex is the rows' __newindex: a new field completes the row first,
// so that the row never mixes what the script wrote with what is pending.
func rowNewIndex(L *lua.LState) int {
	t := L.CheckTable(1)
	key := L.CheckAny(2)
	if key == lua.LNil {
		L.RaiseError("table index is nil")
	}
	CompleteRow(t)
	t.RawSet(key, L.Get(3))
	return 0
}

// rawTableFunctions are the library functions that see a table raw, by the
// library that holds them ("" for the base functions).
var rawTableFunctions = [][2]string{
	{"", "next"}, {"", "pairs"}, {"", "rawget"}, {"", "rawset"},
	{"", "getmetatable"}, {"", "setmetatable"},
	{"debug", "getmetatable"}, {"debug", "setmetatable"},
}

// openRows wraps the functions that see tables raw so that they complete a
// row they are given before doing what they always did. A wrapper runs the
// original Go function in its own frame, with the original's upvalues, so
// that errors still name the function the script called.
func openRows(L *lua.LState) {
	for _, name := range rawTableFunctions {
		library := L.G.Global
		if name[0] != "" {
			library, _ = L.GetGlobal(name[0]).(*lua.LTable)
		}
		if library == nil {
			continue
		}
		original, ok := library.RawGetString(name[1]).(*lua.LFunction)
		if !ok || !original.IsG {
			continue
		}

		upvalues := make([]lua.LValue, len(original.Upvalues))
		for i, upvalue := range original.Upvalues {
			upvalues[i] = upvalue.Value()
		}
		run := original.GFunction
		library.RawSetString(name[1], L.NewClosure(func(L *lua.LState) int {
			if t, ok := L.Get(1).(*lua.LTable); ok {
				CompleteRow(t)
			}
			return run(L)
		}, upvalues...))
	}
}
