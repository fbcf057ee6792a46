package bindings

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

const errorMetaName = "novalua.error"

// raise reports err from binding fn as a Lua error. API errors become a table
// with code, kind, message and request_id fields that pcall can inspect and
// that print as one line; other errors become strings.
func raise(L *lua.LState, fn string, err error) {
	var apiErr *compute.APIError
	if errors.As(err, &apiErr) {
		L.Error(apiErrorTable(L, fn, err, apiErr), 1)
		return
	}
	L.Error(lua.LString(fmt.Sprintf("%s%s: %s", where(L), fn, clip(err.Error()))), 0)
}

// maxErrorText bounds what an error repeats of a value a script passed, such
// as a 100 KB name that the cloud quotes back.
const maxErrorText = 1000

// clip shortens text longer than maxErrorText in the middle.
func clip(text string) string {
	if len(text) <= maxErrorText {
		return text
	}
	half := maxErrorText / 2
	return strings.ToValidUTF8(text[:half], "") + fmt.Sprintf(" ... (%d bytes) ... ",
		len(text)-2*half) + strings.ToValidUTF8(text[len(text)-half:], "")
}

func apiErrorTable(L *lua.LState, fn string, err error, apiErr *compute.APIError) *lua.LTable {
	table := L.NewTable()
	table.RawSetString("code", lua.LNumber(apiErr.Status))
	table.RawSetString("kind", lua.LString(apiErr.Kind))
	table.RawSetString("message", lua.LString(clip(apiErr.Message)))
	table.RawSetString("request_id", lua.LString(apiErr.RequestID))
	table.RawSetString("method", lua.LString(apiErr.Method))
	table.RawSetString("url", lua.LString(apiErr.URL))
	table.RawSetString("text", lua.LString(fmt.Sprintf("%s%s: %s", where(L), fn,
		clip(err.Error()))))
	L.SetMetatable(table, errorMeta(L))
	return table
}

// errorMeta is the metatable shared by all API error tables.
func errorMeta(L *lua.LState) *lua.LTable {
	meta := L.NewTypeMetatable(errorMetaName)
	if meta.RawGetString("__tostring") == lua.LNil {
		meta.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(L.CheckTable(1).RawGetString("text"))
			return 1
		}))
	}
	return meta
}

// where returns "chunk:line: " of the innermost Lua function on the stack
// that is not one of novalua's wrappers: the line of the script that called
// the binding.
func where(L *lua.LState) string {
	for level := 0; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			return ""
		}
		if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
			return ""
		}
		if dbg.What != "G" && dbg.Source != wrapperSource && dbg.CurrentLine > 0 {
			return fmt.Sprintf("%s:%d: ", dbg.Source, dbg.CurrentLine)
		}
	}
}
