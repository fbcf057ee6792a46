package bindings

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

// slowCloud answers GET servers/{id} after a pause and counts how many
// requests it holds at once. An id starting with "bad" is not found.
type slowCloud struct {
	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	requests    int
}

func (c *slowCloud) Do(ctx context.Context, req compute.Request) (*compute.Response, error) {
	c.mu.Lock()
	c.inFlight++
	c.requests++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()

	select {
	case <-time.After(20 * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if strings.HasPrefix(req.Path, "servers/detail?") {
		// servers.get looks a name up when no server has it as its id.
		return &compute.Response{Status: 200, Body: compute.Object{"servers": []any{}}}, nil
	}
	id := strings.TrimPrefix(req.Path, "servers/")
	if strings.HasPrefix(id, "bad") {
		return nil, &compute.APIError{Status: http.StatusNotFound, Kind: "itemNotFound",
			Message: "Instance " + id + " could not be found."}
	}
	server := compute.Object{"id": id, "name": "n-" + id}
	return &compute.Response{Status: 200, Body: compute.Object{"server": server}}, nil
}

func newTestState(t *testing.T, cloud compute.Requester) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	Open(L, &Env{
		Connect: func(context.Context) (compute.Requester, error) { return cloud, nil },
	})
	return L
}

func TestParallelMapKeepsOrderAndBoundsInFlight(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)

	err := L.DoString(`
		local ids = {}
		for i = 1, 20 do ids[i] = tostring(i) end
		names = parallel.map(ids, function(id) return servers.get(id).name end, {workers = 4})
	`)
	require.NoError(t, err)

	names := L.GetGlobal("names").(*lua.LTable)
	require.Equal(t, 20, names.Len())
	for i := 1; i <= 20; i++ {
		assert.Equal(t, "n-"+lua.LNumber(i).String(), names.RawGetInt(i).String())
	}
	assert.Equal(t, 4, cloud.maxInFlight)
	assert.Equal(t, 20, cloud.requests)
}

func TestParallelMapRaisesFirstErrorAsTable(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)

	err := L.DoString(`
		local ok, err = pcall(parallel.map, {"1", "bad2", "3", "4", "5", "6"},
			function(id) return servers.get(id) end, {workers = 2})
		assert(not ok)
		code, kind, item = err.code, err.kind, err.item
	`)
	require.NoError(t, err)
	assert.Equal(t, "404", L.GetGlobal("code").String())
	assert.Equal(t, "itemNotFound", L.GetGlobal("kind").String())
	assert.Equal(t, "2", L.GetGlobal("item").String())
	// No new item starts after the failure, so the last ones never run.
	assert.Less(t, cloud.requests, 6)
}

func TestParallelMapCollectsErrors(t *testing.T) {
	L := newTestState(t, &slowCloud{})

	err := L.DoString(`
		results, errors = parallel.map({"1", "bad2", "3"},
			function(id) return servers.get(id).id end, {collect = true})
		assert(results[1] == "1" and results[2] == nil and results[3] == "3")
		assert(errors[2].kind == "itemNotFound" and errors[1] == nil)
		-- Items after a failed one still start, even one at a time.
		results, errors = parallel.map({"bad1", "2", "3"},
			function(id) return servers.get(id).id end, {collect = true, workers = 1})
		assert(results[1] == nil and results[2] == "2" and results[3] == "3")
		assert(errors[1].code == 404 and errors[3] == nil)
		-- pcall inside the function sees the error as a table too.
		caught = parallel.map({"bad9"}, function(id)
			local ok, e = pcall(servers.get, id)
			return e.code
		end)[1]
	`)
	require.NoError(t, err)
	assert.Equal(t, "404", L.GetGlobal("caught").String())
}

func TestParallelMapArguments(t *testing.T) {
	L := newTestState(t, &slowCloud{})
	tests := []struct{ code, want string }{
		{`parallel.map(1, print)`, "parallel.map: 'list' must be a table, got number"},
		{`parallel.map({}, 1)`, "parallel.map: 'fn' must be a function, got number"},
		{`parallel.map({}, print, {workers = 0})`,
			"parallel.map: 'workers' must be at least 1, got 0"},
		{`parallel.map({}, print, {wrokers = 2})`, "parallel.map: unknown option 'wrokers'"},
		{`parallel.map({1}, function() coroutine.yield() end)`, "the function yielded"},
		{`parallel.map({a = 1}, print)`, "parallel.map: 'list' must be a list (keys 1..n)"},
	}
	for _, tt := range tests {
		err := L.DoString(tt.code)
		require.Error(t, err, tt.code)
		assert.Contains(t, err.Error(), tt.want, tt.code)
	}
}

func TestErrorPositionIsTheScriptLine(t *testing.T) {
	L := newTestState(t, &slowCloud{})
	err := L.DoString("local x = 1\nservers.get(nil)")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `<string>:2: servers.get: 'ref' must be a string, got nil`)
}

func TestParallelMapCallsFromGoCallbacks(t *testing.T) {
	cloud := &slowCloud{}
	L := newTestState(t, cloud)

	// Bindings called back by a Go function (gsub, sort, pcall) cannot yield,
	// so they run at once instead of failing.
	err := L.DoString(`
		got = parallel.map({"a", "b", "c", "d"}, function(id)
			local name = string.gsub(id, "%a", function(c) return servers.get(c).name end)
			local order = {"3", "1", "2"}
			table.sort(order, function(x, y) return servers.get(x).id < servers.get(y).id end)
			local ok, server = pcall(servers.get, id)
			return name .. table.concat(order) .. server.id
		end, {workers = 4})
	`)
	require.NoError(t, err)
	got := L.GetGlobal("got").(*lua.LTable)
	for i, id := range []string{"a", "b", "c", "d"} {
		assert.Equal(t, "n-"+id+"123"+id, got.RawGetInt(i+1).String())
	}
}
