package runtime

import (
	"context"
	"io"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/bindings"
)

// newTestREPL is a REPL on a state with novalua's modules and the user's
// globals from setup; it reads no input.
func newTestREPL(t *testing.T, setup string) *repl {
	t.Helper()
	env := &bindings.Env{Stdout: io.Discard}
	L := newVM(context.Background(), env, io.Discard)
	t.Cleanup(L.Close)
	require.NoError(t, L.DoString(setup))
	return &repl{ctx: context.Background(), L: L, stdout: io.Discard, stderr: io.Discard}
}

func TestCompleteModuleFunctions(t *testing.T) {
	r := newTestREPL(t, "")
	for _, m := range modules() {
		for _, prefix := range []string{"", "re", "c", "get"} {
			var want []string
			for _, fn := range m.Functions {
				if strings.HasPrefix(fn.Name, prefix) {
					want = append(want, fn.Name+"(")
				}
			}
			if len(m.Functions) == 0 {
				continue
			}
			sort.Strings(want)

			line := "x = " + m.Name + "." + prefix
			head, items, tail := r.complete(line, len(line))
			assert.Equal(t, "x = "+m.Name+".", head)
			assert.Equal(t, want, items, line)
			assert.Equal(t, "", tail)
		}
	}
}

func TestComplete(t *testing.T) {
	r := newTestREPL(t, `
		mytab = {alpha = 1, alpine = {deep = true}, beta = print, _hidden = 1,
			[1] = "not a name", ["not a name"] = 2}
		name = "x"
		obj = setmetatable({}, {__index = {method = function() end, field = 1}})
		sneaky = setmetatable({}, {__index = function() error("ran") end})`)
	tests := []struct {
		line  string
		pos   int // -1 for the end
		head  string
		items []string
		tail  string
	}{
		{"myt", -1, "", []string{"mytab"}, ""},
		{"mytab.al", -1, "mytab.", []string{"alpha", "alpine"}, ""},
		{"mytab.", -1, "mytab.", []string{"alpha", "alpine", "beta("}, ""},
		{"mytab._", -1, "mytab.", []string{"_hidden"}, ""},
		{"mytab.alpine.d", -1, "mytab.alpine.", []string{"deep"}, ""},
		{"print(mytab.be", -1, "print(mytab.", []string{"beta("}, ""},
		{"print(mytab.al) -- x", 14, "print(mytab.", []string{"alpha", "alpine"}, ") -- x"},
		{"name:up", -1, "name:", []string{"upper("}, ""},
		{"mytab:b", -1, "mytab:", []string{"beta("}, ""},
		{"mytab:a", -1, "mytab:", nil, ""},
		{"obj.", -1, "obj.", []string{"field", "method("}, ""},
		{"sneaky.", -1, "sneaky.", nil, ""},
		{"nosuch.x", -1, "", nil, ""},
		{"mytab.alpha.x", -1, "", nil, ""},
		{"fu", -1, "", []string{"function"}, ""},
		{"whi", -1, "", []string{"while"}, ""},
		{"_X", -1, "", nil, ""},
		{"_VE", -1, "", []string{"_VERSION"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			pos := tt.pos
			if pos < 0 {
				pos = len(tt.line)
			}
			head, items, tail := r.complete(tt.line, pos)
			assert.Equal(t, tt.items, items)
			if tt.items != nil {
				assert.Equal(t, tt.head, head)
				assert.Equal(t, tt.tail, tail)
			}
		})
	}
}

func TestCompleteGlobalsLeaveUnderscoreNamesOut(t *testing.T) {
	r := newTestREPL(t, "")
	_, items, _ := r.complete("", 0)

	assert.Contains(t, items, "servers")
	assert.Contains(t, items, "help(")
	assert.Contains(t, items, "print(")
	assert.NotContains(t, items, "_G")
	assert.NotContains(t, items, "end", "keywords only once a letter is typed")
}

func TestRowsOfAListingPrintAndCompleteWhole(t *testing.T) {
	r := newTestREPL(t, "")
	servers := []map[string]any{{"id": "1", "name": "web", "status": "ACTIVE",
		"addresses": map[string]any{"private": []any{map[string]any{"addr": "10.0.0.5"}}}}}
	r.L.SetGlobal("rows", bindings.ToLua(r.L, servers))
	require.NoError(t, r.L.DoString("row = rows[1]"))

	head, items, _ := r.complete("row.st", len("row.st"))
	assert.Equal(t, "row.", head)
	assert.Equal(t, []string{"status"}, items)

	text, _ := pretty(r.L.G.Global, r.L.GetGlobal("rows"))
	for _, want := range []string{`"name": "web"`, `"status": "ACTIVE"`, `"addr": "10.0.0.5"`} {
		assert.Contains(t, text, want)
	}
}
