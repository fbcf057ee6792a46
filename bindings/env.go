package bindings

import (
	"context"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

// Env is what the bindings need from the program around them.
type Env struct {
	// Connect returns the client for the cloud in use. It is called on the first
	// binding that needs the cloud, so scripts that never touch it start fast.
	Connect func(ctx context.Context) (compute.Requester, error)

	// Stdout receives what modules print, such as jsonpp.print.
	Stdout io.Writer

	wrapper lua.LValue           // see wrap
	async   map[*lua.LState]bool // coroutines run by parallel.map
}

// work is the part of a binding that talks to the cloud. It runs without
// touching the Lua state, so that it can run on another goroutine, and returns
// plain Go values that push turns into Lua values.
type work func(ctx context.Context, cloud compute.Requester) (any, error)

// call runs w against the cloud and pushes its result, or raises its error as
// a Lua error attributed to fn.
func (e *Env) call(L *lua.LState, fn string, w work) int {
	if e.runAsync(L) {
		return e.yield(L, fn, w)
	}
	result, err := e.run(L.Context(), &pending{fn: fn, work: w})
	if err != nil {
		raise(L, fn, err)
		return 0
	}
	return pushResults(L, result)
}

// Results holds several return values of a binding.
type Results []any

func pushResults(L *lua.LState, result any) int {
	values := toLuaResults(L, result)
	for _, value := range values {
		L.Push(value)
	}
	return len(values)
}
