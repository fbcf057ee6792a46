package bindings

import (
	lua "github.com/yuin/gopher-lua"
)

// Function describes one function of a Lua module. Help, the reference in
// docs/lua-api.md and the editor stubs are all written from it.
type Function struct {
	Name    string // as scripts call it, without the module: "create"
	Args    string // the argument list as written in a call: "{name=, image=, flavor=}"
	Returns string // what it returns, in a few words for the call's summary
	Doc     string
	Fn      lua.LGFunction

	Params  []Param  // every argument, in order; none when Args is ""
	Results []Value  // every value it returns, in order; none when it returns nothing
	Errors  []string // what it raises, one line each
	Example string   // Lua that runs after ExamplePrelude on a fresh sandbox
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
		e.metaModule(),
		e.limitsModule(),
		e.parallelModule(),
		e.cloudModule(),
		e.jsonppModule(),
		jsonModule(),
	}
}

// Open makes every module available to L as a global and through require;
// both give the same table. It returns the modules with an index of the
// values it made, for help.
func Open(L *lua.LState, e *Env) *Opened {
	opened := newOpened(Modules(e))
	loaded := L.GetField(L.Get(lua.RegistryIndex), "_LOADED")
	metamethods := newRowMetamethods(L)
	for i, module := range opened.Modules {
		var table lua.LValue
		if module.Loader != nil {
			L.Push(L.NewFunction(module.Loader))
			L.Call(0, 1)
			table = L.Get(-1)
			L.Pop(1)
		} else {
			table = metamethods.row(opened.moduleSource(L, e, i))
		}
		L.SetGlobal(module.Name, table)
		L.SetField(loaded, module.Name, table)
		opened.add(i, table)
	}
	openRows(L)
	return opened
}

// Opened is what Open made: the modules in the order help shows them, and
// which module each table is and which function each function value is.
type Opened struct {
	Modules []Module

	tables map[*lua.LTable]int
	funcs  map[*lua.LFunction][2]int // module, function
}

func newOpened(modules []Module) *Opened {
	return &Opened{
		Modules: modules,
		tables:  map[*lua.LTable]int{},
		funcs:   map[*lua.LFunction][2]int{},
	}
}

func (o *Opened) add(i int, value lua.LValue) {
	table, ok := value.(*lua.LTable)
	if !ok {
		return
	}
	o.tables[table] = i
	for j, fn := range o.Modules[i].Functions {
		if f, ok := table.RawGetString(fn.Name).(*lua.LFunction); ok {
			o.funcs[f] = [2]int{i, j}
		}
	}
}

// Module returns the module whose table Open made t.
func (o *Opened) Module(t *lua.LTable) (Module, bool) {
	i, ok := o.tables[t]
	if !ok {
		return Module{}, false
	}
	return o.Modules[i], true
}

// Function returns the module and the spec of the function value fn that
// Open put in a module's table.
func (o *Opened) Function(fn *lua.LFunction) (Module, Function, bool) {
	at, ok := o.funcs[fn]
	if !ok {
		return Module{}, Function{}, false
	}
	module := o.Modules[at[0]]
	return module, module.Functions[at[1]], true
}

// moduleSource is what the table of module i is made from: its functions,
// each wrapped when it is first used so that it can run inside parallel.map,
// where it yields while its request is in flight.
//
// TODO: the first read of a function takes call frames (__index, then the
// Lua call that makes the wrapper) that a plain table read does not: at the
// deepest call level Lua allows, that first read raises "stack overflow".
// Only making every function at start-up again, as before, avoids it.
func (o *Opened) moduleSource(L *lua.LState, e *Env, i int) *rowSource {
	functions := o.Modules[i].Functions
	byName := make(map[string]any, len(functions))
	for j, fn := range functions {
		byName[fn.Name] = j
	}
	wrap := func(L *lua.LState, item any) lua.LValue {
		j := item.(int)
		wrapped := e.wrap(L, L.NewFunction(functions[j].Fn))
		if f, ok := wrapped.(*lua.LFunction); ok {
			o.funcs[f] = [2]int{i, j}
		}
		return wrapped
	}
	return &rowSource{L: L, object: byName, convert: wrap}
}
