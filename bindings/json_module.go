package bindings

import (
	luajson "github.com/layeh/gopher-json"
)

// jsonModule is gopher-json's json module. Its loader builds the table; the
// functions are listed here so that help and the reference describe them.
func jsonModule() Module {
	return Module{
		Name:   "json",
		Doc:    "JSON text to Lua values and back, from gopher-json.",
		Loader: luajson.Loader,
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
				Example: `local doc = json.decode('{"server": {"name": "web", "ports": [80]}}')
print(doc.server.name, doc.server.ports[1])
--> web 80
print(json.decode("{oops"))
--> nil ...`},
		},
	}
}
