// Package bindings holds novalua's Lua modules: servers, images, flavors and
// the others that scripts see as globals and through require.
//
// Every module is listed once, in registry.go, with a short description of each
// function; the REPL's help and the API reference are built from that list.
// Bindings check all of their arguments before they send anything, and reach
// the cloud only through an Env:
//
//	L := lua.NewState()
//	bindings.Open(L, &bindings.Env{Connect: connect, Stdout: os.Stdout})
//	err := L.DoString(`print(#servers.list())`)
package bindings
