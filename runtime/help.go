package runtime

import (
	"fmt"
	"io"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/bindings"
)

// helpWidth is where help wraps its lines.
const helpWidth = 78

// openHelp sets the global help: help() lists novalua's modules,
// help(servers) describes a module and help(servers.create) one function,
// all from the registry that opened them. A name in a string works too:
// help("servers.create"). It writes to w and returns nothing.
func openHelp(L *lua.LState, opened *bindings.Opened, w io.Writer) {
	L.SetGlobal("help", L.NewFunction(func(L *lua.LState) int {
		h := helper{opened: opened, globals: L.G.Global}
		if L.GetTop() == 0 {
			io.WriteString(w, h.overview())
			return 0
		}
		io.WriteString(w, h.describe(L.Get(1)))
		return 0
	}))
}

type helper struct {
	opened  *bindings.Opened
	globals *lua.LTable
}

const helpHint = "help() lists the modules"

func (h helper) describe(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return h.byName(string(v))
	case *lua.LTable:
		if module, ok := h.opened.Module(v); ok {
			return h.module(module, v)
		}
		return "help: this table is not one of novalua's modules; " + helpHint + "\n"
	case *lua.LFunction:
		return h.function(v)
	case *lua.LNilType:
		return "help: got nil (is a name misspelled?); " + helpHint + "\n"
	}
	return fmt.Sprintf("help: a %s has no help; %s\n", v.Type(), helpHint)
}

func (h helper) overview() string {
	var b strings.Builder
	b.WriteString("Modules (help(servers) describes one, help(servers.create) " +
		"one function):\n\n")
	width := 0
	for _, m := range h.opened.Modules {
		width = max(width, len(m.Name))
	}
	for _, m := range h.opened.Modules {
		b.WriteString(wrap(fmt.Sprintf("  %-*s  ", width, m.Name), m.Doc, width+4))
	}
	b.WriteString("\nLua's standard library is there too: print, pairs, string, " +
		"table, math, os.\n")
	return b.String()
}

// byName finds a module or a module function by its name.
func (h helper) byName(name string) string {
	moduleName, fnName, isFunction := strings.Cut(name, ".")
	for _, m := range h.opened.Modules {
		if m.Name != moduleName {
			continue
		}
		if !isFunction {
			table, _ := h.globals.RawGetString(m.Name).(*lua.LTable)
			return h.module(m, table)
		}
		for _, fn := range m.Functions {
			if fn.Name == fnName {
				return functionHelp(m, fn)
			}
		}
	}
	return fmt.Sprintf("help: no module or function is named %q; %s\n", name, helpHint)
}

// module lists a module's functions with their arguments and the first
// sentence of each description. A module whose loader the registry does not
// describe function by function gets the functions in its table listed.
func (h helper) module(m bindings.Module, table *lua.LTable) string {
	var b strings.Builder
	b.WriteString(wrap(m.Name+": ", m.Doc, 2))
	if len(m.Functions) == 0 && table != nil {
		var names []string
		forEachName(table, func(name string, _ lua.LValue) {
			names = append(names, m.Name+"."+name)
		})
		b.WriteString(wrap("Functions: ", strings.Join(names, ", "), 2))
		return b.String()
	}
	b.WriteString("\n")
	for _, fn := range m.Functions {
		b.WriteString(wrap("  ", signature(m, fn), 6))
		b.WriteString(wrap("      ", firstSentence(fn.Doc), 6))
	}
	fmt.Fprintf(&b, "\nhelp(%s.%s) says more about one function.\n",
		m.Name, m.Functions[0].Name)
	return b.String()
}

func (h helper) function(fn *lua.LFunction) string {
	if m, spec, ok := h.opened.Function(fn); ok {
		return functionHelp(m, spec)
	}
	name, named := globalNames(h.globals)[fn]
	switch {
	case !fn.IsG:
		return fmt.Sprintf("help: a Lua function defined at %s:%d has no help\n",
			fn.Proto.SourceName, fn.Proto.LineDefined)
	case !named:
		return "help: this function has no help; " + helpHint + "\n"
	}
	moduleName, _, _ := strings.Cut(name, ".")
	for _, m := range h.opened.Modules {
		if m.Name == moduleName {
			return wrap(name+" is part of "+m.Name+": ", m.Doc, 2)
		}
	}
	return wrap(name+" is part of Lua 5.1's own library: ",
		"https://www.lua.org/manual/5.1/manual.html#5", 2)
}

// functionHelp describes one function from the registry, as the reference
// in docs/lua-api.md does: the call, what it does, its arguments, results,
// errors and an example.
func functionHelp(m bindings.Module, fn bindings.Function) string {
	var b strings.Builder
	b.WriteString(wrap("", signature(m, fn), 4) + "\n" + wrap("", fn.Doc, 0))
	if len(fn.Params) > 0 {
		b.WriteString("\nArguments:\n")
		for _, p := range fn.Params {
			b.WriteString(wrap("  ", paramHelp(p)+p.Doc, 6))
			for _, field := range p.Fields {
				b.WriteString(wrap("    ", paramHelp(field)+field.Doc, 8))
			}
		}
	}
	if len(fn.Results) > 0 {
		b.WriteString("\nReturns:\n")
		for _, r := range fn.Results {
			b.WriteString(wrap("  ", fmt.Sprintf("%s (%s): %s", r.Name, r.Type, r.Doc), 6))
		}
	}
	if len(fn.Errors) > 0 {
		b.WriteString("\nErrors:\n")
		for _, e := range fn.Errors {
			b.WriteString(wrap("  - ", e, 4))
		}
	}
	if fn.Example != "" {
		b.WriteString("\nExample, where server is an ACTIVE server:\n")
		for _, line := range strings.Split(fn.Example, "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

// paramHelp is "name (type, default 8): ", the start of an argument's line.
func paramHelp(p bindings.Param) string {
	kind := p.Type
	switch {
	case p.Default != "":
		kind += ", default " + p.Default
	case p.Optional:
		kind += ", optional"
	}
	return fmt.Sprintf("%s (%s): ", p.Name, kind)
}

// signature is a call as a script writes it, with what it returns.
func signature(m bindings.Module, fn bindings.Function) string {
	call := fmt.Sprintf("%s.%s(%s)", m.Name, fn.Name, fn.Args)
	if fn.Returns == "" || fn.Returns == "nothing" {
		return call
	}
	return call + " -> " + fn.Returns
}

func firstSentence(doc string) string {
	if i := strings.Index(doc, ". "); i >= 0 {
		return doc[:i+1]
	}
	return doc
}

// wrap writes prefix and then text, broken at spaces into lines of at most
// helpWidth columns; lines after the first are indented by indent spaces. A
// word longer than a line stays whole.
func wrap(prefix, text string, indent int) string {
	var b strings.Builder
	line := prefix
	for _, word := range strings.Fields(text) {
		switch {
		case strings.TrimSpace(line) == "":
			line += word
		case len(line)+1+len(word) > helpWidth:
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = strings.Repeat(" ", indent) + word
		case strings.HasSuffix(line, " "):
			line += word
		default:
			line += " " + word
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}
