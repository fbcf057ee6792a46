package bindings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute/sandbox"
)

func TestLimitsReportTheSandboxState(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua+`
		servers.create{name = "big", image = "ubuntu-11.04-server", flavor = "m1.large"}
	`)

	values := runLua(t, L, `
		local l = limits.get()
		local a = l.absolute
		return a.maxTotalRAMSize, a.maxServerMeta, a.maxImageMeta, a.maxPersonality,
			a.maxPersonalitySize, a.totalRAMUsed, a.totalInstancesUsed, a.totalCoresUsed,
			type(l.rate)
	`)
	assert.Equal(t, []string{"51200", "5", "5", "5", "10240", "8704", "2", "5", "table"},
		luaStrings(values))
}

func TestLimitsAreCheckedBeforeSending(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)
	log.take()

	tests := []struct {
		name string
		code string
		want string
	}{
		{"sixth personality file", `servers.create{name = "x", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", personality = {["/1"] = "", ["/2"] = "", ["/3"] = "",
			["/4"] = "", ["/5"] = "", ["/6"] = ""}}`,
			"servers.create: 6 personality files exceed the cloud's maxPersonality of 5"},
		{"personality file too big", `servers.create{name = "x", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", personality = {{path = "/etc/big", contents =
			string.rep("x", 10241)}}}`, "servers.create: the 10241 bytes of /etc/big " +
			"exceed the cloud's maxPersonalitySize of 10240"},
		{"sixth metadata item", `servers.create{name = "x", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", metadata = {a = 1, b = 2, c = 3, d = 4, e = 5, f = 6}}`,
			"servers.create: 6 metadata items exceed the cloud's maxServerMeta of 5"},
		{"rebuild with six files", `servers.rebuild(id, {image = "ubuntu-11.04-server",
			personality = {["/1"] = "", ["/2"] = "", ["/3"] = "", ["/4"] = "", ["/5"] = "",
			["/6"] = ""}})`,
			"servers.rebuild: 6 personality files exceed the cloud's maxPersonality of 5"},
		{"image with six metadata items", `servers.create_image(id, "snap",
			{a = 1, b = 2, c = 3, d = 4, e = 5, f = 6})`,
			"servers.create_image: 6 metadata items exceed the cloud's maxImageMeta of 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := lua.LVAsString(luaError(t, L, tt.code))
			assert.Regexp(t, `^<string>:\d+: `, text)
			assert.Contains(t, text, tt.want)
			for _, req := range log.take() {
				assert.Equal(t, "GET", req.method, "%s sent %s", tt.code, req.path)
			}
		})
	}
}

func TestLimitsAreFetchedOnce(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `
		for i = 1, 3 do
			servers.create{name = "m" .. i, image = "ubuntu-11.04-server", flavor = "m1.tiny",
				metadata = {n = i}}
		end
	`)
	fetches := 0
	for _, req := range log.take() {
		if req.path == "limits" {
			fetches++
		}
	}
	assert.Equal(t, 1, fetches)
}

func TestOverTheRAMTotal(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{Limits: sandbox.Limits{MaxTotalInstances: 10,
		MaxTotalCores: 100, MaxTotalRAMSize: 4096, MaxServerMeta: 5, MaxImageMeta: 5,
		MaxPersonality: 5, MaxPersonalitySize: 10240}})
	runLua(t, L, `servers.create{name = "a", image = "ubuntu-11.04-server",
		flavor = "m1.medium"}`)

	err := luaError(t, L, `servers.create{name = "b", image = "ubuntu-11.04-server",
		flavor = "m1.tiny"}`)
	// The book's clouds answered 413 overLimit; Nova since the 2.1 API answers
	// 403 forbidden. Either way the script gets the cloud's code and kind.
	assertQuotaError(t, err)
	assert.Contains(t, field(err, "message"), "ram")
}

