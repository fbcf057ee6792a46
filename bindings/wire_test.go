package bindings

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

// sent is one compute request as the sandbox received it.
type sent struct {
	method string
	path   string // below /v2.1/, unescaped, with the raw query
	body   string
}

// wireLog records the compute requests a sandbox answers.
type wireLog struct {
	mu   sync.Mutex
	reqs []sent
}

func (w *wireLog) record(r sandbox.Recorded) {
	path, ok := strings.CutPrefix(r.Path, "/v2.1/")
	if !ok {
		return // Keystone
	}
	if r.Query != "" {
		path += "?" + r.Query
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reqs = append(w.reqs, sent{method: r.Method, path: path, body: string(r.Body)})
}

// take returns what was sent since the last take, with a run of identical
// polls counted as one.
func (w *wireLog) take() []sent {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []sent
	for _, req := range w.reqs {
		if n := len(out); n > 0 && req.method == "GET" && out[n-1] == req {
			continue
		}
		out = append(out, req)
	}
	w.reqs = nil
	return out
}

// luaCloud starts a sandbox with opts and returns a Lua state whose bindings
// use it, and the log of what they send.
func luaCloud(t *testing.T, opts sandbox.Options) (*lua.LState, *wireLog) {
	t.Helper()
	client, log := sandboxClient(t, opts)
	return luaState(t, client), log
}

// sandboxClient starts a sandbox with opts and returns a client logged in to
// it, and the log of what is sent to it.
func sandboxClient(t *testing.T, opts sandbox.Options) (*compute.Client, *wireLog) {
	t.Helper()
	log := &wireLog{}
	opts.OnRequest = log.record
	if opts.BuildTime == 0 {
		opts.BuildTime = 100 * time.Millisecond
	}
	_, client := startSandbox(t, opts)
	return client, log
}

// startSandbox starts a sandbox with opts, stopped when the test ends, and
// returns it with a client logged in to it as its user.
func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Sandbox, *compute.Client) {
	t.Helper()
	ctx := context.Background()
	box, err := sandbox.Start(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { box.Close() })

	cloud := compute.Cloud{Name: "sandbox", Auth: box.AuthOptions()}
	client, err := compute.Connect(ctx, cloud, compute.Options{})
	require.NoError(t, err)
	return box, client
}

// luaState returns a Lua state whose bindings send their requests to cloud.
func luaState(t *testing.T, cloud compute.Requester) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	Open(L, &Env{
		Connect: func(context.Context) (compute.Requester, error) { return cloud, nil },
		Stdout:  io.Discard,
	})
	return L
}

// runLua runs code and returns what it returns.
func runLua(t *testing.T, L *lua.LState, code string) []lua.LValue {
	t.Helper()
	values, err := tryLua(L, code)
	require.NoError(t, err, code)
	return values
}

// tryLua runs code and returns what it returns, or the error it raised.
func tryLua(L *lua.LState, code string) ([]lua.LValue, error) {
	fn, err := L.LoadString(code)
	if err != nil {
		return nil, err
	}
	top := L.GetTop()
	L.Push(fn)
	err = L.PCall(0, lua.MultRet, nil)
	var values []lua.LValue
	for i := top + 1; i <= L.GetTop(); i++ {
		values = append(values, L.Get(i))
	}
	L.SetTop(top)
	return values, err
}

// luaError returns the value a failed chunk raised.
func luaError(t *testing.T, L *lua.LState, code string) lua.LValue {
	t.Helper()
	_, err := tryLua(L, code)
	var apiErr *lua.ApiError
	require.ErrorAs(t, err, &apiErr, code)
	return apiErr.Object
}

// field returns table[key] of a Lua value as a string.
func field(value lua.LValue, key string) string {
	table, ok := value.(*lua.LTable)
	if !ok {
		return ""
	}
	return lua.LVAsString(table.RawGetString(key))
}

