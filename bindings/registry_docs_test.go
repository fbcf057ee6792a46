package bindings

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	lua "github.com/yuin/gopher-lua"
)

// TestEveryFunctionIsDocumented checks that the registry says all that the
// reference, help and the editor stubs need about every function.
func TestEveryFunctionIsDocumented(t *testing.T) {
	for _, m := range Modules(&Env{}) {
		assert.NotEmpty(t, m.Doc, "module %s has no Doc", m.Name)
		assert.NotEmpty(t, m.Functions, "module %s describes no function", m.Name)
		for _, fn := range m.Functions {
			name := m.Name + "." + fn.Name
			t.Run(name, func(t *testing.T) {
				assert.NotEmpty(t, fn.Doc, "Doc")
				assert.NotEmpty(t, fn.Returns, "Returns")
				assert.NotEmpty(t, fn.Errors, "Errors")
				assert.Contains(t, fn.Example, "--> ",
					"Example must show what it prints with --> lines")
				for _, line := range strings.Split(fn.Example, "\n") {
					// help indents examples by 2 and wraps at 78 columns
					assert.LessOrEqual(t, len(line), 76, "Example line too long: %q", line)
				}
				assert.Equal(t, fn.Args != "", len(fn.Params) > 0,
					"Params must describe every argument of (%s), and only those", fn.Args)
				assert.Equal(t, fn.Returns != "nothing", len(fn.Results) > 0,
					"Results must describe what it returns (%s)", fn.Returns)
				for _, p := range fn.Params {
					checkParam(t, p)
					for _, field := range p.Fields {
						checkParam(t, field)
						assert.Contains(t, fn.Args, field.Name+"=",
							"field %s.%s is not in Args", p.Name, field.Name)
					}
				}
				for _, r := range fn.Results {
					assert.NotEmpty(t, r.Type, "a result has no Type")
					assert.NotEmpty(t, r.Name, "a result has no Name")
					assert.NotEmpty(t, r.Doc, "result %s has no Doc", r.Name)
				}
			})
		}
	}
}

func checkParam(t *testing.T, p Param) {
	t.Helper()
	assert.NotEmpty(t, p.Name, "a parameter has no Name")
	assert.NotEmpty(t, p.Type, "parameter %s has no Type", p.Name)
	assert.NotEmpty(t, p.Doc, "parameter %s has no Doc", p.Name)
	assert.False(t, strings.HasSuffix(p.Type, "?"),
		"parameter %s: say Optional rather than %s", p.Name, p.Type)
	if p.Default != "" {
		assert.True(t, p.Optional, "parameter %s has a default but is not Optional", p.Name)
	}
}

// TestRegistryMatchesTheModuleTables opens the modules in a real Lua state
// and compares the functions each table holds with those the registry
// describes, in both directions.
func TestRegistryMatchesTheModuleTables(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	opened := Open(L, &Env{})

	for _, m := range opened.Modules {
		table, ok := L.GetGlobal(m.Name).(*lua.LTable)
		if !assert.True(t, ok, "module %s is not a global table", m.Name) {
			continue
		}
		CompleteRow(table) // the functions are wrapped on first use
		var inTable, described []string
		table.ForEach(func(key, value lua.LValue) {
			if value.Type() == lua.LTFunction {
				inTable = append(inTable, key.String())
			}
		})
		for _, fn := range m.Functions {
			described = append(described, fn.Name)
		}
		sort.Strings(inTable)
		sort.Strings(described)
		assert.Equal(t, inTable, described,
			"module %s: the functions in its table and in the registry differ", m.Name)
	}
}

func TestTypesAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, class := range Types() {
		assert.False(t, seen[class.Name], "type %s is listed twice", class.Name)
		seen[class.Name] = true
		assert.NotEmpty(t, class.Doc, "type %s has no Doc", class.Name)
		assert.Equal(t, class.Alias == "", len(class.Fields) > 0,
			"type %s must be an alias or have fields", class.Name)
		for _, f := range class.Fields {
			checkParam(t, f)
		}
	}
}
