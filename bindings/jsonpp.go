package bindings

import (
	"bytes"
	"io"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/jsonpp"
)

// OpenJSONPP is the loader of the jsonpp module, printing to os.Stdout.
func OpenJSONPP(L *lua.LState) int {
	return OpenJSONPPWith(os.Stdout)(L)
}

// OpenJSONPPWith returns a loader of the jsonpp module whose print writes to out. The
// module has two functions:
//
//	jsonpp.format(value [, opts]) -> string
//	jsonpp.print(value [, opts])
//
// value is JSON text, formatted exactly (only whitespace changes), or a Lua table, which
// is encoded with its keys sorted. opts may set indent, tab, compact and sort_keys.
func OpenJSONPPWith(out io.Writer) lua.LGFunction {
	return func(L *lua.LState) int {
		module := L.NewTable()
		module.RawSetString("format", L.NewFunction(jsonppFormat))
		module.RawSetString("print", L.NewFunction(func(L *lua.LState) int {
			return jsonppPrint(L, out)
		}))
		L.Push(module)
		return 1
	}
}

// jsonppFormat implements jsonpp.format.
func jsonppFormat(L *lua.LState) int {
	text := jsonppRun(L, "jsonpp.format")
	L.Push(lua.LString(text))
	return 1
}

// jsonppPrint implements jsonpp.print: the text of jsonpp.format and a newline.
func jsonppPrint(L *lua.LState, out io.Writer) int {
	const fn = "jsonpp.print"
	text := jsonppRun(L, fn)
	if _, err := io.WriteString(out, text+"\n"); err != nil {
		argError(L, fn, "write output: %v", err)
	}
	return 0
}

// jsonppRun checks the arguments of fn and returns the formatted text without its final
// newline; it raises a Lua error for bad arguments or input.
func jsonppRun(L *lua.LState, fn string) string {
	value := L.Get(1)
	opts := jsonppOptions(L, fn)

	var input []byte
	switch v := value.(type) {
	case lua.LString:
		input = []byte(v)
	case *lua.LTable:
		encoded, err := EncodeJSON(v)
		if err != nil {
			argError(L, fn, "%v", err)
		}
		input = encoded
	default:
		argError(L, fn, "'value' must be a string or a table, got %s", typeName(value))
	}

	var out bytes.Buffer
	if err := jsonpp.Format(bytes.NewReader(input), &out, opts); err != nil {
		argError(L, fn, "%v", err)
	}
	return strings.TrimSuffix(out.String(), "\n")
}

// jsonppOptions reads the options table, argument 2, of fn.
func jsonppOptions(L *lua.LState, fn string) jsonpp.Options {
	opts := checkOptions(L, 2, fn, false, "indent", "tab", "compact", "sort_keys")
	indent := opts.Int("indent", 0)
	if indent < 0 || indent > jsonpp.MaxIndent {
		argError(L, fn, "'indent' must be from 0 to %d, got %d", jsonpp.MaxIndent, indent)
	}
	return jsonpp.Options{
		Indent:   indent,
		Tab:      opts.Bool("tab"),
		Compact:  opts.Bool("compact") || opts.has("indent") && indent == 0,
		SortKeys: opts.Bool("sort_keys"),
	}
}