// TestEveryBindingSendsTheRightRequest records what each binding sends to
// the sandbox and checks the method, path and body of every request.
func TestEveryBindingSendsTheRightRequest(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `
		image = images.find("ubuntu-11.04-server")
		server = servers.create{name = "web", image = image, flavor = "m1.tiny",
			metadata = {role = "db"}, wait = true}
		id = server.id
	`)
	id := field(L.GetGlobal("server"), "id")
	imageID := field(L.GetGlobal("image"), "id")
	log.take()

	srv := "servers/" + id
	action := func(body string) sent { return sent{"POST", srv + "/action", body} }
	get := func(path string) sent { return sent{"GET", path, ""} }
	tests := []struct {
		code string
		want []sent
	}{
		{`servers.get(id)`, []sent{get(srv)}},
		{`servers.get("web")`, []sent{get("servers/web"),
			get("servers/detail?name=%5Eweb%24")}},
		{`servers.list()`, []sent{get("servers/detail")}},
		{`servers.list{detail = false, name = "w", status = "ACTIVE", limit = 5}`,
			[]sent{get("servers?limit=5&name=w&status=ACTIVE")}},
		{`servers.ips(id)`, []sent{get(srv + "/ips")}},
		{`servers.ips(id, "private")`, []sent{get(srv + "/ips/private")}},
		{`servers.update(id, {name = "web2"})`,
			[]sent{{"PUT", srv, `{"server":{"name":"web2"}}`}}},
		{`servers.update(id, {accessIPv4 = "192.0.2.10", accessIPv6 = "2001:db8::10"})`,
			[]sent{{"PUT", srv,
				`{"server":{"accessIPv4":"192.0.2.10","accessIPv6":"2001:db8::10"}}`}}},
		{`servers.change_password(id, "n3w-Secret")`,
			[]sent{action(`{"changePassword":{"adminPass":"n3w-Secret"}}`)}},
		{`servers.reboot(id); servers.wait(id, "ACTIVE")`,
			[]sent{action(`{"reboot":{"type":"SOFT"}}`), get(srv)}},
		{`servers.reboot(id, "hard"); servers.wait(id, "ACTIVE")`,
			[]sent{action(`{"reboot":{"type":"HARD"}}`), get(srv)}},
		{`servers.rebuild(id, {image = image.links[1].href, name = "web3", adminPass = "pw",
				metadata = {}, personality = {["/etc/motd"] = "hi\0"}})
			servers.wait(id, "ACTIVE")`,
			[]sent{action(`{"rebuild":{"adminPass":"pw","imageRef":"` + imageID +
				`","metadata":{},"name":"web3","personality":[{"contents":"aGkA",` +
				`"path":"/etc/motd"}]}}`), get(srv)}},
		{`servers.resize(id, "m1.small"); servers.wait(id, "VERIFY_RESIZE")`,
			[]sent{get("flavors"), action(`{"resize":{"flavorRef":"2"}}`), get(srv)}},
		{`servers.confirm_resize(id); servers.wait(id, "ACTIVE")`,
			[]sent{action(`{"confirmResize":null}`), get(srv)}},
		{`servers.resize(id, 3); servers.wait(id, "VERIFY_RESIZE")`,
			[]sent{get("flavors"), action(`{"resize":{"flavorRef":"3"}}`), get(srv)}},
		{`servers.revert_resize(id); servers.wait(id, "ACTIVE")`,
			[]sent{action(`{"revertResize":null}`), get(srv)}},
		{`meta.list(server)`, []sent{get(srv + "/metadata")}},
		{`meta.get({server = id}, "role")`, []sent{get(srv + "/metadata/role")}},
		{`meta.set(server, {a = "1", b = 2})`,
			[]sent{{"PUT", srv + "/metadata", `{"metadata":{"a":"1","b":"2"}}`}}},
		{`meta.set(server, {})`, []sent{{"PUT", srv + "/metadata", `{"metadata":{}}`}}},
		{`meta.set(server, "my key", "ü")`,
			[]sent{{"PUT", srv + "/metadata/my key", `{"meta":{"my key":"ü"}}`}}},
		{`meta.update(server, {c = "3"})`,
			[]sent{{"POST", srv + "/metadata", `{"metadata":{"c":"3"}}`}}},
		{`meta.delete(server, "my key")`, []sent{{"DELETE", srv + "/metadata/my key", ""}}},
		{`limits.get()`, []sent{get("limits")}},
		{`flavors.list()`, []sent{get("flavors/detail")}},
		{`flavors.list{detail = false}`, []sent{get("flavors")}},
		{`flavors.pick{min_ram = 1024}`, []sent{get("flavors/detail")}},
		{`flavors.get("m1.small")`, []sent{get("flavors/m1.small"), get("flavors"),
			get("flavors/2")}},
		{`images.list()`, []sent{get("images/detail")}},
		{`images.list{detail = false, name = "x", status = "ACTIVE"}`,
			[]sent{get("images?name=x&status=ACTIVE")}},
		{`images.get(image.links[1].href)`, []sent{get("images/" + imageID)}},
	}
	for _, tt := range tests {
		runLua(t, L, tt.code)
		assert.Equal(t, tt.want, log.take(), tt.code)
	}
}