func TestServerArguments(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)
	log.take()

	create := `servers.create{image = "ubuntu-11.04-server", flavor = "m1.tiny", `
	tests := []struct {
		code string
		want string
	}{
		{create + `name = ""}`, `servers.create: 'name' must not be empty`},
		{create + `name = " web"}`, `servers.create: 'name' must not begin or end with ` +
			`blanks, got " web"`},
		{create + `name = "x", metdata = {}}`, `servers.create: unknown option 'metdata'`},
		{create + `name = "x", metadata = {a = {}}}`,
			`servers.create: metadata value for 'a' must be a string, got table`},
		{create + `name = "x", count = 2, max_count = 3}`,
			`servers.create: give either 'count' or 'min_count'/'max_count', not both`},
		{create + `name = "x", count = 0}`, `servers.create: 'count' must be at least 1, got 0`},
		{create + `name = "x", personality = {{path = "/a", contents = "1"},
			{path = "/a", contents = "2"}}}`,
			`servers.create: personality path "/a" is given twice`},
		{`servers.reboot(id, "MEDIUM")`,
			`servers.reboot: 'type' must be "SOFT" or "HARD", got "MEDIUM"`},
		{`servers.update(id, {})`,
			`servers.update: nothing to update: give name, accessIPv4 or accessIPv6`},
		{`servers.update(id, {name = ""})`, `servers.update: 'name' must not be empty`},
		{`servers.update(id, {nmae = "x"})`, `servers.update: unknown option 'nmae'`},
		{`servers.rebuild(id, {name = "x"})`, `servers.rebuild: 'image' must be a string, ` +
			`got nil`},
		{`servers.rebuild(id, {image = "x", adminpass = "p"})`,
			`servers.rebuild: unknown option 'adminpass'`},
		{`servers.resize(id)`, `servers.resize: 'flavor' must be a string, got nil`},
		{`servers.change_password(id, "")`, `servers.change_password: 'password' must not ` +
			`be empty`},
		{`servers.create_image(id, "")`, `servers.create_image: 'name' must not be empty`},
		{`servers.create_image(id, "x", "y")`,
			`servers.create_image: 'metadata' must be a table, got string`},
		{`servers.list{limit = -1}`, `servers.list: 'limit' must not be negative, got -1`},
		{`servers.wait(id, "ACTIVE", {timeout = 0})`,
			`servers.wait: 'timeout' must be more than 0 seconds`},
		{`flavors.pick{min_ram = -1}`, `flavors.pick: bounds must not be negative`},
		{`flavors.pick{ram = 1}`, `flavors.pick: unknown option 'ram'`},
		{`limits.get(1)`, `limits.get: takes no arguments, got 1`},
	}
	for _, tt := range tests {
		text := lua.LVAsString(luaError(t, L, tt.code))
		assert.Regexp(t, `^<string>:\d+: `, text, tt.code)
		assert.Contains(t, text, tt.want, tt.code)
	}
	assert.Empty(t, log.take(), "bad arguments send nothing")
}

func TestFlavorsPick(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	values := runLua(t, L, `
		return flavors.pick{}.name, flavors.pick{min_ram = 1024}.name,
			flavors.pick{min_vcpus = 3}.name, flavors.pick{min_disk = 41, min_vcpus = 1}.name
	`)
	assert.Equal(t, []string{"m1.tiny", "m1.small", "m1.large", "m1.large"}, luaStrings(values))

	text := lua.LVAsString(luaError(t, L, `flavors.pick{min_ram = 32768, min_vcpus = 16}`))
	assert.Equal(t, "<string>:1: flavors.pick: no flavor has at least 32768 MB of RAM and "+
		"16 vCPUs (the largest is m1.xlarge: 16384 MB, 8 vCPUs, 160 GB)", text)
}

// assertQuotaError checks that err is the cloud's refusal of a request over
// a limit, as a Lua error table.
func assertQuotaError(t *testing.T, err lua.LValue) {
	t.Helper()
	kinds := map[string]string{"403": "forbidden", "413": "overLimit"}
	kind, ok := kinds[field(err, "code")]
	if assert.True(t, ok, "code %q", field(err, "code")) {
		assert.Equal(t, kind, field(err, "kind"))
	}
}
