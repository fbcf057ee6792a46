// Package bindings holds novalua's Lua modules: servers, images, flavors and
// the others that scripts see as globals and through require.
//
// Every module is listed once, in registry.go, and each function with its
// documentation (arguments, results, errors and an example) beside its module;
// the REPL's help, docs/lua-api.md and the editor stubs are all built from
// that list, so they cannot drift from the code.
// Bindings check all of their arguments before they send anything, and reach
// the cloud only through an Env:
//
//	L := lua.NewState()
//	bindings.Open(L, &bindings.Env{Connect: connect, Stdout: os.Stdout})
//	err := L.DoString(`print(#servers.list())`)
package bindings
