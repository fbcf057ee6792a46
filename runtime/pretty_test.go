package runtime

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/bindings"
)

// evalPretty runs source in a fresh state with named globals and prints
// the value it returns.
func evalPretty(t *testing.T, source string) (string, bool) {
	t.Helper()
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("box", L.NewUserData())
	require.NoError(t, L.DoString("mod = {helper = function() end}\n"+source))
	return pretty(L.G.Global, L.Get(-1))
}

func TestPretty(t *testing.T) {
	tests := []struct {
		name   string
		source string
		want   string
	}{
		{"nil", "return nil", "nil"},
		{"boolean", "return false", "false"},
		{"integer", "return 42", "42"},
		{"fraction", "return -1.5", "-1.5"},
		{"string", `return "say \"hi\"\n"`, `"say \"hi\"\n"`},
		{"bytes that are not UTF-8", `return "\255ok"`, `"\xffok"`},
		{"empty table", "return {}", "{}"},
		{"list", "return {1, 'two', true}", "[\n  1,\n  \"two\",\n  true\n]"},
		{"keys sorted", "return {b = 2, a = 1, c = {}}",
			"{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": {}\n}"},
		{"nested", "return {servers = {{id = 'x'}}}",
			"{\n  \"servers\": [\n    {\n      \"id\": \"x\"\n    }\n  ]\n}"},
		{"mixed keys", "return {'a', x = 1, [2.5] = 2, [true] = 3}",
			"{\n  [1]: \"a\",\n  [2.5]: 2,\n  \"x\": 1,\n  [true]: 3\n}"},
		{"list with a hole", "return {[1] = 'a', [3] = 'c'}",
			"{\n  [1]: \"a\",\n  [3]: \"c\"\n}"},
		{"number and string keys apart", "return {[1] = 'n', ['1'] = 's'}",
			"{\n  [1]: \"n\",\n  \"1\": \"s\"\n}"},
		{"global function", "return print", "<function print>"},
		{"library function", "return {string.upper}", "[\n  <function string.upper>\n]"},
		{"function of a user table", "return mod.helper", "<function mod.helper>"},
		{"cycle", "local t = {name = 'loop'} t.self = t return t",
			"{\n  \"name\": \"loop\",\n  \"self\": <cycle>\n}"},
		{"shared table is no cycle", "local x = {1} return {x, x}",
			"[\n  [\n    1\n  ],\n  [\n    1\n  ]\n]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := evalPretty(t, tt.source)
			assert.Equal(t, tt.want, got)
			assert.False(t, cut)
		})
	}
}

func TestPrettyValuesWithoutJSONForm(t *testing.T) {
	tests := []struct {
		source string
		prefix string
	}{
		{"return function() end", "<function: 0x"},
		{"return box", "<userdata: 0x"},
		{"return coroutine.create(function() end)", "<thread: 0x"},
	}
	for _, tt := range tests {
		got, _ := evalPretty(t, tt.source)
		assert.True(t, strings.HasPrefix(got, tt.prefix), got)
		assert.True(t, strings.HasSuffix(got, ">"), got)
	}
}

func TestPrettyRunsNoMetamethod(t *testing.T) {
	got, _ := evalPretty(t, `
		local t = setmetatable({x = 1}, {
			__tostring = function() error("tostring ran") end,
			__index = function() error("index ran") end,
			__pairs = function() error("pairs ran") end,
		})
		return t`)

	assert.Equal(t, "{\n  \"x\": 1\n}", got)
}

func TestPrettyCutsOff(t *testing.T) {
	tests := []struct {
		name   string
		source string
	}{
		{"many lines", "local t = {} for i = 1, 10000 do t[i] = {i} end return t"},
		{"long string", "return string.rep('x', 1000000)"},
		{"deep nesting", "local t = {} for i = 1, 100000 do t = {t} end return t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := evalPretty(t, tt.source)
			assert.True(t, cut)
			assert.LessOrEqual(t, strings.Count(got, "\n"), prettyMaxLines)
			assert.LessOrEqual(t, len(got), prettyMaxBytes)
		})
	}

	_, cut := evalPretty(t, "local t = {} for i = 1, 50 do t[i] = i end return t")
	assert.False(t, cut)
}

func TestPrettyNamesModuleFunctionsNotUsedYet(t *testing.T) {
	L := newVM(context.Background(), &bindings.Env{}, io.Discard)
	defer L.Close()

	got, _ := pretty(L.G.Global, L.GetGlobal("limits"))
	assert.Equal(t, "{\n  \"get\": <function limits.get>\n}", got)
	got, _ = pretty(L.G.Global, L.GetGlobal("flavors"))
	assert.Contains(t, got, `"find": <function flavors.find>`)
}
