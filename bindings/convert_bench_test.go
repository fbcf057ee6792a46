package bindings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	lua "github.com/yuin/gopher-lua"
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

// decodeListing decodes a listing the way the compute client does, with
// numbers kept as json.Number.
func decodeListing(tb testing.TB, body []byte) any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		tb.Fatal(err)
	}
	return doc.(map[string]any)["servers"]
}

// BenchmarkToLuaServerListing turns a decoded 1,000-server detailed listing
// into Lua tables, as servers.list does with the cloud's answer.
func BenchmarkToLuaServerListing(b *testing.B) {
	servers := decodeListing(b, serverListing(b, 1000))
	L := lua.NewState()
	defer L.Close()

	b.ReportAllocs()
	var table lua.LValue
	for b.Loop() {
		table = ToLua(L, servers)
	}

	list := table.(*lua.LTable)
	if list.Len() != 1000 || L.GetField(list.RawGetInt(1000), "name").String() != "server-0999" {
		b.Fatalf("wrong conversion: %d servers", list.Len())
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
