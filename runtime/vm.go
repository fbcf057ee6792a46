package runtime

import (
	"context"
	"io"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/bindings"
)

// newVM returns a Lua state with the standard libraries, novalua's modules
// and help, whose print and help write to stdout.
func newVM(ctx context.Context, env *bindings.Env, stdout io.Writer) *lua.LState {
	L := lua.NewState(lua.Options{SkipOpenLibs: false})
	L.SetContext(ctx)
	L.SetGlobal("print", L.NewFunction(printTo(stdout)))
	limitStringRep(L)
	openHelp(L, bindings.Open(L, env), stdout)
	return L
}

// printTo is Lua's print, writing to w instead of the process's stdout.
func printTo(w io.Writer) lua.LGFunction {
	return func(L *lua.LState) int {
		top := L.GetTop()
		for i := 1; i <= top; i++ {
			if i > 1 {
				io.WriteString(w, "\t")
			}
			io.WriteString(w, L.ToStringMeta(L.Get(i)).String())
		}
		io.WriteString(w, "\n")
		return 0
	}
}

// setArgs sets the global arg table: arg[0] is the script, arg[1]... its
// arguments.
func setArgs(L *lua.LState, script string, args []string) {
	table := L.NewTable()
	table.RawSetInt(0, lua.LString(script))
	for i, a := range args {
		table.RawSetInt(i+1, lua.LString(a))
	}
	L.SetGlobal("arg", table)
}
