package bindings

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

// newJSONPPState returns a Lua state where require("jsonpp") loads the module with print
// writing to out.
func newJSONPPState(t *testing.T, out *bytes.Buffer) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	L.PreloadModule("jsonpp", OpenJSONPPWith(out))
	require.NoError(t, L.DoString(`jsonpp = require("jsonpp")`))
	return L
}

// evalJSONPP runs a Lua expression and returns its string value.
func evalJSONPP(t *testing.T, L *lua.LState, expr string) (string, error) {
	t.Helper()
	if err := L.DoString("result = " + expr); err != nil {
		return "", err
	}
	return L.GetGlobal("result").String(), nil
}

func TestJSONPPFormat(t *testing.T) {
	cases := []struct {
		name, expr, want string
	}{
		{"json text kept exactly",
			`jsonpp.format('{"b":1.0,"a":"\\u00e9","n":12345678901234567890}')`,
			"{\n  \"b\": 1.0,\n  \"a\": \"\\u00e9\",\n  \"n\": 12345678901234567890\n}"},
		{"indent", `jsonpp.format('[1]', {indent = 4})`, "[\n    1\n]"},
		{"indent zero is compact", `jsonpp.format('[1, 2]', {indent = 0})`, "[1,2]"},
		{"tab", `jsonpp.format('[1]', {tab = true})`, "[\n\t1\n]"},
		{"compact", `jsonpp.format('{ "a" : [ 1 , 2 ] }', {compact = true})`, `{"a":[1,2]}`},
		{"sort keys of text", `jsonpp.format('{"b":1,"a":2}', {sort_keys = true, compact = true})`,
			`{"a":2,"b":1}`},
		{"several documents", `jsonpp.format('1 [2]', {compact = true})`, "1\n[2]"},
		{"table keys sorted", `jsonpp.format({b = 1, a = {z = true, y = false}}, {compact = true})`,
			`{"a":{"y":false,"z":true},"b":1}`},
		{"array", `jsonpp.format({1, "two", {3}}, {compact = true})`, `[1,"two",[3]]`},
		{"empty table is an object", `jsonpp.format({})`, "{}"},
		{"nested empties", `jsonpp.format({list = {}, n = 0}, {compact = true})`,
			`{"list":{},"n":0}`},
		{"table with holes is an object", `jsonpp.format({[1] = "a", [3] = "c"}, {compact = true})`,
			`{"1":"a","3":"c"}`},
		{"mixed keys are an object", `jsonpp.format({"a", x = 1}, {compact = true})`,
			`{"1":"a","x":1}`},
		{"whole numbers without fraction",
			`jsonpp.format({1, -2, 3.0, 2^53, 1e20}, {compact = true})`,
			`[1,-2,3,9007199254740992,100000000000000000000]`},
		{"fractions and exponents", `jsonpp.format({0.5, -1.25, 1e-7, 1e300}, {compact = true})`,
			`[0.5,-1.25,1e-07,1e+300]`},
		{"strings escaped", `jsonpp.format({'say "hi"\n\t\\ é \1'}, {compact = true})`,
			`["say \"hi\"\n\t\\ é \u0001"]`},
		{"default layout of a table", `jsonpp.format({servers = {{id = "a", name = "web"}}})`,
			"{\n  \"servers\": [\n    {\n      \"id\": \"a\",\n" +
				"      \"name\": \"web\"\n    }\n  ]\n}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			L := newJSONPPState(t, &bytes.Buffer{})
			got, err := evalJSONPP(t, L, tc.expr)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestJSONPPErrors(t *testing.T) {
	cases := []struct {
		name, code, msg string
	}{
		{"bad json", `jsonpp.format('{"a" 1}')`,
			"jsonpp.format: 1:6: invalid character '1' after object key"},
		{"empty json", `jsonpp.format('')`, "jsonpp.format: 1:1: empty input"},
		{"wrong value type", `jsonpp.format(42)`,
			"jsonpp.format: 'value' must be a string or a table, got number"},
		{"missing value", `jsonpp.format()`,
			"jsonpp.format: 'value' must be a string or a table, got nil"},
		{"indent type", `jsonpp.format('1', {indent = "4"})`,
			"jsonpp.format: 'indent' must be a whole number, got string"},
		{"indent range", `jsonpp.format('1', {indent = 17})`,
			"jsonpp.format: 'indent' must be from 0 to 16, got 17"},
		{"tab type", `jsonpp.format('1', {tab = 1})`,
			"jsonpp.format: 'tab' must be a boolean, got number"},
		{"unknown option", `jsonpp.format('1', {colour = true})`,
			"jsonpp.format: unknown option 'colour'"},
		{"options not a table", `jsonpp.format('1', "compact")`,
			"jsonpp.format: argument #2 must be a table, got string"},
		{"NaN", `jsonpp.format({0/0})`, "jsonpp.format: cannot encode NaN at value[1]"},
		{"infinity", `jsonpp.format({x = {y = -1/0}})`,
			"jsonpp.format: cannot encode -Inf at value.x.y"},
		{"function", `jsonpp.format({f = print})`,
			"jsonpp.format: cannot encode a function at value.f"},
		{"boolean key", `jsonpp.format({[true] = 1})`,
			"jsonpp.format: cannot encode a table with a boolean key at value"},
		{"clashing keys", `jsonpp.format({[1] = "a", ["1"] = "b", x = 1})`,
			`jsonpp.format: cannot encode a table with both 1 and "1" as keys at value`},
		{"invalid utf-8", `jsonpp.format({name = "\255"})`,
			"jsonpp.format: cannot encode a string that is not UTF-8 at value.name"},
		{"cycle", `local t = {}; t.self = t; jsonpp.format(t)`,
			"jsonpp.format: cannot encode a table that contains itself at value.self"},
		{"deep cycle", `local t = {a = {}}; t.a["b c"] = {t}; jsonpp.format(t)`,
			`jsonpp.format: cannot encode a table that contains itself at value.a["b c"][1]`},
		{"print checks too", `jsonpp.print('[1,')`,
			"jsonpp.print: 1:4: unexpected end of JSON input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			L := newJSONPPState(t, &out)
			err := L.DoString(tc.code)

			var apiErr *lua.ApiError
			require.True(t, errors.As(err, &apiErr), "want a Lua error, got %v", err)
			assert.Contains(t, apiErr.Object.String(), tc.msg)
			assert.Empty(t, out.String(), "nothing printed")
		})
	}
}

func TestJSONPPSharedTableIsNotACycle(t *testing.T) {
	L := newJSONPPState(t, &bytes.Buffer{})
	got, err := evalJSONPP(t, L, `(function()
		local s = {1}
		return jsonpp.format({a = s, b = {s}}, {compact = true})
	end)()`)
	require.NoError(t, err)
	assert.Equal(t, `{"a":[1],"b":[[1]]}`, got)
}

func TestJSONPPPrint(t *testing.T) {
	var out bytes.Buffer
	L := newJSONPPState(t, &out)
	code := `jsonpp.print({id = "x"}); jsonpp.print('[1,2]', {compact = true})`
	require.NoError(t, L.DoString(code))
	assert.Equal(t, "{\n  \"id\": \"x\"\n}\n[1,2]\n", out.String())
}

type failingJSONPPWriter struct{}

func (failingJSONPPWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestJSONPPPrintWriteError(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("jsonpp", OpenJSONPPWith(failingJSONPPWriter{}))
	err := L.DoString(`require("jsonpp").print("1")`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "jsonpp.print: write output: disk full")
}

func TestJSONPPDeepTable(t *testing.T) {
	L := newJSONPPState(t, &bytes.Buffer{})
	code := `local t = {}; local cur = t
		for i = 1, 20000 do cur.x = {}; cur = cur.x end
		return jsonpp.format(t)`
	err := L.DoString(code)
	require.Error(t, err)
	assert.Contains(t, err.Error(),
		"jsonpp.format: cannot encode tables nested deeper than 10000 at "+
			"value"+strings.Repeat(".x", 8)+"...(9984 more)..."+strings.Repeat(".x", 8))
}

func TestJSONPPEmptyListFromTheCloudStaysAList(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	value := ToLua(L, map[string]any{"volumes": []any{}, "metadata": map[string]any{}})

	text, err := EncodeJSON(value)
	require.NoError(t, err)
	assert.JSONEq(t, `{"metadata": {}, "volumes": []}`, string(text))
}
