package runtime

import (
	"context"
	"errors"
	"fmt"

	lua "github.com/yuin/gopher-lua"
)

// exitStatus ends a script or the REPL with the status os.exit was given.
type exitStatus struct{ code int }

func (e *exitStatus) Error() string {
	return fmt.Sprintf("exit status %d", e.code)
}

// exitCode reads the argument of os.exit as Lua 5.2 does: nil or true is
// success, false is failure, a number is the status itself.
func exitCode(L *lua.LState) int {
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
		return ExitOK
	case lua.LBool:
		if v {
			return ExitOK
		}
		return ExitFailure
	case lua.LNumber:
		return int(v)
	}
	L.RaiseError("os.exit: 'code' must be a boolean or a number, got %s", L.Get(1).Type())
	return 0
}

// withScriptExit gives L an os.exit that stops the script, even inside a
// pcall, and ends novalua with its status once everything is closed, instead
// of leaving the process on the spot. stopped turns the error of a chunk
// that os.exit ended into an *exitStatus; release frees the context.
func withScriptExit(ctx context.Context, L *lua.LState) (stopped func(error) error,
	release func()) {
	ctx, exit := context.WithCancelCause(ctx)
	L.SetContext(ctx)
	if osTable, ok := L.GetGlobal("os").(*lua.LTable); ok {
		osTable.RawSetString("exit", L.NewFunction(func(L *lua.LState) int {
			exit(&exitStatus{code: exitCode(L)})
			L.RaiseError("os.exit")
			return 0
		}))
	}
	stopped = func(err error) error {
		var status *exitStatus
		if err != nil && errors.As(context.Cause(ctx), &status) {
			return status
		}
		return interruptedOr(ctx, err)
	}
	return stopped, func() { exit(nil) }
}

// maxStringSize bounds the strings string.rep makes: far past it, Go's
// runtime would stop the process on running out of memory, with no chance
// to report it as one line.
const maxStringSize = 1 << 30

// limitStringRep replaces string.rep with one that refuses results larger
// than maxStringSize.
func limitStringRep(L *lua.LState) {
	stringTable, ok := L.GetGlobal("string").(*lua.LTable)
	if !ok {
		return
	}
	rep, ok := stringTable.RawGetString("rep").(*lua.LFunction)
	if !ok {
		return
	}
	stringTable.RawSetString("rep", L.NewFunction(func(L *lua.LState) int {
		s := L.CheckString(1)
		n := L.CheckNumber(2)
		if float64(n)*float64(len(s)) > maxStringSize {
			L.RaiseError("string.rep: the result would be %.0f bytes, more than the %d allowed",
				float64(n)*float64(len(s)), maxStringSize)
		}
		L.Push(rep)
		L.Push(lua.LString(s))
		L.Push(n)
		L.Call(2, 1)
		return 1
	}))
}
