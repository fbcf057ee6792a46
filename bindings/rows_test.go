package bindings

import (
	"context"
	"io"
	"runtime"
	"sort"
	"strings"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

// listingState returns a Lua state with the modules open and a global list
// holding a detailed listing of n servers as servers.list returns it.
func listingState(t *testing.T, n int) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	Open(L, &Env{Stdout: io.Discard})
	L.SetGlobal("list", ToLua(L, decodeListing(t, serverListing(t, n))))
	return L
}

func TestRowsReadLikePlainTables(t *testing.T) {
	L := listingState(t, 3)

	runLua(t, L, `
		assert(#list == 3 and type(list[1]) == "table")
		local s = list[2]
		assert(s.name == "server-0001" and s.status == "ACTIVE")
		assert(s.key_name == nil and s.key_name == nil)
		assert(s.addresses == s.addresses, "a field converts once")
		assert(s.addresses.private[1].addr == "10.0.0.2")
		assert(getmetatable(s) == nil)

		local fields = 0
		for key in pairs(list[3]) do fields = fields + 1 end
		assert(fields == 24, "pairs saw " .. fields .. " fields")
		assert(next(list[1]) ~= nil)
		assert(rawget(list[1], "name") == "server-0000")
	`)
}

func TestRowsKeepWhatScriptsWrite(t *testing.T) {
	L := listingState(t, 3)

	runLua(t, L, `
		local s = list[1]
		assert(s.name == "server-0000")
		s.name = nil
		assert(s.name == nil, "a field set to nil came back")
		s.status = nil
		assert(s.status == nil, "an unread field set to nil came back")
		s.note = "mine"
		assert(s.note == "mine" and s.hostId ~= nil)

		local t = list[2]
		rawset(t, "progress", 50)
		assert(t.progress == 50 and t.flavor.id == "1")

		local u = setmetatable(list[2], {__index = function(_, k) return "default " .. k end})
		assert(u == list[2] and u.name == "server-0001" and u.missing == "default missing")

		debug.setmetatable(list[3], nil)
		assert(list[3].name == "server-0002")
	`)
}

func TestRowsPrintAndEncodeWhole(t *testing.T) {
	L := listingState(t, 2)

	values := runLua(t, L, `
		local text = assert(json.encode(list))
		local again = json.decode(text)
		assert(#again == 2 and again[2].name == "server-0001" and again[2].flavor.id == "1")
		return jsonpp.format(list[1]), json.encode({list[2]})
	`)
	require.Len(t, values, 2)
	assert.Contains(t, values[0].String(), `"OS-EXT-STS:vm_state": "active"`)
	assert.Contains(t, values[1].String(), `"hostId":"18b8e159`)
}

func TestRowsAsArguments(t *testing.T) {
	L, _, _ := sandboxState(t, sandbox.Options{})

	runLua(t, L, `
		local img, fl = images.list()[1], flavors.list()[1]
		local made = parallel.map({"row-a", "row-b", "row-c"}, function(name)
			return servers.create{name = name, image = img, flavor = fl}
		end)
		servers.wait_all(made, "ACTIVE")

		local rows = servers.list{name = "^row-"}
		assert(#rows == 3)
		assert(servers.get(rows[1]).id == rows[1].id)
		assert(servers.get(servers.list{name = "^row-b"}[1]).name == "row-b")

		meta.set(servers.list{name = "^row-a"}[1], "role", "web")
		assert(meta.get(servers.list{name = "^row-a"}[1], "role") == "web")

		servers.delete(servers.list{name = "^row-"})
		servers.wait_all(rows, "DELETED")
		assert(#servers.list{name = "^row-"} == 0)
	`)
}

func TestARowWithoutItsIDIsNoList(t *testing.T) {
	L := listingState(t, 2)

	_, err := tryLua(L, `local s = list[1]; local _ = s.id; s.id = nil; servers.delete(s)`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "servers.delete: 'ids' must be a list, but has the key "+
		"'OS-DCF:diskConfig'")
}

func TestEmptyListingIsAnArray(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Open(L, &Env{Stdout: io.Discard})
	L.SetGlobal("list", ToLua(L, decodeListing(t, []byte(`{"servers": []}`))))

	values := runLua(t, L, `return #list, json.encode(list)`)
	assert.Equal(t, "0", values[0].String())
	assert.Equal(t, "[]", values[1].String())
}

func TestRowsThroughTheIteratorPairsReturns(t *testing.T) {
	L := listingState(t, 2)

	runLua(t, L, `
		local iterate = pairs({})
		local fields = 0
		for _ in iterate, list[1] do fields = fields + 1 end
		assert(fields == 24, "the iterator of pairs saw " .. fields .. " fields")

		local ok, err = pcall(function() list[2][0/0] = true end)
		assert(not ok and err:find("table index is NaN"), tostring(err))
	`)
}

func TestAKeptRowLeavesTheRestOfItsListing(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	list := ToLua(L, decodeListing(t, serverListing(t, 3))).(*lua.LTable)
	kept := list.RawGetInt(1).(*lua.LTable)
	other := weak.Make(list.RawGetInt(2).(*lua.LTable))
	assert.Equal(t, "server-0000", rawField(kept, "name").String())

	list = nil
	runtime.GC()
	assert.Nil(t, other.Value(), "a row nobody holds was kept alive by a row of its listing")
	assert.Equal(t, "1", rawField(kept, "flavor").(*lua.LTable).RawGetString("id").String())
}

func TestModuleFunctionsAreMadeOnFirstUse(t *testing.T) {
	_, client := startSandbox(t, sandbox.Options{})
	L := lua.NewState()
	t.Cleanup(L.Close)
	opened := Open(L, &Env{
		Connect: func(context.Context) (compute.Requester, error) { return client, nil },
	})

	servers := L.GetGlobal("servers").(*lua.LTable)
	assert.Equal(t, lua.LNil, servers.RawGetString("create"), "made before it was used")

	// servers is first used inside parallel.map's coroutines, where its
	// functions are made while other calls are in flight.
	values := runLua(t, L, `
		local made = parallel.map({"lazy-a", "lazy-b"}, function(name)
			return servers.create{name = name, image = "ubuntu-11.04-server", flavor = "1"}
		end)
		assert(#made == 2 and made[2].name == "lazy-b")
		assert(require("servers") == servers)

		local names = {}
		for name, fn in pairs(flavors) do
			assert(type(fn) == "function", name)
			names[#names + 1] = name
		end
		table.sort(names)

		images.list = nil
		assert(images.list == nil, "a function set to nil came back")
		meta.mine = function() return "mine" end
		assert(meta.mine() == "mine" and type(meta.get) == "function")
		return table.concat(names, " "), servers.wait_all
	`)

	var flavorFunctions []string
	for _, fn := range Modules(&Env{})[2].Functions {
		flavorFunctions = append(flavorFunctions, fn.Name)
	}
	sort.Strings(flavorFunctions)
	assert.Equal(t, strings.Join(flavorFunctions, " "), values[0].String())

	module, spec, ok := opened.Function(values[1].(*lua.LFunction))
	require.True(t, ok, "help does not know a function made on first use")
	assert.Equal(t, "servers", module.Name)
	assert.Equal(t, "wait_all", spec.Name)
}
