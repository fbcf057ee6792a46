package bindings

import (
	"context"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Bindings run in one of two ways. Called from plain Lua code, a binding does
// its work at once and returns. Called from a coroutine that parallel.map
// runs, it yields a *pending to the scheduler instead, which does the work on
// another goroutine and resumes the coroutine with the result; the Lua state
// itself is only ever touched by one goroutine.

// pending is cloud work handed from a coroutine to the scheduler.
type pending struct {
	fn   string
	work work
}

// failure carries a binding's error through a resume; the wrapper around the
// binding raises it inside the coroutine, where pcall can catch it.
type failure struct {
	fn  string
	err error
}

// wrapperSource names the chunk of the wrappers, so that error positions can
// skip them and point at the script's line.
const wrapperSource = "<novalua>"

const wrapperCode = `local check = ...
return function(f)
  return function(...) return check(f(...)) end
end`

// wrap returns a Lua function that calls binding and raises a failure that
// comes back from it.
func (e *Env) wrap(L *lua.LState, binding *lua.LFunction) lua.LValue {
	if e.wrapper == nil {
		fn, err := L.Load(strings.NewReader(wrapperCode), wrapperSource)
		if err != nil {
			panic("bindings: wrapper does not compile: " + err.Error())
		}
		L.Push(fn)
		L.Push(L.NewFunction(raiseFailure))
		L.Call(1, 1)
		e.wrapper = L.Get(-1)
		L.Pop(1)
	}
	L.Push(e.wrapper)
	L.Push(binding)
	L.Call(1, 1)
	wrapped := L.Get(-1)
	L.Pop(1)
	return wrapped
}

// raiseFailure returns its arguments, unless the first is a failure, which it
// raises.
func raiseFailure(L *lua.LState) int {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if f, ok := ud.Value.(*failure); ok {
			raise(L, f.fn, f.err)
			return 0
		}
	}
	return L.GetTop()
}

// runAsync reports whether L is a coroutine whose calls go to the scheduler.
// A call that a Go function made on the way, such as pcall, table.sort or
// string.gsub calling back into Lua, runs at once instead: gopher-lua cannot
// yield across a Go function.
func (e *Env) runAsync(L *lua.LState) bool {
	if e.async == nil || !e.async[L] {
		return false
	}
	return !calledThroughGo(L)
}

// calledThroughGo reports whether a Go function is on L's stack below the
// binding that is running (level 0).
func calledThroughGo(L *lua.LState) bool {
	for level := 1; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			return false
		}
		if _, err := L.GetInfo("S", dbg, lua.LNil); err != nil || dbg.What == "G" {
			return true
		}
	}
}

// yield hands w to the scheduler.
func (e *Env) yield(L *lua.LState, fn string, w work) int {
	ud := L.NewUserData()
	ud.Value = &pending{fn: fn, work: w}
	return L.Yield(ud)
}

// run does the work of p against the cloud; it does not touch Lua.
func (e *Env) run(ctx context.Context, p *pending) (any, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cloud, err := e.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return p.work(ctx, cloud)
}