// TestImageBindingsSendTheRightRequest covers the calls on an image made from
// a server, and the server's deletion.
func TestImageBindingsSendTheRightRequest(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `
		server = servers.create{name = "web", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", wait = true}
		id = server.id
	`)
	id := field(L.GetGlobal("server"), "id")
	log.take()

	values := runLua(t, L, `
		snap = servers.create_image(id, "snap", {version = "1.0.0"})
		return snap.id
	`)
	imageID := values[0].String()
	assert.Equal(t, []sent{
		{"GET", "limits", ""},
		{"POST", "servers/" + id + "/action",
			`{"createImage":{"metadata":{"version":"1.0.0"},"name":"snap"}}`},
		{"GET", "images/" + imageID, ""},
	}, log.take())

	img := "images/" + imageID
	tests := []struct {
		code string
		want []sent
	}{
		{`images.wait(snap, "ACTIVE")`, []sent{{"GET", img, ""}}},
		{`meta.list(snap)`, []sent{{"GET", img + "/metadata", ""}}},
		{`meta.get({image = snap.id}, "version")`, []sent{{"GET", img + "/metadata/version", ""}}},
		{`meta.set(snap, {a = "1"})`,
			[]sent{{"PUT", img + "/metadata", `{"metadata":{"a":"1"}}`}}},
		{`meta.set(snap, "a", 2)`, []sent{{"PUT", img + "/metadata/a", `{"meta":{"a":"2"}}`}}},
		{`meta.update(snap, {b = "x"})`,
			[]sent{{"POST", img + "/metadata", `{"metadata":{"b":"x"}}`}}},
		{`meta.delete(snap, "b")`, []sent{{"DELETE", img + "/metadata/b", ""}}},
		{`images.delete(snap)`, []sent{{"GET", "images", ""}, {"DELETE", img, ""}}},
		{`assert(images.wait(snap.id, "DELETED").status == "DELETED")`,
			[]sent{{"GET", img, ""}, {"GET", "images", ""}}},
		{`servers.delete(id)`, []sent{{"DELETE", "servers/" + id, ""}}},
		{`servers.wait(id, "DELETED")`, []sent{{"GET", "servers/" + id, ""}}},
	}
	for _, tt := range tests {
		runLua(t, L, tt.code)
		assert.Equal(t, tt.want, log.take(), tt.code)
	}
}

func TestCreateSendsTheSchemaNotTheTable(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `
		local created = servers.create{name = "app", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", metadata = {}, availability_zone = "nova", key_name = "joe",
			user_data = "#!/bin/sh\n", accessIPv4 = "192.0.2.1",
			personality = {{path = "/etc/banner", contents = "\255\0binary"}}}
	`)
	reqs := log.take()
	var post sent
	for _, req := range reqs {
		if req.method == "POST" {
			post = req
		}
	}
	assert.Equal(t, `{"server":{"accessIPv4":"192.0.2.1","availability_zone":"nova",`+
		`"flavorRef":"1","imageRef":"0b4f2c7e-3c1d-4a8e-9f6b-1d2e3f4a5b03","key_name":"joe",`+
		`"metadata":{},"name":"app","personality":[{"contents":"/wBiaW5hcnk=",`+
		`"path":"/etc/banner"}],"user_data":"IyEvYmluL3NoCg=="}}`, post.body)
}

func TestMultiCreateReturnsEveryServer(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	values := runLua(t, L, `
		local made = servers.create{name = "node", image = "ubuntu-11.04-server",
			flavor = "m1.tiny", count = 3, wait = true}
		local names = {}
		for i, server in ipairs(made) do names[i] = server.name .. "=" .. server.status end
		table.sort(names)
		return table.concat(names, " ")
	`)
	assert.Equal(t, "node-1=ACTIVE node-2=ACTIVE node-3=ACTIVE", values[0].String())

	var post sent
	for _, req := range log.take() {
		if req.method == "POST" {
			post = req
		}
	}
	assert.Equal(t, `{"server":{"flavorRef":"1","imageRef":"0b4f2c7e-3c1d-4a8e-9f6b-`+
		`1d2e3f4a5b03","max_count":3,"min_count":3,"name":"node","return_reservation_id":`+
		`true}}`, post.body)
}

