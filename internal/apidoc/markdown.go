package apidoc

import (
	"fmt"
	"strings"

	"github.com/novalua/novalua/bindings"
)

// Command is how docs/lua-api.md is written; the file says so at its top.
const Command = "go run ./internal/gendocs"

// Markdown returns the reference: every module and function with its
// arguments, results, errors and example, then the types they use.
func Markdown(modules []bindings.Module, types []bindings.Class) ([]byte, error) {
	options, err := optionClasses(modules)
	if err != nil {
		return nil, err
	}

	var b strings.Builder
	writeIntro(&b, modules)
	for _, m := range modules {
		writeModule(&b, m)
	}
	b.WriteString("## Types\n\nWhat functions take and return besides plain strings, " +
		"numbers and booleans. Tables the cloud returns keep every field of its answer, " +
		"also those not listed here.\n\n")
	for _, class := range types {
		writeClass(&b, class)
	}
	b.WriteString("## Options tables\n\n")
	for _, class := range options {
		writeClass(&b, class)
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

func writeIntro(b *strings.Builder, modules []bindings.Module) {
	fmt.Fprintf(b, "# novalua Lua API reference\n\n"+
		"<!-- Written by `%s` from the registry in bindings/; do not edit. -->\n\n", Command)
	b.WriteString("Each module is a global table in scripts and in the REPL; " +
		"`require(\"servers\")` returns the same table. In the REPL, " +
		"`help(servers.create)` shows what this page says about a function, and " +
		"`novalua stubs` writes it all as definitions for lua-language-server.\n\n")
	b.WriteString("**Errors.** A wrong argument raises a string that names the function " +
		"and the argument, before anything is sent. When the cloud answers with an error " +
		"status, the error is an [ApiError](#apierror) table; `pcall` catches both, " +
		"and `tostring(err)` gives one line.\n\n")
	b.WriteString("**Examples** are run, as written here, by a test against a fresh " +
		"sandbox cloud, each after this prelude, which boots the `server` they use:\n\n")
	fmt.Fprintf(b, "```lua\n%s\n```\n\n", bindings.ExamplePrelude)
	b.WriteString("A line `--> text` shows a line the example prints; `...` stands " +
		"for text that differs from run to run, and a line of only `...` for any " +
		"number of lines.\n\n")

	b.WriteString("| module | |\n|---|---|\n")
	for _, m := range modules {
		fmt.Fprintf(b, "| [%s](#%s) | %s |\n", m.Name, anchor(m.Name), cell(m.Doc))
	}
	b.WriteString("\n")
}

func writeModule(b *strings.Builder, m bindings.Module) {
	fmt.Fprintf(b, "## %s\n\n%s\n\n| function | |\n|---|---|\n", m.Name, m.Doc)
	for _, fn := range m.Functions {
		name := qualified(m, fn)
		fmt.Fprintf(b, "| [%s](#%s) | %s |\n", name, anchor(name), cell(firstSentence(fn.Doc)))
	}
	b.WriteString("\n")
	for _, fn := range m.Functions {
		writeFunction(b, m, fn)
	}
}

func writeFunction(b *strings.Builder, m bindings.Module, fn bindings.Function) {
	fmt.Fprintf(b, "### %s\n\n```lua\n%s\n```\n\n%s\n\n", qualified(m, fn), call(m, fn), fn.Doc)

	if len(fn.Params) > 0 {
		b.WriteString("**Arguments**\n\n| name | type | default | |\n|---|---|---|---|\n")
		for _, p := range fn.Params {
			writeParam(b, "", p)
			for _, field := range p.Fields {
				writeParam(b, p.Name+".", field)
			}
		}
		b.WriteString("\n")
	}
	if len(fn.Results) > 0 {
		b.WriteString("**Returns**\n\n")
		for _, r := range fn.Results {
			fmt.Fprintf(b, "- `%s` %s: %s\n", r.Type, r.Name, r.Doc)
		}
		b.WriteString("\n")
	}
	b.WriteString("**Errors**\n\n")
	for _, e := range fn.Errors {
		fmt.Fprintf(b, "- %s\n", e)
	}
	fmt.Fprintf(b, "\n**Example**\n\n```lua\n%s\n```\n\n", fn.Example)
}

func writeParam(b *strings.Builder, prefix string, p bindings.Param) {
	fmt.Fprintf(b, "| `%s%s` | `%s` | %s | %s |\n", prefix, p.Name, cell(p.Type),
		defaultText(p), cell(p.Doc))
}

// defaultText says what an absent argument means.
func defaultText(p bindings.Param) string {
	switch {
	case p.Default != "":
		return "`" + cell(p.Default) + "`"
	case p.Optional:
		return "optional"
	}
	return "required"
}

func writeClass(b *strings.Builder, class bindings.Class) {
	fmt.Fprintf(b, "### %s\n\n%s\n\n", class.Name, class.Doc)
	if class.Alias != "" {
		fmt.Fprintf(b, "One of: `%s`\n\n", class.Alias)
		return
	}
	b.WriteString("| field | type | |\n|---|---|---|\n")
	for _, f := range class.Fields {
		typ := f.Type
		if f.Optional {
			typ += "?"
		}
		doc := f.Doc
		if f.Default != "" {
			doc += " (default " + f.Default + ")"
		}
		fmt.Fprintf(b, "| `%s` | `%s` | %s |\n", f.Name, cell(typ), cell(doc))
	}
	b.WriteString("\n")
}

// cell makes text safe inside a table cell, where | would end the cell.
func cell(text string) string {
	return strings.ReplaceAll(text, "|", `\|`)
}

// anchor is the id GitHub gives a heading.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}
