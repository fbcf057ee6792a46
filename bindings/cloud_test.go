package bindings

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

func TestCloudInfoHoldsNoSecret(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	values := runLua(t, L, `return cloud.info(), cloud.token()`)
	info, ok := values[0].(*lua.LTable)
	require.True(t, ok)
	token := lua.LVAsString(values[1])
	require.NotEmpty(t, token)

	assert.Equal(t, "sandbox", field(info, "cloud"))
	assert.Equal(t, sandbox.Project, field(info, "project_name"))
	assert.Equal(t, sandbox.User, field(info, "user_name"))
	assert.True(t, strings.HasSuffix(field(info, "compute_endpoint"), "/v2.1/"))
	assert.True(t, strings.HasSuffix(field(info, "auth_url"), "/v3"))
	assert.NotEmpty(t, field(info, "token_expires"))
	info.ForEach(func(key, value lua.LValue) {
		assert.NotContains(t, value.String(), token, "field %s", key)
		assert.NotContains(t, value.String(), sandbox.Password, "field %s", key)
	})
}

func TestCloudRequest(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `image = images.find("ubuntu-11.04-server")`)
	log.take()

	values := runLua(t, L, `
		local body, status, headers = cloud.request("post", "servers",
			{server = {name = "raw", imageRef = image.id, flavorRef = "1"}})
		return body.server.id, status, headers["location"], body.server.adminPass
	`)
	id := lua.LVAsString(values[0])
	assert.Equal(t, "202", values[1].String())
	assert.True(t, strings.HasSuffix(lua.LVAsString(values[2]), "/servers/"+id))
	assert.NotEmpty(t, lua.LVAsString(values[3]))

	values = runLua(t, L, `
		local body, status = cloud.request("PUT", "servers/`+id+`",
			'{"server": {"name": "renamed"}}')
		return body.server.name, status
	`)
	assert.Equal(t, "renamed", lua.LVAsString(values[0]))
	assert.Equal(t, "200", values[1].String())

	reqs := log.take()
	require.Len(t, reqs, 2)
	assert.Equal(t, sent{"POST", "servers", `{"server":{"flavorRef":"1","imageRef":"` +
		field(L.GetGlobal("image"), "id") + `","name":"raw"}}`}, reqs[0])
	assert.Equal(t, sent{"PUT", "servers/" + id, `{"server":{"name":"renamed"}}`}, reqs[1])
}

func TestCloudRequestErrorAnswer(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	values := runLua(t, L, `
		local ok, err = pcall(cloud.request, "GET", "servers/no-such-server")
		return ok, err.code, err.kind, tostring(err)
	`)
	assert.Equal(t, lua.LFalse, values[0])
	assert.Equal(t, "404", values[1].String())
	assert.Equal(t, "itemNotFound", lua.LVAsString(values[2]))
	assert.Contains(t, lua.LVAsString(values[3]), "cloud.request: itemNotFound (404)")
}

func TestCloudRequestArguments(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	tests := []struct {
		code string
		want string
	}{
		{`cloud.request("FETCH", "servers")`,
			"cloud.request: 'method' must be one of GET, HEAD, POST, PUT, PATCH, DELETE, " +
				"got 'FETCH'"},
		{`cloud.request(nil, "servers")`, "cloud.request: 'method' must be a string, got nil"},
		{`cloud.request("GET")`, "cloud.request: 'path' must be a string, got nil"},
		{`cloud.request("GET", " ")`, "cloud.request: 'path' must not be empty"},
		{`cloud.request("GET", "https://elsewhere.example/steal")`,
			"cloud.request: 'path' must be relative to the compute endpoint"},
		{`cloud.request("POST", "servers", 42)`,
			"cloud.request: 'body' must be a table or a JSON string, got number"},
		{`cloud.request("POST", "servers", "{not json")`,
			"cloud.request: 'body' is not valid JSON"},
		{`cloud.request("POST", "servers", {f = print})`,
			"cloud.request: 'body' cannot be encoded as JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			_, err := tryLua(L, tt.code)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	assert.Empty(t, log.take(), "bad arguments send nothing")
}

// plainCloud is a Requester that is not a *compute.Client.
type plainCloud struct{}

func (plainCloud) Do(context.Context, compute.Request) (*compute.Response, error) {
	return &compute.Response{Status: 200}, nil
}

func TestCloudInfoNeedsAClient(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Open(L, &Env{
		Connect: func(context.Context) (compute.Requester, error) { return plainCloud{}, nil },
		Stdout:  io.Discard,
	})
	for code, want := range map[string]string{
		`cloud.info()`:  "cloud.info: this connection cannot describe itself",
		`cloud.token()`: "cloud.token: this connection has no token",
	} {
		_, err := tryLua(L, code)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
	}
}
