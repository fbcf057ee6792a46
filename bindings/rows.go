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
//
// Module tables are rows too, whose fields are the module's functions: a
// function is wrapped for parallel.map the first time a script uses it, so
// that starting novalua does not pay for the modules a script never calls.

// rowSourceKey holds, in a row's metatable, what is left to convert of it.
const rowSourceKey = "__novalua_rows"

// rowSource is what is left to convert of one row. Each row has its own, so
// that a row a script keeps does not keep the rest of its listing alive.
type rowSource struct {
	L      *lua.LState
	object map[string]any

	// convert makes the Lua value of one field; nil means ToLua.
	convert func(L *lua.LState, item any) lua.LValue
}

// value converts one field of the row.
func (s *rowSource) value(item any) lua.LValue {
	if s.convert != nil {
		return s.convert(s.L, item)
	}
	return ToLua(s.L, item)
}

// rowsToLua turns a list of objects into a list of rows. It takes the objects
// over: fields are deleted from them as they are converted.
func rowsToLua(L *lua.LState, objects []map[string]any) *lua.LTable {
	if len(objects) == 0 {
		return EmptyArray(L)
	}

	metamethods := newRowMetamethods(L)
	list := L.CreateTable(len(objects), 0)
	for _, object := range objects {
		list.Append(metamethods.row(&rowSource{L: L, object: object}))
	}
	return list
}

// rowMetamethods are the __index and __newindex that rows made together
// share.
type rowMetamethods struct {
	index, newIndex *lua.LFunction
}

func newRowMetamethods(L *lua.LState) rowMetamethods {
	return rowMetamethods{index: L.NewFunction(rowIndex), newIndex: L.NewFunction(rowNewIndex)}
}

// row makes an empty table whose fields come from source.
func (m rowMetamethods) row(source *rowSource) *lua.LTable {
	L := source.L
	holder := L.NewUserData()
	holder.Value = source
	meta := L.CreateTable(0, 3)
	meta.RawSetString("__index", m.index)
	meta.RawSetString("__newindex", m.newIndex)
	meta.RawSetString(rowSourceKey, holder)

	row := L.CreateTable(0, 0)
	row.Metatable = meta
	return row
}

// sourceOf returns what is left to convert of t when t is a row not yet
// complete.
func sourceOf(t *lua.LTable) *rowSource {
	meta, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return nil
	}
	source, ok := meta.RawGetString(rowSourceKey).(*lua.LUserData)
	if !ok {
		return nil
	}
	left, _ := source.Value.(*rowSource)
	return left
}

// rawField is t.RawGetString(key) for a table that may be a row: the field is
// converted if it was not yet.
func rawField(t *lua.LTable, key string) lua.LValue {
	if value := t.RawGetString(key); value != lua.LNil {
		return value
	}
	source := sourceOf(t)
	if source == nil {
		return lua.LNil
	}
	item, ok := source.object[key]
	if !ok {
		return lua.LNil
	}

	// The field leaves the source once it is in the table, so that a script
	// that sets it to nil later does not see it come back.
	value := source.value(item)
	delete(source.object, key)
	t.RawSetString(key, value)
	return value
}

// CompleteRow converts every field of t that is not converted yet, if t is a
// row, and leaves it a plain table.
func CompleteRow(t *lua.LTable) {
	source := sourceOf(t)
	if source == nil {
		return
	}
	for key, item := range source.object {
		if value := source.value(item); value != lua.LNil {
			t.RawSetString(key, value)
		}
	}
	source.object = nil
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
	CompleteRow(t)
	// L.RawSet, not t.RawSet: it refuses a nil or NaN key as assignment does.
	L.RawSet(t, key, L.Get(3))
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
// row they are given before doing what they always did.
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

		library.RawSetString(name[1], completing(L, original))
	}
}

// completing returns a function that completes a row given as its first
// argument, then runs fn's Go function in its own frame with fn's upvalues, so
// that errors still name the function the script called. Go functions among
// the upvalues are wrapped too: pairs returns its upvalue as the iterator.
func completing(L *lua.LState, fn *lua.LFunction) *lua.LFunction {
	upvalues := make([]lua.LValue, len(fn.Upvalues))
	for i, upvalue := range fn.Upvalues {
		upvalues[i] = upvalue.Value()
		if inner, ok := upvalues[i].(*lua.LFunction); ok && inner.IsG {
			upvalues[i] = completing(L, inner)
		}
	}
	run := fn.GFunction
	return L.NewClosure(func(L *lua.LState) int {
		if t, ok := L.Get(1).(*lua.LTable); ok {
			CompleteRow(t)
		}
		return run(L)
	}, upvalues...)
}
