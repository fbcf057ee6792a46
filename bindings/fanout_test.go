package bindings

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

// sandboxState starts a sandbox cloud with opts and returns a Lua state whose
// bindings talk to it, through a counter of their requests.
func sandboxState(t *testing.T, opts sandbox.Options) (*lua.LState, *sandbox.Sandbox,
	*countingCloud) {
	t.Helper()
	box, client := startSandbox(t, opts)
	counter := &countingCloud{Requester: client, lists: map[string]int{},
		lookups: map[string]int{}, total: map[string]int{}}
	return newTestState(t, counter), box, counter
}

// countingCloud counts the requests that bindings send, by phase of a test.
type countingCloud struct {
	compute.Requester

	mu      sync.Mutex
	phase   string
	lists   map[string]int // GET servers/detail
	lookups map[string]int // GET servers/{id}
	total   map[string]int
}

func (c *countingCloud) Do(ctx context.Context, req compute.Request) (*compute.Response,
	error) {
	path, _, _ := strings.Cut(req.Path, "?")
	c.mu.Lock()
	c.total[c.phase]++
	if req.Method == http.MethodGet && path == "servers/detail" {
		c.lists[c.phase]++
	} else if req.Method == http.MethodGet && strings.Count(path, "/") == 1 &&
		strings.HasPrefix(path, "servers/") {
		c.lookups[c.phase]++
	}
	c.mu.Unlock()
	return c.Requester.Do(ctx, req)
}

func (c *countingCloud) enter(phase string) {
	c.mu.Lock()
	c.phase = phase
	c.mu.Unlock()
}

func TestBootHundredServersWithSixteenWorkers(t *testing.T) {
	L, box, counter := sandboxState(t, sandbox.Options{Latency: 50 * time.Millisecond,
		BuildTime: 300 * time.Millisecond})

	counter.enter("create")
	require.NoError(t, L.DoString(`
		local names = {}
		for i = 1, 100 do names[i] = string.format("fan-%03d", i) end
		created = parallel.map(names, function(name)
			return servers.create{name = name, image = "ubuntu-11.04-server", flavor = "m1.tiny"}
		end, {workers = 16})
	`))
	// Every create makes several requests one after the other; sixteen
	// coroutines keep exactly sixteen of them at the sandbox at once.
	assert.Equal(t, 16, box.MaxInFlight())

	counter.enter("wait")
	require.NoError(t, L.DoString(`
		ready = servers.wait_all(created, "ACTIVE")
		assert(#ready == 100, "ready: " .. #ready)
		for i, server in ipairs(ready) do
			assert(server.id == created[i].id and server.status == "ACTIVE", server.name)
			assert(server.name == string.format("fan-%03d", i), server.name)
		end
	`))
	assert.Zero(t, counter.lookups["wait"], "wait_all polls with listings only")
	assert.Positive(t, counter.lists["wait"])
	assert.Less(t, counter.lists["wait"], 20, "one listing per round, not one per server")

	counter.enter("delete")
	require.NoError(t, L.DoString(`
		servers.delete(ready)
		servers.wait_all(ready, "DELETED")
		assert(#servers.list() == 0)
	`))
	assert.Zero(t, counter.lookups["delete"])
	t.Logf("requests: %v; listings: %v", counter.total, counter.lists)
}

func TestWaitAllReportsFailedBuilds(t *testing.T) {
	L, _, _ := sandboxState(t, sandbox.Options{BuildTime: 100 * time.Millisecond,
		FailBuilds: "bad-*"})

	require.NoError(t, L.DoString(`
		list = {}
		for i, name in ipairs({"ok-1", "bad-1", "ok-2", "bad-2"}) do
			list[i] = servers.create{name = name, image = "ubuntu-11.04-server",
				flavor = "m1.tiny"}
		end
		local ok, err = pcall(servers.wait_all, list, "ACTIVE", {interval = 0.05})
		assert(not ok)
		message = err

		ready, failures = servers.wait_all(list, "ACTIVE", {collect = true})
	`))

	ids := make([]string, 4)
	list := L.GetGlobal("list").(*lua.LTable)
	for i := range ids {
		ids[i] = L.GetField(list.RawGetInt(i+1), "id").String()
	}
	assert.Contains(t, L.GetGlobal("message").String(), fmt.Sprintf(
		"servers.wait_all: 2 of 4 servers did not reach ACTIVE: "+
			"server %s went to ERROR while waiting for ACTIVE: ", ids[1]))
	assert.Contains(t, L.GetGlobal("message").String(),
		fmt.Sprintf("; server %s went to ERROR", ids[3]))

	ready := L.GetGlobal("ready").(*lua.LTable)
	failures := L.GetGlobal("failures").(*lua.LTable)
	for i, bad := range []bool{false, true, false, true} {
		if !bad {
			assert.Equal(t, "ACTIVE", L.GetField(ready.RawGetInt(i+1), "status").String())
			assert.Equal(t, lua.LNil, failures.RawGetInt(i+1))
			continue
		}
		failure := failures.RawGetInt(i + 1)
		assert.Equal(t, lua.LNil, ready.RawGetInt(i+1))
		assert.Equal(t, ids[i], L.GetField(failure, "id").String())
		assert.Equal(t, "ERROR", L.GetField(failure, "status").String())
		assert.NotEqual(t, lua.LNil, L.GetField(failure, "fault"))
		assert.Contains(t, L.GetField(failure, "message").String(), "went to ERROR")
	}
}

