package bindings

import (
	"context"
	"errors"
	"slices"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

// Lua-facing descriptions of the functions that work on many servers at once;
// servers.go lists them in the servers module.
const (
	waitAllArgs    = "ids, status [, {timeout=, interval=, collect=}]"
	waitAllReturns = "servers in the order of ids [, failures when collect=true]"
	waitAllDoc     = "Waits until every server in ids (ids or servers) has status, with one " +
		"listing of the servers per poll however many there are. A server fails when it " +
		"goes to ERROR, is deleted (unless status is DELETED) or has not got there by the " +
		"timeout (600 seconds); the others are still waited for. Then one error names " +
		"every failed server. With collect=true nothing is raised for them: the servers " +
		"come back with nil where one failed, and a second table holds, at the same " +
		"positions, {id=, status=, fault=, message=} for each failure."
)

func (e *Env) waitAllServers(L *lua.LState) int {
	const fn = "servers.wait_all"
	ids := checkIDList(L, 1, fn, "ids")
	status := checkServerStatus(L, 2, fn)
	opts := checkOptions(L, 3, fn, false, "timeout", "interval", "collect")
	wait := compute.WaitOpts{
		Timeout:  opts.Seconds("timeout", compute.DefaultWaitTimeout),
		Interval: opts.Seconds("interval", 0),
	}
	collect := opts.Bool("collect")

	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		var servers []compute.Object
		var err error
		if len(ids) > 0 {
			servers, err = compute.WaitServers(ctx, cloud, ids, status, wait)
		}
		var waitErr *compute.WaitAllError
		switch {
		case collect && errors.As(err, &waitErr):
			return Results{positional(servers), failureList(len(ids), waitErr.Failed)}, nil
		case err != nil:
			return nil, err
		case collect:
			return Results{positional(servers), []any{}}, nil
		}
		return positional(servers), nil
	})
}

// positional turns servers into a list that keeps their positions: a nil
// server leaves a hole, so that servers[i] still belongs to ids[i].
func positional(servers []compute.Object) []any {
	list := make([]any, len(servers))
	for i, server := range servers {
		if server != nil {
			list[i] = server
		}
	}
	return list
}

// failureList puts each failure at the position of its server.
func failureList(n int, failures []compute.WaitFailure) []any {
	list := make([]any, n)
	for _, failure := range failures {
		entry := map[string]any{
			"id":      failure.ID,
			"status":  failure.Status,
			"message": failure.Err.Error(),
		}
		if failure.Fault != "" {
			entry["fault"] = failure.Fault
		}
		list[failure.Index] = entry
	}
	return list
}

// deleteServers is servers.delete given a list: servers.delete(ids [, {workers=}]).
func (e *Env) deleteServers(L *lua.LState) int {
	const fn = "servers.delete"
	ids := checkIDList(L, 1, fn, "ids")
	opts := checkOptions(L, 2, fn, false, "workers")
	workers := opts.Int("workers", compute.DefaultDeleteWorkers)
	if workers < 1 {
		argError(L, fn, "'workers' must be at least 1, got %d", workers)
	}

	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.DeleteServers(ctx, cloud, ids, workers)
	})
}

// isIDList reports whether value is a table that is not itself a server: a
// list of ids or servers for the functions that take many.
func isIDList(value lua.LValue) bool {
	table, ok := value.(*lua.LTable)
	return ok && rawField(table, "id") == lua.LNil
}

// checkIDList returns argument n, a list whose items are ids or tables with
// an id, such as the servers that servers.list returns.
func checkIDList(L *lua.LState, n int, fn, name string) []string {
	table, ok := L.Get(n).(*lua.LTable)
	if !ok {
		argError(L, fn, "'%s' must be a list of ids or servers, got %s", name,
			typeName(L.Get(n)))
	}
	if rawField(table, "id") != lua.LNil {
		argError(L, fn, "'%s' must be a list of ids or servers, got one server", name)
	}

	CompleteRow(table)
	count := table.Len()
	if key, found := firstStrayKey(table, count); found {
		argError(L, fn, "'%s' must be a list, but has the key '%s'", name, key)
	}
	ids := make([]string, 0, count)
	for i := 1; i <= count; i++ {
		id, ok := idOf(table.RawGetInt(i))
		if !ok {
			argError(L, fn, "'%s' item %d must be an id or a server, got %s", name, i,
				typeName(table.RawGetInt(i)))
		}
		ids = append(ids, id)
	}
	return ids
}

// firstStrayKey returns the key of table that is not one of 1..count, the
// first in sorted order so that the same table always gets the same error.
func firstStrayKey(table *lua.LTable, count int) (string, bool) {
	var stray []string
	table.ForEach(func(key, _ lua.LValue) {
		index, ok := key.(lua.LNumber)
		if !ok || index < 1 || int(index) > count || float64(index) != float64(int(index)) {
			stray = append(stray, key.String())
		}
	})
	if len(stray) == 0 {
		return "", false
	}
	return slices.Min(stray), true
}

// idOf reads one item of an id list.
func idOf(value lua.LValue) (string, bool) {
	switch v := value.(type) {
	case lua.LString:
		return string(v), v != ""
	case lua.LNumber:
		return v.String(), true
	case *lua.LTable:
		id, ok := rawField(v, "id").(lua.LString)
		return string(id), ok && id != ""
	}
	return "", false
}
