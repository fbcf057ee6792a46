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
	opts := Param{Name: "opts", Type: "JsonppOptions", Optional: true,
		Doc: "the layout", Fields: []Param{
			{Name: "indent", Type: "integer", Optional: true, Default: "2",
				Doc: "spaces per level, 0 to 16; 0 is compact"},
			{Name: "tab", Type: "boolean", Optional: true, Default: "false",
				Doc: "indent with tabs"},
			{Name: "compact", Type: "boolean", Optional: true, Default: "false",
				Doc: "all on one line, without spaces"},
			{Name: "sort_keys", Type: "boolean", Optional: true, Default: "false",
				Doc: "order object members by key (tables are always sorted)"},
		}}
	value := Param{Name: "value", Type: "string|table",
		Doc: "JSON text, or a Lua table to encode"}
	errs := []string{errArgs, "a string error with the line and column when the text is " +
		"not JSON"}
	return Module{
		Name: "jsonpp",
		Doc:  "Pretty-prints JSON text exactly as written, or Lua tables with sorted keys.",
		Functions: []Function{
			{Name: "format", Args: jsonppArgs, Returns: "string",
				Doc: "Formats JSON text (only whitespace changes) or a Lua table. " +
					"indent defaults to 2; tab, compact and sort_keys are booleans.",
				Fn: jsonppFormat, Params: []Param{value, opts},
				Results: []Value{{Type: "string", Name: "text", Doc: "the formatted JSON"}},
				Errors:  errs,
				Example: `print(jsonpp.format('{"b": 1, "a": [true, null]}', {compact = true}))
--> {"b":1,"a":[true,null]}
print(jsonpp.format({name = "web", id = 7}))
--> {
-->   "id": 7,
-->   "name": "web"
--> }`},
			{Name: "print", Args: jsonppArgs, Returns: "nothing",
				Doc:    "Writes what jsonpp.format returns, and a newline, to stdout.",
				Fn:     func(L *lua.LState) int { return jsonppPrint(L, io.Writer(out)) },
				Params: []Param{value, opts}, Errors: errs,
				Example: `jsonpp.print(server.addresses, {indent = 4})
--> {
-->     "private": [
--> ...`},
		},
	}
}