// deleteOnly answers DELETE servers/{id}: ids that start with "missing" are
// not found. It counts the requests it holds at once.
type deleteOnly struct {
	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	deletes     atomic.Int32
}

func (c *deleteOnly) Do(_ context.Context, req compute.Request) (*compute.Response, error) {
	c.mu.Lock()
	c.inFlight++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	time.Sleep(20 * time.Millisecond)

	id, ok := strings.CutPrefix(req.Path, "servers/")
	if req.Method != http.MethodDelete || !ok {
		return nil, fmt.Errorf("unexpected request %s %s", req.Method, req.Path)
	}
	c.deletes.Add(1)
	if strings.HasPrefix(id, "missing") {
		return nil, &compute.APIError{Status: http.StatusNotFound, Kind: "itemNotFound",
			Message: "Instance " + id + " could not be found."}
	}
	return &compute.Response{Status: http.StatusNoContent}, nil
}

func TestDeleteList(t *testing.T) {
	cloud := &deleteOnly{}
	L := newTestState(t, cloud)

	err := L.DoString(`
		local list = {}
		for i = 1, 12 do list[i] = "s" .. i end
		list[4] = {id = "missing-a", name = "from servers.list"}
		list[9] = "missing-b"
		servers.delete(list, {workers = 3})
	`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "<string>:6: servers.delete: 2 of 12 deletes failed: "+
		"delete server missing-a: itemNotFound (404): Instance missing-a could not be found; "+
		"delete server missing-b: itemNotFound (404): Instance missing-b could not be found")
	assert.EqualValues(t, 12, cloud.deletes.Load(), "every delete is tried")
	assert.Equal(t, 3, cloud.maxInFlight)

	require.NoError(t, L.DoString(`servers.delete({}) servers.delete("one")`))
	assert.EqualValues(t, 13, cloud.deletes.Load())
}

func TestFanOutArguments(t *testing.T) {
	L := newTestState(t, &unusedCloud{t: t})
	tests := map[string]string{
		`servers.wait_all(nil, "ACTIVE")`: "servers.wait_all: 'ids' must be a list of ids " +
			"or servers, got nil",
		`servers.wait_all({id = "x"}, "ACTIVE")`: "servers.wait_all: 'ids' must be a list " +
			"of ids or servers, got one server",
		`servers.wait_all({"a", true}, "ACTIVE")`: "servers.wait_all: 'ids' item 2 must be " +
			"an id or a server, got boolean",
		`servers.wait_all({"a", ""}, "ACTIVE")`: "servers.wait_all: 'ids' item 2 must be " +
			"an id or a server, got string",
		`servers.wait_all({"a", name = "b"}, "ACTIVE")`: "servers.wait_all: 'ids' must be " +
			"a list, but has the key 'name'",
		`servers.wait_all({"a", zeta = 1, alpha = 2, [0] = 3}, "ACTIVE")`: "servers.wait_all: " +
			"'ids' must be a list, but has the key '0'",
		`servers.delete(limits)`:  "servers.delete: 'ids' must be a list, but has the key 'get'",
		`servers.wait_all({"a"})`: "servers.wait_all: 'status' must be a string, got nil",
		`servers.wait_all({"a"}, "ACTIVE", {colect = true})`: "servers.wait_all: " +
			"unknown option 'colect'",
		`servers.wait_all({"a"}, "ACTIVE", {timeout = "1"})`: "servers.wait_all: " +
			"'timeout' must be a number of seconds, got string",
		`servers.delete({"a"}, {workers = 0})`: "servers.delete: 'workers' must be at " +
			"least 1, got 0",
		`servers.delete({"a", {name = "x"}})`: "servers.delete: 'ids' item 2 must be an " +
			"id or a server, got table",
		`servers.delete({"a"}, 8)`: "servers.delete: argument #2 must be a table, got number",
	}
	for code, want := range tests {
		err := L.DoString(code)
		require.Error(t, err, code)
		assert.Contains(t, err.Error(), "<string>:1: "+want, code)
	}
}

func TestWaitAllOfNothing(t *testing.T) {
	L := newTestState(t, &unusedCloud{t: t})
	require.NoError(t, L.DoString(`
		local ready, failures = servers.wait_all({}, "ACTIVE", {collect = true})
		assert(#ready == 0 and #failures == 0)
		assert(#servers.wait_all({}, "ACTIVE") == 0)
	`))
}

// unusedCloud fails the test when a binding sends anything.
type unusedCloud struct{ t *testing.T }

func (c *unusedCloud) Do(_ context.Context, req compute.Request) (*compute.Response, error) {
	c.t.Errorf("unexpected request %s %s", req.Method, req.Path)
	return nil, fmt.Errorf("unexpected request")
}
