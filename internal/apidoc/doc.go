// Package apidoc writes the Lua API reference (docs/lua-api.md) and the
// definitions for lua-language-server (novalua stubs) from the registry in
// package bindings, the same source help() reads, so that the three agree.
//
//	modules := bindings.Modules(&bindings.Env{})
//	os.WriteFile("docs/lua-api.md", apidoc.Markdown(modules, bindings.Types()), 0o644)
package apidoc
