package bindings

import (
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

const jsonppArgs = "value [, {indent=, tab=, compact=, sort_keys=}]"

func (e *Env) jsonppModule() Module {
	out := e.Stdout
	if out == nil {
		out = os.Stdout
	}
	return Module{
		Name: "jsonpp",
		Doc:  "Pretty-prints JSON text exactly as written, or Lua tables with sorted keys.",
		Functions: []Function{
			{Name: "format", Args: jsonppArgs, Returns: "string",
				Doc: "Formats JSON text (only whitespace changes) or a Lua table. " +
					"indent defaults to 2; tab, compact and sort_keys are booleans.",
				Fn: jsonppFormat},
			{Name: "print", Args: jsonppArgs, Returns: "nothing",
				Doc: "Writes what jsonpp.format returns, and a newline, to stdout.",
				Fn:  func(L *lua.LState) int { return jsonppPrint(L, io.Writer(out)) }},
		},
	}
}
