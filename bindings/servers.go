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
		Functions: append([]Function{
			{Name: "create", Args: createArgs, Returns: "server (list of servers with count)",
				Doc: "Boots a server. The answer holds adminPass, which the cloud shows " +
					"only once. With wait=true it returns once the server is ACTIVE. " +
					"With count (or max_count) above 1 it boots several and returns " +
					"them all, without adminPass.",
				Fn: e.createServer},
			{Name: "list", Args: "[{detail=, name=, status=, limit=}]",
				Returns: "list of servers",
				Doc: "Lists servers, with their details unless detail=false; every page " +
					"is followed. name is a regular expression; limit is the page size.",
				Fn: e.listServers},
			{Name: "get", Args: "ref", Returns: "server",
				Doc: "Returns the details of one server, by id or else by name.",
				Fn:  e.getServer},
			{Name: "find", Args: "name", Returns: "server",
				Doc: "Returns the one server with this name; none or several is an error.",
				Fn:  e.findServer},
			{Name: "ips", Args: "id [, network]", Returns: "addresses",
				Doc: "Returns a server's addresses by network name, or the list of its " +
					"addresses on one network.", Fn: e.serverIPs},
			{Name: "update", Args: "id, {name=, accessIPv4=, accessIPv6=}", Returns: "server",
				Doc: "Renames a server or sets its access addresses; returns the server.",
				Fn:  e.updateServer},
			{Name: "delete", Args: "id | ids [, {workers=}]", Returns: "nothing",
				Doc: "Deletes a server, or a list of ids or servers with up to workers " +
					"(default 8) deletes at once; one error names every delete that " +
					"failed. The cloud answers before servers are gone: " +
					"wait for DELETED to know they are.", Fn: e.deleteServer},
			{Name: "wait", Args: "id, status [, {timeout=, interval=}]", Returns: "server",
				Doc: "Polls a server until it reaches status (DELETED waits until it is " +
					"gone). A server in ERROR ends the wait with its fault; a timeout " +
					"(600 seconds by default) says which status it was stuck in.",
				Fn: e.waitServer},
			{Name: "wait_all", Args: waitAllArgs, Returns: waitAllReturns, Doc: waitAllDoc,
				Fn: e.waitAllServers},
		}, e.actionFunctions()...),
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
	if list.Limit < 0 {
		argError(L, fn, "'limit' must not be negative, got %d", list.Limit)
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.ListServers(ctx, cloud, list)
	})
}

func (e *Env) getServer(L *lua.LState) int {
	const fn = "servers.get"
	ref := checkRef(L, 1, fn, "ref")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.FindServerByRef(ctx, cloud, ref)
	})
}

func (e *Env) findServer(L *lua.LState) int {
	const fn = "servers.find"
	name := checkString(L, 1, fn, "name")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.FindServer(ctx, cloud, name)
	})
}

func (e *Env) serverIPs(L *lua.LState) int {
	const fn = "servers.ips"
	id := checkRef(L, 1, fn, "id")
	network := ""
	if L.Get(2) != lua.LNil {
		network = checkRef(L, 2, fn, "network")
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		if network == "" {
			return compute.ServerAddresses(ctx, cloud, id)
		}
		return compute.NetworkAddresses(ctx, cloud, id, network)
	})
}

func (e *Env) updateServer(L *lua.LState) int {
	const fn = "servers.update"
	id := checkRef(L, 1, fn, "id")
	opts := checkOptions(L, 2, fn, true, "name", "accessIPv4", "accessIPv6")
	var update compute.UpdateOpts
	if opts.has("name") {
		name := checkServerName(opts, "name")
		update.Name = &name
	}
	if opts.has("accessIPv4") {
		address := opts.String("accessIPv4", true)
		update.AccessIPv4 = &address
	}
	if opts.has("accessIPv6") {
		address := opts.String("accessIPv6", true)
		update.AccessIPv6 = &address
	}
	if update == (compute.UpdateOpts{}) {
		argError(L, fn, "nothing to update: give name, accessIPv4 or accessIPv6")
	}
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.UpdateServer(ctx, cloud, id, update)
	})
}

func (e *Env) deleteServer(L *lua.LState) int {
	const fn = "servers.delete"
	if isIDList(L.Get(1)) {
		return e.deleteServers(L)
	}
	id := checkRef(L, 1, fn, "id")
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return Results{}, compute.DeleteServer(ctx, cloud, id)
	})
}

func (e *Env) waitServer(L *lua.LState) int {
	const fn = "servers.wait"
	id := checkRef(L, 1, fn, "id")
	status := checkString(L, 2, fn, "status")
	wait := checkWaitOpts(L, 3, fn)
	return e.call(L, fn, func(ctx context.Context, cloud compute.Requester) (any, error) {
		return compute.WaitServer(ctx, cloud, id, status, wait)
	})
}

// checkWaitOpts reads {timeout=, interval=} in seconds. Without an interval,
// polls start quickly and slow down to one a second.
func checkWaitOpts(L *lua.LState, n int, fn string) compute.WaitOpts {
	opts := checkOptions(L, n, fn, false, "timeout", "interval")
	wait := compute.WaitOpts{
		Timeout:  opts.Seconds("timeout", compute.DefaultWaitTimeout),
		Interval: opts.Seconds("interval", 0),
	}
	if opts.has("timeout") && wait.Timeout == 0 {
		argError(L, fn, "'timeout' must be more than 0 seconds")
	}
	if opts.has("interval") && wait.Interval == 0 {
		argError(L, fn, "'interval' must be more than 0 seconds")
	}
	return wait
}
