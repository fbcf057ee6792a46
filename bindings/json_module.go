package bindings

import (
	"strings"

	luajson "github.com/layeh/gopher-json"
	lua "github.com/yuin/gopher-lua"
)

// jsonModule is gopher-json's encoder and decoder, with arguments checked
// and messages worded as the other modules word theirs.
func jsonModule() Module {
	return Module{
		Name: "json",
		Doc:  "JSON text to Lua values and back, from gopher-json.",
		Functions: []Function{
			{Name: "encode", Args: "value", Returns: "text | nil, message",
				Doc: "Encodes a Lua value as compact JSON. A table with the keys 1..n is " +
					"an array, one with string keys an object with its keys sorted, an " +
					"empty table []. A value JSON cannot hold (a function, a cycle, mixed " +
					"or sparse keys) gives nil and a message.",
				Params: []Param{{Name: "value", Type: "any",
					Doc: "a table, string, number, boolean or nil"}},
				Results: []Value{
					{Type: "string?", Name: "text", Doc: "the JSON text, or nil"},
					{Type: "string?", Name: "message",
						Doc: "why it cannot be encoded: a function, a cycle, mixed keys"},
				},
				Errors: []string{"a string error when no value is given"},
				Fn:     jsonEncode,
				Example: `print(json.encode({name = "web", ports = {80, 443}}))
--> {"name":"web","ports":[80,443]}
print(json.encode({f = print}))
--> nil ...cannot encode function to JSON`},
			{Name: "decode", Args: "text", Returns: "value | nil, message",
				Doc: "Decodes JSON text into Lua values: objects and arrays become " +
					"tables, null becomes nil. Text that is not JSON gives nil and a message.",
				Params: []Param{{Name: "text", Type: "string", Doc: "JSON text"}},
				Results: []Value{
					{Type: "any", Name: "value", Doc: "the decoded value, or nil"},
					{Type: "string?", Name: "message", Doc: "why the text is not JSON"},
				},
				Errors: []string{"a string error when text is not a string or a number"},
				Fn:     jsonDecode,
				Example: `local doc = json.decode('{"server": {"name": "web", "ports": [80]}}')
print(doc.server.name, doc.server.ports[1])
--> web 80
print(json.decode("{oops"))
--> nil ...`},
		},
	}
}

func jsonEncode(L *lua.LState) int {
	if L.GetTop() < 1 {
		argError(L, "json.encode", "'value' is missing")
	}
	completeRowsIn(L.Get(1), map[*lua.LTable]bool{})
	text, err := luajson.Encode(L.Get(1))
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("json.encode: " + jsonMessage(err)))
		return 2
	}
	L.Push(lua.LString(text))
	return 1
}

func jsonDecode(L *lua.LState) int {
	text, ok := stringish(L.Get(1))
	if !ok {
		argError(L, "json.decode", "'text' must be a string, got %s", typeName(L.Get(1)))
	}
	value, err := luajson.Decode(L, []byte(text))
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("json.decode: " + jsonMessage(err)))
		return 2
	}
	L.Push(value)
	return 1
}

// jsonMessage keeps what went wrong and drops encoding/json's wording about
// gopher-json's internal types.
func jsonMessage(err error) string {
	text := err.Error()
	if i := strings.LastIndex(text, "json.jsonValue: "); i >= 0 {
		text = text[i+len("json.jsonValue: "):]
	}
	return text
}
