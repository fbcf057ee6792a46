package apidoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/bindings"
)

func registry() ([]bindings.Module, []bindings.Class) {
	return bindings.Modules(&bindings.Env{}), bindings.Types()
}

// TestReferenceIsUpToDate fails when docs/lua-api.md is not what the
// registry generates: a binding was added, removed or changed without the
// reference.
func TestReferenceIsUpToDate(t *testing.T) {
	want, err := Markdown(registry())
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "lua-api.md"))
	require.NoError(t, err)

	if string(got) != string(want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("docs/lua-api.md differs from the registry from line %d:\n"+
					"  file:     %q\n  registry: %q\nrun `%s` and commit the result",
					i+1, gotLines[i], wantLines[i], Command)
			}
		}
		t.Fatalf("docs/lua-api.md has %d lines, the registry makes %d; run `%s`",
			len(gotLines), len(wantLines), Command)
	}
}

func TestReferenceDescribesEveryFunction(t *testing.T) {
	modules, types := registry()
	text, err := Markdown(modules, types)
	require.NoError(t, err)
	doc := string(text)

	for _, m := range modules {
		assert.Contains(t, doc, "\n## "+m.Name+"\n")
		for _, fn := range m.Functions {
			name := m.Name + "." + fn.Name
			section := sectionOf(doc, "### "+name)
			if !assert.NotEmpty(t, section, "no section for %s", name) {
				continue
			}
			assert.Contains(t, section, fn.Doc)
			assert.Contains(t, section, "```lua\n"+fn.Example+"\n```")
			for _, p := range fn.Params {
				assert.Contains(t, section, "| `"+p.Name+"` | `"+cell(p.Type)+"` |")
			}
			for _, e := range fn.Errors {
				assert.Contains(t, section, "- "+e+"\n")
			}
		}
	}
	for _, class := range types {
		assert.Contains(t, doc, "\n### "+class.Name+"\n")
	}
	assert.Contains(t, doc, bindings.ExamplePrelude, "the prelude of the examples")
}

// sectionOf returns the text from heading to the next heading of its level.
func sectionOf(doc, heading string) string {
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		return ""
	}
	rest := doc[start+1:]
	if end := strings.Index(rest[len(heading):], "\n### "); end >= 0 {
		return rest[:len(heading)+end]
	}
	return rest
}

func TestSharedOptionClassesMustAgree(t *testing.T) {
	fields := []bindings.Param{{Name: "timeout", Type: "number", Doc: "seconds"}}
	other := []bindings.Param{{Name: "timeout", Type: "integer", Doc: "seconds"}}
	modules := []bindings.Module{{Name: "m", Functions: []bindings.Function{
		{Name: "a", Params: []bindings.Param{{Name: "o", Type: "WaitOptions", Fields: fields}}},
		{Name: "b", Params: []bindings.Param{{Name: "o", Type: "WaitOptions", Fields: other}}},
	}}}

	_, err := Markdown(modules, nil)
	assert.EqualError(t, err, "m.b: class WaitOptions has other fields than where it "+
		"first appears")
	_, err = Stubs(modules, nil)
	assert.Error(t, err)
}

func TestAnchorAndCell(t *testing.T) {
	assert.Equal(t, "serverswait_all", anchor("servers.wait_all"))
	assert.Equal(t, "apierror", anchor("ApiError"))
	assert.Equal(t, `string\|Server`, cell("string|Server"))
}