func TestServersListFollowsEveryPage(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `servers.create{name = "node", image = "ubuntu-11.04-server",
		flavor = "m1.tiny", count = 25}`)
	log.take()

	values := runLua(t, L, `
		local seen, all = {}, servers.list{limit = 10}
		for _, server in ipairs(all) do seen[server.id] = true end
		local distinct = 0
		for _ in pairs(seen) do distinct = distinct + 1 end
		return #all, distinct
	`)
	assert.Equal(t, []string{"25", "25"}, luaStrings(values))

	pages := log.take()
	require.Len(t, pages, 3)
	assert.Equal(t, "servers/detail?limit=10", pages[0].path)
	for _, page := range pages[1:] {
		assert.Regexp(t, `^servers/detail\?limit=10&marker=[0-9a-f-]{36}$`, page.path)
	}
}

// TestCreateWithTablesLooksNothingUp checks that an image and a flavor that
// other bindings returned are used by id, without listing images or flavors.
func TestCreateWithTablesLooksNothingUp(t *testing.T) {
	L, log := luaCloud(t, sandbox.Options{})
	runLua(t, L, `image, flavor = images.find("ubuntu-11.04-server"), flavors.find("m1.tiny")`)
	log.take()

	runLua(t, L, `servers.create{name = "web", image = image, flavor = flavor}`)
	for _, request := range log.take() {
		assert.NotRegexp(t, `^(images|flavors)`, request.path, "a lookup was sent")
		if request.method == "POST" {
			assert.Contains(t, request.body, `"flavorRef":"1"`)
			assert.Contains(t, request.body, `"imageRef":"`+
				field(L.GetGlobal("image"), "id")+`"`)
		}
	}
}

// flakyAfterCreate fails every GET of a server once it has been created, as a
// cloud behind a struggling proxy may.
type flakyAfterCreate struct {
	compute.Requester
}

func (f flakyAfterCreate) Do(ctx context.Context, req compute.Request) (*compute.Response,
	error) {
	if req.Method == "GET" && strings.HasPrefix(req.Path, "servers/") {
		return nil, &compute.APIError{Status: 503, Kind: "serviceUnavailable",
			Message: "try again"}
	}
	return f.Requester.Do(ctx, req)
}

func TestCreateKeepsWhatTheCloudAnsweredWhenTheFollowUpFails(t *testing.T) {
	client, _ := sandboxClient(t, sandbox.Options{})
	L := luaState(t, flakyAfterCreate{client})

	values := runLua(t, L, `
		image, flavor = images.find("ubuntu-11.04-server"), flavors.find("m1.tiny")
		local server = servers.create{name = "kept", image = image, flavor = flavor}
		return server.id, server.adminPass ~= nil
	`)
	assert.Regexp(t, `^[0-9a-f-]{36}$`, values[0].String())
	assert.Equal(t, lua.LTrue, values[1])

	err := luaError(t, L, `servers.create{name = "waited", image = image,
		flavor = flavor, wait = true}`)
	assert.Equal(t, "503", field(err, "code"))
	assert.Regexp(t, `server [0-9a-f-]{36} was created, but waiting for it failed`,
		field(err, "text"))
}

// TestGetOfAMissingIDIsTheCloudsNotFound checks that get by a ref that is
// neither an id nor a name raises the cloud's own 404, as a table.
func TestGetOfAMissingIDIsTheCloudsNotFound(t *testing.T) {
	L, _ := luaCloud(t, sandbox.Options{})
	for _, code := range []string{
		`images.get("0b4f2c7e-0000-0000-0000-000000000000")`,
		`flavors.get("no-such-flavor")`,
		`servers.get("no-such-server")`,
	} {
		err := luaError(t, L, code)
		assert.Equal(t, "404", field(err, "code"), code)
		assert.Equal(t, "itemNotFound", field(err, "kind"), code)
	}
	values := runLua(t, L, `return images.get("ubuntu-11.04-kernel").name,
		flavors.get("m1.large").ram`)
	assert.Equal(t, []string{"ubuntu-11.04-kernel", "8192"}, luaStrings(values))
}
