package bindings

import (
	"context"
	"fmt"

	lua "github.com/yuin/gopher-lua"
)

const defaultWorkers = 8

func (e *Env) parallelModule() Module {
	return Module{
		Name: "parallel",
		Doc:  "Many cloud calls at once from plain Lua.",
		Functions: []Function{
			{Name: "map", Args: "list, fn [, {workers=, collect=}]",
				Returns: "results in input order [, errors when collect=true]",
				Doc: "Calls fn(item, index) for every item, with up to workers (default 8) " +
					"calls to the cloud in flight at once. The first error is raised once " +
					"the calls in flight have finished; with collect=true every item runs " +
					"and errors are returned in a second table.",
				Fn: e.parallelMap,
				Params: []Param{
					{Name: "list", Type: "any[]", Doc: "the items, such as ids or servers"},
					{Name: "fn", Type: "fun(item: any, index: integer): any",
						Doc: "called with each item and its position; returns its result"},
					{Name: "opts", Type: "MapOptions", Optional: true,
						Doc: "how many at once, and what to do with errors", Fields: []Param{
							{Name: "workers", Type: "integer", Optional: true, Default: "8",
								Doc: "calls to the cloud in flight at once"},
							{Name: "collect", Type: "boolean", Optional: true,
								Default: "false",
								Doc:     "return errors instead of raising the first"},
						}},
				},
				Results: []Value{
					{Type: "any[]", Name: "results",
						Doc: "what fn returned, at each item's position"},
					{Type: "any[]?", Name: "errors",
						Doc: "with collect=true, each item's error at its position"},
				},
				Errors: []string{errArgs, "the first error an item raised (an ApiError " +
					"gets item = its position), unless collect=true"},
				Example: `local names = {"a", "b", "c"}
local made = parallel.map(names, function(name)
  return servers.create{name = name, image = server.image.id, flavor = 1}
end)
print(#made, made[2].name)
--> 3 b
local found, errors = parallel.map({"a", "nope"}, servers.find,
  {collect = true})
print(found[1].name, errors[2])
--> a ...servers.find: no server matches "nope"...`},
		},
	}
}

// mapRun is one call of parallel.map.
type mapRun struct {
	e       *Env
	L       *lua.LState
	fn      *lua.LFunction
	items   []lua.LValue
	workers int
	collect bool

	results  *lua.LTable
	errors   *lua.LTable
	firstErr lua.LValue
	live     int
	done     chan finished
	cancels  map[*lua.LState]context.CancelFunc
}

// finished is the outcome of one coroutine's cloud work.
type finished struct {
	co     *lua.LState
	index  int
	result any
	err    error
	p      *pending
}

func (e *Env) parallelMap(L *lua.LState) int {
	const fn = "parallel.map"
	list, ok := L.Get(1).(*lua.LTable)
	if !ok {
		argError(L, fn, "'list' must be a table, got %s", typeName(L.Get(1)))
	}
	f, ok := L.Get(2).(*lua.LFunction)
	if !ok {
		argError(L, fn, "'fn' must be a function, got %s", typeName(L.Get(2)))
	}
	opts := checkOptions(L, 3, fn, false, "workers", "collect")
	workers := opts.Int("workers", defaultWorkers)
	if workers < 1 {
		argError(L, fn, "'workers' must be at least 1, got %d", workers)
	}

	run := &mapRun{e: e, L: L, fn: f, workers: workers, collect: opts.Bool("collect"),
		results: L.NewTable(), errors: L.NewTable(), done: make(chan finished),
		cancels: map[*lua.LState]context.CancelFunc{}}
	CompleteRow(list)
	for i := 1; i <= list.Len(); i++ {
		run.items = append(run.items, list.RawGetInt(i))
	}
	if key, _ := list.Next(lua.LNil); key != lua.LNil && len(run.items) == 0 {
		argError(L, fn, "'list' must be a list (keys 1..n), got a table with other keys")
	}
	run.loop()

	if run.firstErr != nil && !run.collect {
		L.Error(run.firstErr, 0)
	}
	L.Push(run.results)
	if run.collect {
		L.Push(run.errors)
		return 2
	}
	return 1
}

