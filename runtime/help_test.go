package runtime

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/bindings"
)

// modules is the registry help reads, as a script sees it.
func modules() []bindings.Module {
	return bindings.Modules(&bindings.Env{})
}

// helpOutput runs code and returns what it printed.
func helpOutput(t *testing.T, code string) string {
	t.Helper()
	got := runCLI(t, "", nil, "-e", code)
	require.Equal(t, 0, got.code, got.stderr)
	return got.stdout
}

func TestHelpListsEveryModule(t *testing.T) {
	out := helpOutput(t, "help()")

	for _, m := range modules() {
		firstWord := strings.Fields(m.Doc)[0]
		assert.Regexp(t, `(?m)^  `+m.Name+` +`+regexp.QuoteMeta(firstWord), out)
	}
	assertLinesFit(t, out)
}

func TestHelpDescribesAModule(t *testing.T) {
	for _, m := range modules() {
		if len(m.Functions) == 0 {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			out := helpOutput(t, "help("+m.Name+")")
			assert.Equal(t, out, helpOutput(t, `help("`+m.Name+`")`))

			assert.True(t, strings.HasPrefix(out, m.Name+": "), out)
			for _, fn := range m.Functions {
				call := m.Name + "." + fn.Name + "("
				assert.Contains(t, out, "\n  "+call, "%s is missing", call)
			}
			assertLinesFit(t, out)
		})
	}
}

func TestHelpDescribesAFunction(t *testing.T) {
	for _, m := range modules() {
		for _, fn := range m.Functions {
			name := m.Name + "." + fn.Name
			t.Run(name, func(t *testing.T) {
				out := helpOutput(t, "help("+name+")")
				assert.Equal(t, out, helpOutput(t, `help("`+name+`")`))
				assert.Equal(t, out, helpOutput(t, `help(require("`+m.Name+`").`+fn.Name+`)`))

				flat := strings.Join(strings.Fields(out), " ")
				assert.True(t, strings.HasPrefix(flat, name+"("+
					strings.Join(strings.Fields(fn.Args), " ")+")"), out)
				assert.Contains(t, flat, strings.Join(strings.Fields(fn.Doc), " "))
				assertDescribes(t, fn, out)
				assertLinesFit(t, out)
			})
		}
	}
}

func TestHelpForOtherValues(t *testing.T) {
	tests := []struct {
		code string
		want string
	}{
		{"help(json)", "json: JSON text to Lua values and back, from gopher-json. " +
			"json.encode(value) -> text | nil, message Encodes a Lua value"},
		{"help(json.encode)", "json.encode(value) -> text | nil, message Encodes"},
		{"help(servers.delete)", "servers.delete(id | ids [, {workers=}]) Deletes a server, " +
			"or a list"},
		{"help(table.insert)", "table.insert is part of Lua 5.1's own library: "},
		{"help(string.format)", "string.format is part of Lua 5.1's own library: "},
		{"help(print)", "print is part of Lua 5.1's own library: "},
		{"function f() end help(f)", "help: a Lua function defined at (command line):1 " +
			"has no help\n"},
		{"help(servers.nope)", "help: got nil (is a name misspelled?); " +
			"help() lists the modules\n"},
		{"help('servers.nope')", `help: no module or function is named "servers.nope"; ` +
			"help() lists the modules\n"},
		{"help({})", "help: this table is not one of novalua's modules; " +
			"help() lists the modules\n"},
		{"help(42)", "help: a number has no help; help() lists the modules\n"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			out := helpOutput(t, tt.code)
			flat := strings.Join(strings.Fields(out), " ")
			assert.True(t, strings.HasPrefix(flat, strings.TrimSpace(tt.want)), out)
			assertLinesFit(t, out)
		})
	}
}

// assertDescribes checks that help for fn shows every argument, option,
// result and error the registry has for it, and its example.
func assertDescribes(t *testing.T, fn bindings.Function, out string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	section := func(title string, items []string) {
		if len(items) == 0 {
			assert.NotContains(t, out, "\n"+title+":\n")
			return
		}
		start := strings.Index(flat, title+": ")
		if !assert.GreaterOrEqual(t, start, 0, "no %s in:\n%s", title, out) {
			return
		}
		for _, item := range items {
			assert.Contains(t, flat[start:], strings.Join(strings.Fields(item), " "))
		}
	}

	var params []string
	for _, p := range fn.Params {
		params = append(params, paramHelp(p)+p.Doc)
		for _, field := range p.Fields {
			params = append(params, paramHelp(field)+field.Doc)
		}
	}
	section("Arguments", params)
	var results []string
	for _, r := range fn.Results {
		results = append(results, r.Name+" ("+r.Type+"): "+r.Doc)
	}
	section("Returns", results)
	section("Errors", fn.Errors)
	assert.Contains(t, out, "\n  "+strings.ReplaceAll(fn.Example, "\n", "\n  ")+"\n")
}

func TestHelpShowsDefaultsAndOptions(t *testing.T) {
	out := helpOutput(t, "help(servers.list)")
	assert.Contains(t, out, "\nArguments:\n  opts (ServerListOptions, optional): ")
	assert.Contains(t, out, "\n    detail (boolean, default true): false lists only ids")
	assert.Contains(t, out, "\nReturns:\n  servers (Server[]): the servers\n")
	assert.Contains(t, out, "\nExample, where server is an ACTIVE server:\n  servers.create{")

	out = helpOutput(t, "help(limits.get)")
	assert.NotContains(t, out, "Arguments:")
	assert.Contains(t, out, "\nReturns:\n  limits (Limits): ")
}

func assertLinesFit(t *testing.T, text string) {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		// A word longer than a line, such as a long argument list without
		// spaces, may not fit.
		if len(line) > helpWidth && strings.Contains(strings.TrimSpace(line), " ") {
			assert.Fail(t, "line too long", "%q", line)
		}
	}
}
