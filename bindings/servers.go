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
				Fn: e.createServer, Params: createParams,
				Results: []Value{{Type: "Server|Server[]", Name: "server",
					Doc: "the new server with adminPass, or with count the list of servers"}},
				Errors: []string{errArgs, errLimit, errRef, errCloud + " (over quota: 413 " +
					"overLimit on the sandbox and in the book, 403 forbidden on current " +
					"Nova; 400 when the cloud refuses the request)", errNet,
					"with wait=true, a string error when the server goes to ERROR or " +
						"the wait times out"},
				Example: `local web = servers.create{name = "web", image = "ubuntu-11.04-server",
  flavor = "m1.tiny", metadata = {role = "web"},
  personality = {["/etc/motd"] = "Welcome\n"}, wait = true}
print(web.status, web.metadata.role, #web.adminPass > 0)
--> ACTIVE web true
local batch = servers.create{name = "batch", image = web.image.id,
  flavor = 1, count = 2}
print(#batch)
--> 2`},
			{Name: "list", Args: "[{detail=, name=, status=, limit=}]",
				Returns: "list of servers",
				Doc: "Lists servers, with their details unless detail=false; every page " +
					"is followed. name is a regular expression; limit is the page size.",
				Fn: e.listServers,
				Params: []Param{{Name: "opts", Type: "ServerListOptions", Optional: true,
					Doc: "which servers, and how much of each", Fields: []Param{
						{Name: "detail", Type: "boolean", Optional: true, Default: "true",
							Doc: "false lists only ids, names and links, which is cheaper"},
						{Name: "name", Type: "string", Optional: true,
							Doc: "only servers whose name matches this regular expression"},
						{Name: "status", Type: "string", Optional: true,
							Doc: "only servers with this status, such as ACTIVE"},
						{Name: "limit", Type: "integer", Optional: true,
							Doc: "servers per page; all pages are still read"},
					}}},
				Results: []Value{{Type: "Server[]", Name: "servers", Doc: "the servers"}},
				Errors:  []string{errArgs, errCloud, errNet},
				Example: `servers.create{name = "db", image = server.image.id, flavor = "m1.small"}
print(#servers.list(), #servers.list{name = "^ex"})
--> 2 1
print(servers.list{name = "db", detail = false}[1].name)
--> db`},
			{Name: "get", Args: "ref", Returns: "server",
				Doc: "Returns the details of one server, by id or else by name.",
				Fn:  e.getServer,
				Params: []Param{{Name: "ref", Type: "ServerRef",
					Doc: "the server's id or name, or a server table"}},
				Results: []Value{{Type: "Server", Name: "server", Doc: "the server, in detail"}},
				Errors:  []string{errArgs, errRef, errAPI, errNet},
				Example: `print(servers.get("example").id == server.id, servers.get(server.id).name)
--> true example`},
			{Name: "find", Args: "name", Returns: "server",
				Doc:     "Returns the one server with this name; none or several is an error.",
				Fn:      e.findServer,
				Params:  []Param{{Name: "name", Type: "string", Doc: "the server's exact name"}},
				Results: []Value{{Type: "Server", Name: "server", Doc: "the server, in detail"}},
				Errors:  []string{errArgs, errRef, errCloud, errNet},
				Example: `print(servers.find("example").status)
--> ACTIVE
print(pcall(servers.find, "nope"))
--> false ...servers.find: no server matches "nope"...`},
			{Name: "ips", Args: "id [, network]", Returns: "addresses",
				Doc: "Returns a server's addresses by network name, or the list of its " +
					"addresses on one network.", Fn: e.serverIPs,
				Params: []Param{serverParam, {Name: "network", Type: "string", Optional: true,
					Doc: "only the addresses on this network"}},
				Results: []Value{{Type: "table<string, Address[]>|Address[]", Name: "addresses",
					Doc: "addresses by network, or the list on the network asked for"}},
				Errors: []string{errArgs, errAPI + "; 404 too when the server is not on " +
					"the network", errNet},
				Example: `local all = servers.ips(server)
print(all.private[1].version, #servers.ips(server, "public"))
--> 4 2`},
			{Name: "update", Args: "id, {name=, accessIPv4=, accessIPv6=}", Returns: "server",
				Doc: "Renames a server or sets its access addresses; returns the server.",
				Fn:  e.updateServer,
				Params: []Param{serverParam, {Name: "changes", Type: "ServerUpdateOptions",
					Doc: "what to change; at least one", Fields: []Param{
						{Name: "name", Type: "string", Optional: true, Doc: "a new name"},
						{Name: "accessIPv4", Type: "string", Optional: true,
							Doc: "the IPv4 address users reach the server at"},
						{Name: "accessIPv6", Type: "string", Optional: true,
							Doc: "the IPv6 address users reach the server at"},
					}}},
				Results: []Value{{Type: "Server", Name: "server", Doc: "the server, changed"}},
				Errors:  []string{errArgs, errAPI, errNet},
				Example: `local s = servers.update(server, {name = "tornado",
  accessIPv4 = "203.0.113.5"})
print(s.name, s.accessIPv4)
--> tornado 203.0.113.5`},
			{Name: "delete", Args: "id | ids [, {workers=}]", Returns: "nothing",
				Doc: "Deletes a server, or a list of ids or servers with up to workers " +
					"(default 8) deletes at once; one error names every delete that " +
					"failed. The cloud answers before servers are gone: " +
					"wait for DELETED to know they are.", Fn: e.deleteServer,
				Params: []Param{
					{Name: "id", Type: "ServerRef|ServerRef[]", Doc: "a server, or a list of them"},
					{Name: "opts", Type: "DeleteOptions", Optional: true,
						Doc: "for a list: how many at once", Fields: []Param{
							{Name: "workers", Type: "integer", Optional: true, Default: "8",
								Doc: "deletes in flight at once"},
						}},
				},
				Errors: []string{errArgs, errAPI, "with a list, one string error that " +
					"names every delete that failed", errNet},
				Example: `servers.delete(server)
servers.wait(server, "DELETED")
print(pcall(servers.get, server.id))
--> false ...itemNotFound (404)...`},
			{Name: "wait", Args: "id, status [, {timeout=, interval=}]", Returns: "server",
				Doc: "Polls a server until it reaches status (DELETED waits until it is " +
					"gone). A server in ERROR ends the wait with its fault; a timeout " +
					"(600 seconds by default) says which status it was stuck in.",
				Fn: e.waitServer,
				Params: []Param{serverParam,
					{Name: "status", Type: "string", Doc: "the status to wait for"},
					{Name: "opts", Type: "WaitOptions", Optional: true,
						Doc: "how long to wait and how often to look", Fields: waitFields},
				},
				Results: []Value{{Type: "Server", Name: "server",
					Doc: "the server in that status ({id =, status = \"DELETED\"} once gone)"}},
				Errors: []string{errArgs, "a string error when the server goes to ERROR " +
					"(with its fault), or is in another status when the timeout passes",
					errAPI, errNet},
				Example: `local s = servers.create{name = "slow", image = "ubuntu-11.04-server",
  flavor = "m1.tiny"}
print(servers.wait(s, "ACTIVE", {timeout = 60}).status)
--> ACTIVE`},
			{Name: "wait_all", Args: waitAllArgs, Returns: waitAllReturns, Doc: waitAllDoc,
				Fn: e.waitAllServers,
				Params: []Param{
					{Name: "ids", Type: "ServerRef[]", Doc: "the servers: ids or server tables"},
					{Name: "status", Type: "string", Doc: "the status to wait for"},
					{Name: "opts", Type: "WaitAllOptions", Optional: true,
						Doc: "how long to wait, and what to do with failures",
						Fields: append(append([]Param{}, waitFields...), Param{Name: "collect",
							Type: "boolean", Optional: true, Default: "false",
							Doc: "return failures instead of raising them"})},
				},
				Results: []Value{
					{Type: "Server[]", Name: "servers",
						Doc: "the servers, at the positions of ids (nil where one failed)"},
					{Type: "WaitFailure[]?", Name: "failures",
						Doc: "with collect=true, each failure at its server's position"},
				},
				Errors: []string{errArgs, "a string error naming every server that went " +
					"to ERROR, was deleted or timed out, unless collect=true", errCloud, errNet},
				Example: `local batch = servers.create{name = "batch",
  image = "ubuntu-11.04-server", flavor = "m1.tiny", count = 3}
local ready = servers.wait_all(batch, "ACTIVE")
print(#ready, ready[3].status)
--> 3 ACTIVE`},
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
	if name == "" {
		argError(L, fn, "'name' must not be empty")
	}
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
	status := checkServerStatus(L, 2, fn)
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
