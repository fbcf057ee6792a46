package bindings

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute/sandbox"
)

// bootLua boots one server named web in the sandbox of L and waits for it.
const bootLua = `
	server = servers.create{name = "web", image = "ubuntu-11.04-server", flavor = "m1.tiny",
		wait = true}
	id = server.id
`

func TestServerStatesFollowNova(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)

	tests := []struct {
		name string
		code string
		want string
	}{
		{"soft reboot", `servers.reboot(id)
			local during = servers.get(id).status
			return during .. " " .. servers.wait(id, "ACTIVE").status`, "REBOOT ACTIVE"},
		{"hard reboot", `servers.reboot(id, "HARD")
			local during = servers.get(id).status
			return during .. " " .. servers.wait(id, "ACTIVE").status`, "HARD_REBOOT ACTIVE"},
		{"resize then confirm", `servers.resize(id, "m1.small")
			local during = servers.get(id).status
			local verify = servers.wait(id, "VERIFY_RESIZE")
			servers.confirm_resize(id)
			local done = servers.wait(id, "ACTIVE")
			return during .. " " .. verify.status .. " " .. done.flavor.id`,
			"RESIZE VERIFY_RESIZE 2"},
		{"resize then revert", `servers.resize(id, "m1.medium")
			servers.wait(id, "VERIFY_RESIZE")
			servers.revert_resize(id)
			local done = servers.wait(id, "ACTIVE")
			return done.status .. " " .. done.flavor.id`, "ACTIVE 2"},
		{"rename", `local s = servers.update(id, {name = "tornado"})
			return s.name .. " " .. servers.get(id).name`, "tornado tornado"},
		{"access addresses", `servers.update(id, {accessIPv4 = "67.23.10.132",
				accessIPv6 = "::babe:67.23.10.132"})
			local s = servers.get(id)
			return s.accessIPv4 .. " " .. s.accessIPv6`, "67.23.10.132 ::babe:4317:a84"},
		{"change password", `servers.change_password(id, "0nly-Joe")
			return servers.get(id).status`, "ACTIVE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values := runLua(t, L, tt.code)
			require.Len(t, values, 1)
			assert.Equal(t, tt.want, values[0].String())
		})
	}
}

func TestRebuildGivesANewPassword(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)

	values := runLua(t, L, `
		local rebuilt = servers.rebuild(id, {image = "ubuntu-11.04-kernel", name = "web2",
			metadata = {rebuilt = "yes"}})
		local done = servers.wait(id, "ACTIVE")
		return rebuilt.status, rebuilt.adminPass, server.adminPass, done.image.id,
			done.name, done.metadata.rebuilt
	`)
	require.Len(t, values, 6)
	assert.Equal(t, "REBUILD", values[0].String())
	assert.NotEmpty(t, values[1].String())
	assert.NotEqual(t, values[2].String(), values[1].String(), "a new adminPass")
	assert.Equal(t, "0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b01", values[3].String())
	assert.Equal(t, "web2", values[4].String())
	assert.Equal(t, "yes", values[5].String())
}

func TestCreateImageFromAServer(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)

	values := runLua(t, L, `
		local image = servers.create_image(id, "web-snap", {version = "1.0.0"})
		local ready = images.wait(image.id, "ACTIVE")
		return image.status, ready.status, ready.name, ready.metadata.version
	`)
	assert.Equal(t, []string{"SAVING", "ACTIVE", "web-snap", "1.0.0"}, luaStrings(values))
}

func TestDeletedServerIsGone(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)

	values := runLua(t, L, `
		servers.delete(id)
		return servers.wait(id, "DELETED").status
	`)
	assert.Equal(t, "DELETED", values[0].String())

	err := luaError(t, L, `servers.get(id)`)
	assert.Equal(t, "404", field(err, "code"))
	assert.Equal(t, "itemNotFound", field(err, "kind"))
}

func TestWrongStateIsALuaErrorWithCodeAndKind(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{BuildTime: 2e9})
	runLua(t, L, `
		building = servers.create{name = "slow", image = "ubuntu-11.04-server",
			flavor = "m1.tiny"}
	`)

	tests := []struct {
		name string
		code string
		http string
		kind string
	}{
		{"reboot while building", `servers.reboot(building)`, "409", "conflictingRequest"},
		{"confirm without resize", `servers.confirm_resize(building)`, "409",
			"conflictingRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := luaError(t, L, tt.code)
			assert.Equal(t, tt.http, field(err, "code"))
			assert.Equal(t, tt.kind, field(err, "kind"))
		})
	}
}

func TestResizeToTheSameFlavorIsRefused(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	runLua(t, L, bootLua)

	err := luaError(t, L, `servers.resize(id, "m1.tiny")`)
	assert.Equal(t, "400", field(err, "code"))
	assert.Equal(t, "badRequest", field(err, "kind"))
}

func TestWaitEndsOnError(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{FailBuilds: "doomed-*"})

	err := luaError(t, L, `
		local s = servers.create{name = "doomed-1", image = "ubuntu-11.04-server",
			flavor = "m1.tiny"}
		servers.wait(s.id, "ACTIVE", {timeout = 60})
	`)
	text := lua.LVAsString(err)
	assert.Regexp(t, `^<string>:4: servers.wait: server \S+ went to ERROR while waiting for `+
		`ACTIVE: .+`, text)
}

func TestWaitTimeoutSaysWhereItIsStuck(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{BuildTime: 60e9})

	err := luaError(t, L, `
		local s = servers.create{name = "slow", image = "ubuntu-11.04-server",
			flavor = "m1.tiny"}
		servers.wait(s.id, "ACTIVE", {timeout = 0.3, interval = 0.1})
	`)
	assert.Regexp(t, `servers.wait: server \S+ is still BUILD after 300ms waiting for ACTIVE$`,
		lua.LVAsString(err))
}

// strings returns the string form of each value.
func luaStrings(values []lua.LValue) []string {
	out := make([]string, len(values))
	for i, value := range values {
		out[i] = lua.LVAsString(value)
	}
	return out
}
