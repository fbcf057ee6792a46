package bindings

import (
	luajson "github.com/layeh/gopher-json"
	lua "github.com/yuin/gopher-lua"
)

// Function describes one function of a Lua module.
type Function struct {
	Name    string // as scripts call it, without the module: "create"
	Args    string // the argument list as written in a call: "{name=, image=, flavor=}"
	Returns string
	Doc     string
	Fn      lua.LGFunction
}

// Module is one Lua module: a global table that require returns too.
type Module struct {
	Name      string
	Doc       string
	Functions []Function

	// Loader, when set, builds the module instead of Functions; it is for
	// modules that come from elsewhere, such as json.
	Loader lua.LGFunction
}

// Modules lists every module a script can use, in the order help shows them.
func Modules(e *Env) []Module {
	return []Module{
		e.serversModule(),
		e.imagesModule(),
		e.flavorsModule(),
		e.parallelModule(),
		{Name: "json", Doc: "json.encode(value) and json.decode(text), from gopher-json.",
			Loader: luajson.Loader},
	}
}

// Open makes every module available to L as a global and through require;
// both give the same table.
func Open(L *lua.LState, e *Env) {
	loaded := L.GetField(L.Get(lua.RegistryIndex), "_LOADED")
	for _, module := range Modules(e) {
		L.Push(L.NewFunction(module.loader(e)))
		L.Call(0, 1)
		table := L.Get(-1)
		L.Pop(1)
		L.SetGlobal(module.Name, table)
		L.SetField(loaded, module.Name, table)
	}
}

// loader builds the module's table. Each binding is wrapped so that it can
// run inside parallel.map, where it yields while its request is in flight.
func (m Module) loader(e *Env) lua.LGFunction {
	if m.Loader != nil {
		return m.Loader
	}
	return func(L *lua.LState) int {
		table := L.NewTable()
		for _, fn := range m.Functions {
			table.RawSetString(fn.Name, e.wrap(L, L.NewFunction(fn.Fn)))
		}
		L.Push(table)
		return 1
	}
}
