package apidoc

import (
	"fmt"
	"strings"

	"github.com/novalua/novalua/bindings"
)

// StubsFile is the name of the file novalua stubs writes.
const StubsFile = "novalua.lua"

// Stubs returns a definition file for lua-language-server: a class or alias
// for every type, and every module function with its parameters and
// results, so that an editor completes names and checks arguments.
func Stubs(modules []bindings.Module, types []bindings.Class) ([]byte, error) {
	options, err := optionClasses(modules)
	if err != nil {
		return nil, err
	}

	var b strings.Builder
	b.WriteString("---@meta novalua\n\n" +
		"-- Definitions of novalua's Lua modules for lua-language-server, written by\n" +
		"-- `novalua stubs` from the registry that help() and docs/lua-api.md come from.\n" +
		"-- Do not edit: run novalua stubs again after an upgrade.\n\n")
	for _, class := range append(append([]bindings.Class{}, types...), options...) {
		writeStubClass(&b, class)
	}
	for _, m := range modules {
		writeComment(&b, m.Doc)
		fmt.Fprintf(&b, "%s = {}\n\n", m.Name)
		for _, fn := range m.Functions {
			writeStubFunction(&b, m, fn)
		}
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

func writeStubClass(b *strings.Builder, class bindings.Class) {
	writeComment(b, class.Doc)
	if class.Alias != "" {
		fmt.Fprintf(b, "---@alias %s %s\n\n", class.Name, class.Alias)
		return
	}
	fmt.Fprintf(b, "---@class %s\n", class.Name)
	for _, f := range class.Fields {
		fmt.Fprintf(b, "---@field %s%s %s %s\n", f.Name, optionalMark(f), f.Type, paramDoc(f))
	}
	b.WriteString("\n")
}

func writeStubFunction(b *strings.Builder, m bindings.Module, fn bindings.Function) {
	writeComment(b, fn.Doc)
	b.WriteString("---\n---```lua\n")
	for _, line := range strings.Split(fn.Example, "\n") {
		fmt.Fprintf(b, "---%s\n", line)
	}
	b.WriteString("---```\n")
	names := make([]string, len(fn.Params))
	for i, p := range fn.Params {
		names[i] = p.Name
		fmt.Fprintf(b, "---@param %s%s %s %s\n", p.Name, optionalMark(p), p.Type, paramDoc(p))
	}
	for _, r := range fn.Results {
		fmt.Fprintf(b, "---@return %s %s # %s\n", r.Type, r.Name, r.Doc)
	}
	fmt.Fprintf(b, "function %s(%s) end\n\n", qualified(m, fn), strings.Join(names, ", "))
}

func optionalMark(p bindings.Param) string {
	if p.Optional {
		return "?"
	}
	return ""
}

func paramDoc(p bindings.Param) string {
	if p.Default != "" {
		return p.Doc + " (default " + p.Default + ")"
	}
	return p.Doc
}

// writeComment writes text as "---" lines of at most 80 columns, which
// lua-language-server shows as the description of what follows.
func writeComment(b *strings.Builder, text string) {
	line := "---"
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > 80 && line != "---" {
			b.WriteString(line + "\n")
			line = "---"
		}
		if line != "---" {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}
