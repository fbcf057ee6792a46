package bindings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute/sandbox"
)

// metaTargets makes a server and an image with metadata {a = "1", b = "2"}
// and returns the Lua expressions that name them.
func metaTargets(t *testing.T, L *lua.LState) []string {
	t.Helper()
	runLua(t, L, bootLua+`
		servers.create_image(id, "snap")
		snap = images.wait(images.find("snap"), "ACTIVE")
		meta.set(server, {a = "1", b = "2"})
		meta.set(snap, {a = "1", b = "2"})
	`)
	return []string{"server", "snap", "{server = id}", "{image = snap.id}"}
}

// sorted returns a Lua function call that lists a metadata table as "k=v k=v".
const sortedLua = `
	local function sorted(m)
		local items = {}
		for k, v in pairs(m) do items[#items + 1] = k .. "=" .. v end
		table.sort(items)
		return table.concat(items, " ")
	end
`

func TestMetaReplaceAndMerge(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	for _, target := range metaTargets(t, L) {
		t.Run(target, func(t *testing.T) {
			values := runLua(t, L, sortedLua+`
				local target = `+target+`
				local replaced = meta.set(target, {a = "1", b = "2"})
				local merged = meta.update(target, {b = "20", c = 3})
				local listed = meta.list(target)
				local replaced2 = meta.set(target, {z = "26"})
				return sorted(replaced), sorted(merged), sorted(listed), sorted(replaced2),
					sorted(meta.list(target))
			`)
			assert.Equal(t, []string{"a=1 b=2", "a=1 b=20 c=3", "a=1 b=20 c=3", "z=26", "z=26"},
				luaStrings(values))
		})
	}
}

func TestMetaItems(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	for _, target := range metaTargets(t, L) {
		t.Run(target, func(t *testing.T) {
			values := runLua(t, L, `
				local target = `+target+`
				local set = meta.set(target, "Server Name", "Tornado Ω")
				local got = meta.get(target, "Server Name")
				meta.delete(target, "Server Name")
				local missing, message = meta.get(target, "Server Name")
				return set, got, missing, message
			`)
			require.Len(t, values, 4)
			assert.Equal(t, "Tornado Ω", values[0].String())
			assert.Equal(t, "Tornado Ω", values[1].String())
			assert.Equal(t, lua.LNil, values[2])
			assert.Regexp(t, `^no metadata 'Server Name' on (server|image) \S+$`,
				values[3].String())
		})
	}
}

func TestMetaKeysAndValuesRoundTrip(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	// Keys as Nova 2.1 takes them (letters, digits, space and -_:.), every one
	// of them in a URL; values in any script.
	items := []struct{ key, value string }{
		{"Server Name", "Tornado 🌪"},
		{"a:b.c-d_e", "ключ с пробелом"},
		{"..", "日本語 + 50% off"},
		{"x", "tab\there"},
	}
	for _, target := range metaTargets(t, L) {
		for _, item := range items {
			L.SetGlobal("key", lua.LString(item.key))
			L.SetGlobal("value", lua.LString(item.value))
			got := runLua(t, L, `
				local target = `+target+`
				meta.set(target, {})
				meta.set(target, key, value)
				local listed = meta.list(target)
				local value = meta.get(target, key)
				meta.delete(target, key)
				return listed[key], value, tostring(next(meta.list(target)) == nil)
			`)
			assert.Equal(t, []string{item.value, item.value, "true"}, luaStrings(got),
				"%s %q", target, item.key)
		}
	}
}

func TestMetaLimitsChangeNothing(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	for _, target := range metaTargets(t, L) {
		t.Run(target, func(t *testing.T) {
			runLua(t, L, `meta.set(`+target+`, {a = "1", b = "2", c = "3", d = "4"})`)
			log.take()

			// Two new keys make six: only the cloud can tell, and it refuses.
			err := luaError(t, L, `meta.update(`+target+`, {e = "5", f = "6"})`)
			assertQuotaError(t, err)

			// Six keys at once never fit: refused before anything is sent.
			text := lua.LVAsString(luaError(t, L, `meta.set(`+target+`,
				{a = "1", b = "2", c = "3", d = "4", e = "5", f = "6"})`))
			assert.Regexp(t, `meta.set: 6 metadata items exceed the cloud's `+
				`max(Server|Image)Meta of 5$`, text)

			values := runLua(t, L, sortedLua+`return sorted(meta.list(`+target+`))`)
			assert.Equal(t, "a=1 b=2 c=3 d=4", values[0].String())
			for _, req := range log.take() {
				assert.NotEqual(t, "PUT", req.method, "the six keys were sent")
			}
		})
	}
}

func TestMetaValueTooLong(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)
	log.take()

	text := lua.LVAsString(luaError(t, L, `meta.set(server, "k", string.rep("é", 256))`))
	assert.Regexp(t, `meta.set: metadata value for 'k' has 256 characters, more than the `+
		`255 the compute API takes$`, text)
	assert.Empty(t, log.take())

	values := runLua(t, L, `return meta.set(server, "k", string.rep("é", 255))`)
	assert.Len(t, []rune(values[0].String()), 255)
}

func TestMetaArguments(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)
	log.take()

	tests := []struct {
		code string
		want string
	}{
		{`meta.list("web")`, `meta.list: 'target' must be a server or an image, or ` +
			`{server = id} or {image = id}, got string`},
		{`meta.list({id = "x"})`, `meta.list: cannot tell whether 'target' is a server ` +
			`or an image; pass {server = id} or {image = id}`},
		{`meta.list({server = id, image = id})`, `meta.list: 'target' must name one ` +
			`server or one image: {server = id} or {image = id}`},
		{`meta.list({serve = id})`, `meta.list: unknown option 'serve'`},
		{`meta.set(server, {a = true})`,
			`meta.set: metadata value for 'a' must be a string, got boolean`},
		{`meta.set(server, {[true] = "x"})`,
			`meta.set: metadata keys must be strings, got boolean`},
		{`meta.set(server, {[""] = "x"})`, `meta.set: metadata keys must not be empty`},
		{`meta.set(server, "k")`, `meta.set: 'value' must be a string, got nil`},
		{`meta.set(server, {a = "1"}, "x")`,
			`meta.set: takes a table or a key and a value, not both`},
		{`meta.set(server, "k", "\255")`, `meta.set: metadata value for 'k' is not valid UTF-8`},
		{`meta.get(server, {})`, `meta.get: 'key' must be a string, got table`},
		{`meta.update(server, "a")`, `meta.update: 'metadata' must be a table, got string`},
		{`meta.delete(server)`, `meta.delete: 'key' must be a string, got nil`},
	}
	for _, tt := range tests {
		text := lua.LVAsString(luaError(t, L, tt.code))
		assert.Equal(t, "<string>:1: "+tt.want, text, tt.code)
	}
	assert.Empty(t, log.take(), "bad arguments send nothing")
}
