package bindings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
)

// serverListing returns the body of a detailed listing of n servers, each a
// copy of a server as a real Nova (Zed) answered it, with its own id, name
// and address.
func serverListing(tb testing.TB, n int) []byte {
	tb.Helper()
	raw, err := os.ReadFile("testdata/server-detail.json")
	if err != nil {
		tb.Fatal(err)
	}
	servers := make([]map[string]any, n)
	for i := range servers {
		var server map[string]any
		if err := json.Unmarshal(raw, &server); err != nil {
			tb.Fatal(err)
		}
		server["id"] = fmt.Sprintf("02aa5fe1-a212-4a64-88f6-%012d", i)
		server["name"] = fmt.Sprintf("server-%04d", i)
		address := server["addresses"].(map[string]any)["private"].([]any)[0]
		address.(map[string]any)["addr"] = fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
		servers[i] = server
	}
	body, err := json.Marshal(map[string]any{"servers": servers})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// decodeListing decodes a listing the way the compute client does: numbers
// kept as json.Number, the servers as a list of objects.
func decodeListing(tb testing.TB, body []byte) []compute.Object {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc struct{ Servers []compute.Object }
	if err := dec.Decode(&doc); err != nil {
		tb.Fatal(err)
	}
	return doc.Servers
}

// benchmarkListing runs use on a fresh copy of a decoded 1,000-server
// detailed listing each round, since ToLua takes the objects over; only use
// is timed.
func benchmarkListing(b *testing.B, use func(L *lua.LState, servers []compute.Object)) {
	body := serverListing(b, 1000)
	L := lua.NewState()
	defer L.Close()
	Open(L, &Env{Stdout: io.Discard})

	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		servers := decodeListing(b, body)
		b.StartTimer()
		use(L, servers)
	}
}

// BenchmarkToLuaServerListing turns a decoded 1,000-server detailed listing
// into Lua tables, as servers.list does with the cloud's answer. Making the
// rows reads no field, so one decoded listing serves every round.
func BenchmarkToLuaServerListing(b *testing.B) {
	servers := decodeListing(b, serverListing(b, 1000))
	L := lua.NewState()
	defer L.Close()

	b.ReportAllocs()
	var list *lua.LTable
	for b.Loop() {
		list = ToLua(L, servers).(*lua.LTable)
	}

	last := list.RawGetInt(1000).(*lua.LTable)
	if list.Len() != 1000 || rawField(last, "name").String() != "server-0999" {
		b.Fatalf("wrong conversion: %d servers", list.Len())
	}
}

// BenchmarkToLuaServerListingNames adds what a script listing names does:
// read each server's name and status from Lua.
func BenchmarkToLuaServerListingNames(b *testing.B) {
	var names lua.LValue
	var readNames *lua.LFunction
	benchmarkListing(b, func(L *lua.LState, servers []compute.Object) {
		if readNames == nil {
			var err error
			readNames, err = L.LoadString(`
				local names = {}
				for i, s in ipairs(...) do
					names[i] = s.name .. " " .. s.status
				end
				return names`)
			if err != nil {
				b.Fatal(err)
			}
		}
		L.Push(readNames)
		L.Push(ToLua(L, servers))
		L.Call(1, 1)
		names = L.Get(-1)
		L.Pop(1)
	})

	if last := names.(*lua.LTable).RawGetInt(1000); last.String() != "server-0999 ACTIVE" {
		b.Fatalf("wrong names: the last is %s", last)
	}
}

// BenchmarkToLuaServerListingWhole converts every field of every server, as
// printing or encoding the whole listing does.
func BenchmarkToLuaServerListingWhole(b *testing.B) {
	var list *lua.LTable
	benchmarkListing(b, func(L *lua.LState, servers []compute.Object) {
		list = ToLua(L, servers).(*lua.LTable)
		for i := 1; i <= list.Len(); i++ {
			CompleteRow(list.RawGetInt(i).(*lua.LTable))
		}
	})

	last := list.RawGetInt(1000).(*lua.LTable)
	if last.Metatable != lua.LNil || last.RawGetString("name").String() != "server-0999" {
		b.Fatal("the last server was not converted in full")
	}
}

// BenchmarkDecodeAndToLuaServerListing adds the JSON decoding of the answer,
// for comparison.
func BenchmarkDecodeAndToLuaServerListing(b *testing.B) {
	body := serverListing(b, 1000)
	L := lua.NewState()
	defer L.Close()

	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		ToLua(L, decodeListing(b, body))
	}
}

func TestToLuaServerListing(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("servers", ToLua(L, decodeListing(t, serverListing(t, 3))))

	err := L.DoString(`
		assert(#servers == 3)
		local s = servers[3]
		assert(s.name == "server-0002" and s.status == "ACTIVE", s.name)
		assert(s.addresses.private[1].addr == "10.0.0.3")
		assert(s.addresses.private[1].version == 4)
		assert(s["OS-EXT-STS:power_state"] == 1)
		assert(s.key_name == nil and s.flavor.id == "1")
		assert(#s.links == 2 and s.metadata["created-by"] == "smoke")
	`)
	if err != nil {
		t.Fatal(err)
	}
}