// loop starts coroutines while fewer than workers are live, and resumes each
// one when its cloud work is done.
func (r *mapRun) loop() {
	if r.e.async == nil {
		r.e.async = map[*lua.LState]bool{}
	}
	next := 0
	for {
		for r.live < r.workers && next < len(r.items) && (r.firstErr == nil || r.collect) {
			r.start(next)
			next++
		}
		if r.live == 0 {
			return
		}
		f := <-r.done
		r.live--
		if r.firstErr != nil && !r.collect {
			r.stop(f.co)
			continue
		}
		r.resume(f)
	}
}

func (r *mapRun) start(index int) {
	co, cancel := r.L.NewThread()
	r.e.async[co] = true
	r.cancels[co] = cancel
	state, err, values := r.L.Resume(co, r.fn, r.items[index], lua.LNumber(index+1))
	r.step(co, index, state, err, values)
}

func (r *mapRun) resume(f finished) {
	var values []lua.LValue
	if f.err != nil {
		ud := r.L.NewUserData()
		ud.Value = &failure{fn: f.p.fn, err: f.err}
		values = []lua.LValue{ud}
	} else {
		values = toLuaResults(r.L, f.result)
	}
	state, err, results := r.L.Resume(f.co, nil, values...)
	r.step(f.co, f.index, state, err, results)
}

// step acts on what a coroutine did: it finished, failed, or is waiting for
// cloud work, which then runs on its own goroutine.
func (r *mapRun) step(co *lua.LState, index int, state lua.ResumeState, err error,
	values []lua.LValue) {
	switch state {
	case lua.ResumeOK:
		r.results.RawSetInt(index+1, values[0])
		r.stop(co)
	case lua.ResumeError:
		r.fail(index, errorValue(err))
		r.stop(co)
	case lua.ResumeYield:
		p := pendingOf(values)
		if p == nil {
			r.fail(index, lua.LString("the function yielded, "+
				"which only novalua's own calls may do inside parallel.map"))
			r.stop(co)
			return
		}
		r.live++
		go func() {
			result, err := r.e.run(co.Context(), p)
			r.done <- finished{co: co, index: index, result: result, err: err, p: p}
		}()
	}
}

func (r *mapRun) fail(index int, value lua.LValue) {
	r.errors.RawSetInt(index+1, value)
	if r.firstErr == nil {
		r.firstErr = value
		if table, ok := value.(*lua.LTable); ok {
			table.RawSetString("item", lua.LNumber(index+1))
		} else if s, ok := value.(lua.LString); ok {
			r.firstErr = lua.LString(fmt.Sprintf("parallel.map: item %d: %s", index+1, s))
		}
	}
}

// stop forgets a coroutine that will not be resumed again.
func (r *mapRun) stop(co *lua.LState) {
	delete(r.e.async, co)
	if cancel := r.cancels[co]; cancel != nil {
		cancel()
	}
	delete(r.cancels, co)
}

func pendingOf(values []lua.LValue) *pending {
	if len(values) == 0 {
		return nil
	}
	ud, ok := values[0].(*lua.LUserData)
	if !ok {
		return nil
	}
	p, _ := ud.Value.(*pending)
	return p
}

// errorValue is the value a coroutine raised.
func errorValue(err error) lua.LValue {
	if apiErr, ok := err.(*lua.ApiError); ok {
		return apiErr.Object
	}
	return lua.LString(err.Error())
}

func toLuaResults(L *lua.LState, result any) []lua.LValue {
	if many, ok := result.(Results); ok {
		values := make([]lua.LValue, 0, len(many))
		for _, v := range many {
			values = append(values, ToLua(L, v))
		}
		return values
	}
	return []lua.LValue{ToLua(L, result)}
}
