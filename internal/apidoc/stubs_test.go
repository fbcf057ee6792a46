package apidoc

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/gopher-lua/parse"

	"github.com/novalua/novalua/bindings"
)

// builtinTypes are the types lua-language-server knows without a definition.
var builtinTypes = map[string]bool{
	"nil": true, "any": true, "boolean": true, "string": true, "number": true,
	"integer": true, "table": true, "function": true, "fun": true, "userdata": true,
	"thread": true,
}

// stubFunction is one function definition of the stubs with the
// annotations above it.
type stubFunction struct {
	params  []string // from the definition
	tagged  []string // from the ---@param lines, "?" removed
	returns int
}

// TestStubsDescribeEveryFunction checks the definition file the way
// lua-language-server reads it, since that server cannot be installed here:
// it is Lua, every module and function of the registry is defined once with
// a ---@param for each parameter in order and a ---@return for each result,
// and every type it names is built in or defined in the file.
func TestStubsDescribeEveryFunction(t *testing.T) {
	modules, types := registry()
	text, err := Stubs(modules, types)
	require.NoError(t, err)
	_, err = parse.Parse(bytes.NewReader(text), StubsFile)
	require.NoError(t, err, "the stubs are not valid Lua")
	require.True(t, strings.HasPrefix(string(text), "---@meta"))

	functions, declared := readStubs(t, string(text))
	for _, m := range modules {
		assert.Contains(t, string(text), "\n"+m.Name+" = {}\n", "module %s", m.Name)
		for _, fn := range m.Functions {
			name := m.Name + "." + fn.Name
			stub, ok := functions[name]
			if !assert.True(t, ok, "the stubs do not define %s", name) {
				continue
			}
			delete(functions, name)
			assert.Equal(t, paramNames(fn.Params), stub.params, "%s: parameters", name)
			assert.Equal(t, stub.params, stub.tagged, "%s: ---@param lines", name)
			assert.Equal(t, len(fn.Results), stub.returns, "%s: ---@return lines", name)
		}
	}
	assert.Empty(t, functions, "the stubs define functions the registry does not have")

	for _, class := range types {
		assert.True(t, declared[class.Name], "type %s is not defined", class.Name)
	}
	for _, name := range typeNames(string(text)) {
		assert.True(t, builtinTypes[name] || declared[name],
			"the stubs use the type %s, which they do not define", name)
	}
}

var (
	functionLine = regexp.MustCompile(`^function ([a-z_]+\.[a-z_]+)\(([^)]*)\) end$`)
	paramLine    = regexp.MustCompile(`^---@param ([A-Za-z_]+)\??\s`)
	declareLine  = regexp.MustCompile(`^---@(?:class|alias) ([A-Za-z_]+)`)
)

// readStubs returns the functions the stubs define and the types they declare.
func readStubs(t *testing.T, text string) (map[string]stubFunction, map[string]bool) {
	functions := map[string]stubFunction{}
	declared := map[string]bool{}
	var current stubFunction
	for _, line := range strings.Split(text, "\n") {
		if m := declareLine.FindStringSubmatch(line); m != nil {
			assert.False(t, declared[m[1]], "type %s is defined twice", m[1])
			declared[m[1]] = true
		}
		if m := paramLine.FindStringSubmatch(line); m != nil {
			current.tagged = append(current.tagged, m[1])
		}
		if strings.HasPrefix(line, "---@return ") {
			current.returns++
		}
		if m := functionLine.FindStringSubmatch(line); m != nil {
			if m[2] != "" {
				current.params = strings.Split(m[2], ", ")
			}
			assert.NotContains(t, functions, m[1], "%s is defined twice", m[1])
			functions[m[1]] = current
		}
		if !strings.HasPrefix(line, "---") {
			current = stubFunction{}
		}
	}
	return functions, declared
}

var (
	typeAnnotation = regexp.MustCompile(`^---@(?:param [A-Za-z_]+\??|field [A-Za-z_]+\??|` +
		`return|alias [A-Za-z_]+) (.*)`)
	quoted     = regexp.MustCompile(`"[^"]*"`)
	identifier = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(:?)`)
)

// typeNames returns the names used as types in the annotations, without the
// keys of table literal types and the parameter names of fun types.
func typeNames(text string) []string {
	var names []string
	for _, line := range strings.Split(text, "\n") {
		m := typeAnnotation.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		expr := quoted.ReplaceAllString(typeExpr(m[1]), "")
		for _, id := range identifier.FindAllStringSubmatch(expr, -1) {
			if id[1] == "" { // "name:" is a key or a parameter name, not a type
				names = append(names, id[0])
			}
		}
	}
	return names
}

// typeExpr returns the type at the start of s: up to the first space outside
// brackets that does not follow a comma or a colon.
func typeExpr(s string) string {
	depth := 0
	for i, r := range s {
		switch {
		case strings.ContainsRune("(<{[", r):
			depth++
		case strings.ContainsRune(")>}]", r):
			depth--
		case r == ' ' && depth == 0 && i > 0 && s[i-1] != ',' && s[i-1] != ':':
			return s[:i]
		}
	}
	return s
}

func paramNames(params []bindings.Param) []string {
	var names []string
	for _, p := range params {
		names = append(names, p.Name)
	}
	return names
}

func TestTypeNamesSkipKeysAndLiterals(t *testing.T) {
	text := "---@param a? fun(item: any, index: integer): Server doc\n" +
		`---@field b {code: integer, message: string}|"SOFT" doc` + "\n" +
		"---@return table<string, Address[]> name # doc\n"
	assert.Equal(t, []string{"fun", "any", "integer", "Server", "integer", "string",
		"table", "string", "Address"}, typeNames(text))
}
