package bindings

import (
	"context"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

func (e *Env) serversModule() Module {
	return Module{
		Name: "servers",
		Doc:  "Servers: boot, inspect, change and delete virtual machines.",
		Functions: []Function{
			{Name: "create", Args: createArgs, Returns: "server",
				Doc: "Boots a server. The answer holds adminPass, which the cloud shows " +
					"only once. With wait=true it returns once the server is ACTIVE.",
				Fn: e.createServer},
			{Name: "list", Args: "[{detail=, name=, status=, limit=}]",
				Returns: "list of servers",
				Doc:     "Lists servers with their details; every page is followed.",
				Fn:      e.listServers},
			{Name: "get", Args: "id", Returns: "server",
				Doc: "Returns the details of one server.", Fn: e.getServer},
			{Name: "find", Args: "name", Returns: "server",
				Doc: "Returns the one server with this name; none or several is an error.",
				Fn:  e.findServer},
			{Name: "delete", Args: "id", Returns: "nothing",
				Doc: "Deletes a server. The cloud answers before it is gone: " +
					"wait for DELETED to know it is.", Fn: e.deleteServer},
			{Name: "wait", Args: "id, status [, {timeout=, interval=}]", Returns: "server",
				Doc: "Polls a server until it reaches status (DELETED waits until it is " +
					"gone). A server in ERROR ends the wait with its fault; timeout " +
					"defaults to 600 seconds, interval to 1.", Fn: e.waitServer},
		},
	}
}

func (e *Env) listServers(L *lua.LState) int {
	const fn = "servers.list"
	opts := checkOptions(L, 1, fn, false, "detail", "name", "status", "limit")
	list := compute.ListOpts{
		Detail: !opts.has("detail") || opts.Bool("detail"),
		Name:   opts.String("name", false),
		Status: opts.String("status", false),
		Limit:  opts.Int("limit", 0),
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.ListServers(ctx, cloud, list)
	})
}

func (e *Env) getServer(L *lua.LState) int {
	const fn = "servers.get"
	id := checkRef(L, 1, fn, "id")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.GetServer(ctx, cloud, id)
	})
}

func (e *Env) findServer(L *lua.LState) int {
	const fn = "servers.find"
	name := checkString(L, 1, fn, "name")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.FindServer(ctx, cloud, name)
	})
}

func (e *Env) deleteServer(L *lua.LState) int {
	const fn = "servers.delete"
	id := checkRef(L, 1, fn, "id")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.DeleteServer(ctx, cloud, id)
	})
}

func (e *Env) waitServer(L *lua.LState) int {
	const fn = "servers.wait"
	id := checkRef(L, 1, fn, "id")
	status := checkString(L, 2, fn, "status")
	opts := checkOptions(L, 3, fn, false, "timeout", "interval")
	wait := compute.WaitOpts{
		Timeout:  opts.Seconds("timeout", compute.DefaultWaitTimeout),
		Interval: opts.Seconds("interval", compute.DefaultWaitInterval),
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.WaitServer(ctx, cloud, id, status, wait)
	})
}
