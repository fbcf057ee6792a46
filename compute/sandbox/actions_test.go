package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// activeServer creates a server and moves the clock past its build.
func activeServer(t *testing.T, c *apiClient, clock *fakeClock, name string) string {
	t.Helper()
	id := c.createServer(name, nil)
	clock.Add(time.Second)
	st, _, _ := c.status(id)
	require.Equal(t, "ACTIVE", st)
	return id
}

func (c *apiClient) action(id string, body any) response {
	c.t.Helper()
	return c.call(http.MethodPost, "/servers/"+id+"/action", body)
}

func TestRebootTransitions(t *testing.T) {
	tests := []struct {
		typ, status, task string
	}{
		{"SOFT", "REBOOT", "rebooting"},
		{"soft", "REBOOT", "rebooting"},
		{"HARD", "HARD_REBOOT", "rebooting_hard"},
		{"Hard", "HARD_REBOOT", "rebooting_hard"},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			_, c, clock := startClocked(t, Options{})
			id := activeServer(t, c, clock, "r")

			resp := c.action(id, map[string]any{"reboot": map[string]any{"type": tt.typ}})
			require.Equal(t, http.StatusAccepted, resp.status, resp.text)
			assert.Empty(t, resp.text)

			st, vm, task := c.status(id)
			assert.Equal(t, []any{tt.status, "active", tt.task}, []any{st, vm, task})
			clock.Add(500 * time.Millisecond)
			st, _, task = c.status(id)
			assert.Equal(t, "ACTIVE", st)
			assert.Nil(t, task)
		})
	}
}

func TestActionErrorsMatchNova(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "e")
	realID := "02aa5fe1-a212-4a64-88f6-733d1ffca3dd"

	for _, sample := range []string{"064", "067", "081"} {
		s := loadSample(t, sample)
		if sample == "081" {
			// The real server had been resized to flavor 2 first.
			resp := c.action(id, map[string]any{"resize": map[string]any{"flavorRef": "2"}})
			require.Equal(t, http.StatusAccepted, resp.status)
			clock.Add(time.Second)
			require.Equal(t, http.StatusNoContent,
				c.action(id, map[string]any{"confirmResize": nil}).status)
		}
		resp := c.action(id, s.requestBody())
		assert.Equal(t, s.Response.Status, resp.status, sample)
		want := strings.ReplaceAll(mustJSON(t, s.Response.Body), realID, id)
		assert.JSONEq(t, want, resp.text, sample)
	}
}

func TestActionsRefusedInWrongState(t *testing.T) {
	_, c, _ := startClocked(t, Options{})
	id := c.createServer("busy", nil)

	tests := []struct {
		body   string
		action string
	}{
		{`{"reboot": {"type": "SOFT"}}`, "reboot"},
		{`{"reboot": {"type": "HARD"}}`, "reboot"},
		{`{"rebuild": {"imageRef": "` + imageServerID + `"}}`, "rebuild"},
		{`{"resize": {"flavorRef": "2"}}`, "resize"},
		{`{"confirmResize": null}`, "confirmResize"},
		{`{"revertResize": null}`, "revertResize"},
		{`{"changePassword": {"adminPass": "x"}}`, "changePassword"},
		{`{"createImage": {"name": "snap"}}`, "createImage"},
	}
	for _, tt := range tests {
		resp := c.action(id, tt.body)
		require.Equal(t, http.StatusConflict, resp.status, tt.body)
		assert.Equal(t, "Cannot '"+tt.action+"' instance "+id+
			" while it is in vm_state building", dig(resp.body, "conflictingRequest", "message"))
	}
	st, _, _ := c.status(id)
	assert.Equal(t, "BUILD", st, "refused actions change nothing")
}

func TestActionBodies(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "b")

	tests := []struct {
		body   string
		status int
		msg    string
	}{
		{`{"reboot": `, 400, "Malformed request body"},
		{`{"reboot": {"type": "SOFT"}, "resize": {}}`, 400, "Malformed request body"},
		{`{"hibernate": {}}`, 400, "There is no such action: hibernate"},
		{`{"reboot": {}}`, 400, "Invalid input for field/attribute reboot. Value: {}. " +
			"'type' is a required property"},
		{`{"resize": {"flavorRef": "42"}}`, 400, "Unable to locate requested flavor."},
		{`{"changePassword": {}}`, 400, "Invalid input for field/attribute changePassword. " +
			"Value: {}. 'adminPass' is a required property"},
		{`{"rebuild": {"imageRef": "00000000-0000-0000-0000-000000000000"}}`, 400,
			"Cannot find image for rebuild"},
		{`{"createImage": {}}`, 400, "Invalid input for field/attribute createImage. " +
			"Value: {}. 'name' is a required property"},
	}
	for _, tt := range tests {
		resp := c.action(id, tt.body)
		require.Equal(t, tt.status, resp.status, tt.body)
		assert.Equal(t, tt.msg, dig(resp.body, "badRequest", "message"), tt.body)
	}
	resp := c.action("nope", `{"reboot": {"type": "SOFT"}}`)
	assert.Equal(t, http.StatusNotFound, resp.status)
}

func TestRebuild(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "old-name")

	resp := c.action(id, map[string]any{"rebuild": map[string]any{
		"imageRef": imageKernelID, "name": "smoke-rebuilt", "adminPass": "s3cret",
		"metadata": map[string]any{"rebuilt": "yes"}}})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	requireSameShape(t, loadSample(t, "065").Response.Body, resp.body, ".server.addresses")
	assert.Equal(t, "REBUILD", dig(resp.body, "server", "status"))
	assert.Equal(t, "s3cret", dig(resp.body, "server", "adminPass"))
	assert.Equal(t, sb(c).ComputeURL()+"/servers/"+id, resp.header.Get("Location"))

	_, _, task := c.status(id)
	assert.Equal(t, "rebuilding", task)
	clock.Add(time.Second)
	srv := c.waitStatus(id, "ACTIVE")
	assert.Equal(t, "smoke-rebuilt", srv["name"])
	assert.Equal(t, imageKernelID, dig(srv, "image", "id"))
	assert.Equal(t, map[string]any{"rebuilt": "yes"}, srv["metadata"])
}

func TestResizeConfirmAndRevert(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "rs")
	flavorOf := func() any {
		return dig(c.call(http.MethodGet, "/servers/"+id, nil).body, "server", "flavor", "id")
	}

	resize := func(flavor string) {
		resp := c.action(id, map[string]any{"resize": map[string]any{"flavorRef": flavor}})
		require.Equal(t, http.StatusAccepted, resp.status, resp.text)
		var seen []any
		for range 4 {
			st, _, task := c.status(id)
			require.Equal(t, "RESIZE", st)
			seen = append(seen, task)
			clock.Add(250 * time.Millisecond)
		}
		assert.Equal(t, []any{"resize_prep", "resize_migrating", "resize_migrated",
			"resize_finish"}, seen)
		st, vm, task := c.status(id)
		assert.Equal(t, []any{"VERIFY_RESIZE", "resized", nil}, []any{st, vm, task})
	}

	resize("2")
	show := c.call(http.MethodGet, "/servers/"+id, nil)
	requireSameShape(t, loadSample(t, "070").Response.Body, show.body, ".server.addresses",
		".server.metadata")
	resp := c.action(id, map[string]any{"confirmResize": nil})
	require.Equal(t, http.StatusNoContent, resp.status)
	st, _, _ := c.status(id)
	assert.Equal(t, "ACTIVE", st)
	assert.Equal(t, "2", flavorOf())

	resize("3")
	resp = c.action(id, map[string]any{"revertResize": nil})
	require.Equal(t, http.StatusAccepted, resp.status)
	st, vm, task := c.status(id)
	assert.Equal(t, []any{"REVERT_RESIZE", "resized", "resize_reverting"}, []any{st, vm, task})
	clock.Add(500 * time.Millisecond)
	st, _, _ = c.status(id)
	assert.Equal(t, "ACTIVE", st)
	assert.Equal(t, "2", flavorOf(), "revert goes back to the confirmed flavor")

	resp = c.action(id, map[string]any{"revertResize": nil})
	assert.Equal(t, http.StatusConflict, resp.status)
}

func TestChangePassword(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "pw")
	resp := c.action(id, loadSample(t, "082").requestBody())
	require.Equal(t, http.StatusAccepted, resp.status)
	assert.Empty(t, resp.text)
	st, _, task := c.status(id)
	assert.Equal(t, "ACTIVE", st)
	assert.Nil(t, task)
}

func TestCreateImage(t *testing.T) {
	sb, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "snapper")

	resp := c.action(id, `{"createImage": {"name": "smoke-snap", "metadata": {"snap": "yes"}}}`)
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	assert.Empty(t, resp.text)
	loc := resp.header.Get("Location")
	require.True(t, strings.HasPrefix(loc, sb.ComputeURL()+"/images/"), loc)
	imageID := strings.TrimPrefix(loc, sb.ComputeURL()+"/images/")

	st, _, task := c.status(id)
	assert.Equal(t, []any{"ACTIVE", "image_snapshot"}, []any{st, task})
	busy := c.action(id, `{"createImage": {"name": "smoke-snap-busy"}}`)
	require.Equal(t, http.StatusConflict, busy.status)
	assert.Equal(t, "Cannot 'createImage' instance "+id+" while it is in task_state "+
		"image_snapshot", dig(busy.body, "conflictingRequest", "message"))

	img := c.call(http.MethodGet, "/images/"+imageID, nil)
	require.Equal(t, http.StatusOK, img.status)
	requireSameShape(t, loadSample(t, "091").Response.Body, img.body, ".image.links",
		".image.metadata")
	assert.Equal(t, "SAVING", dig(img.body, "image", "status"))
	assert.Equal(t, id, dig(img.body, "image", "server", "id"))

	clock.Add(500 * time.Millisecond)
	img = c.call(http.MethodGet, "/images/"+imageID, nil)
	assert.Equal(t, "ACTIVE", dig(img.body, "image", "status"))
	assert.Equal(t, map[string]any{"snap": "yes"}, dig(img.body, "image", "metadata"))
	_, _, task = c.status(id)
	assert.Nil(t, task)

	c.createServer("from-snapshot", map[string]any{"imageRef": imageID})
}

func TestUpdateServer(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "before")

	resp := c.call(http.MethodPut, "/servers/"+id, loadSample(t, "058").requestBody())
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	requireSameShape(t, loadSample(t, "058").Response.Body, resp.body, ".server.addresses",
		".server.metadata")
	assert.Equal(t, "smoke-renamed", dig(resp.body, "server", "name"))

	resp = c.call(http.MethodPut, "/servers/"+id, `{"server": {"accessIPv4": "192.168.100.2",`+
		` "accessIPv6": "fe80:0:0:0:0:0:c0a8:6402"}}`)
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	assert.Equal(t, "192.168.100.2", dig(resp.body, "server", "accessIPv4"))
	assert.Equal(t, "fe80::c0a8:6402", dig(resp.body, "server", "accessIPv6"))
	assert.Equal(t, "smoke-renamed", dig(resp.body, "server", "name"))

	for _, bad := range []string{`{"server": {"name": ""}}`, `{"server": {"colour": "x"}}`,
		`{"server": {"accessIPv4": "1.2.3"}}`, `{"name": "x"}`, `{`} {
		resp = c.call(http.MethodPut, "/servers/"+id, bad)
		assert.Equal(t, http.StatusBadRequest, resp.status, bad)
	}
	assert.Equal(t, http.StatusNotFound, c.call(http.MethodPut, "/servers/nope",
		`{"server": {"name": "x"}}`).status)
}

func TestServerIPs(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "ips")

	resp := c.call(http.MethodGet, "/servers/"+id+"/ips", nil)
	require.Equal(t, http.StatusOK, resp.status)
	requireSameShape(t, dig(loadSample(t, "043").Response.Body, "addresses", "private"),
		dig(resp.body, "addresses", "public"))
	assert.Regexp(t, `^198\.51\.100\.\d+$`, dig(resp.body, "addresses", "public", 0, "addr"))
	assert.Regexp(t, `^2001:db8::`, dig(resp.body, "addresses", "public", 1, "addr"))
	assert.Regexp(t, `^192\.0\.2\.\d+$`, dig(resp.body, "addresses", "private", 0, "addr"))

	resp = c.call(http.MethodGet, "/servers/"+id+"/ips/private", nil)
	require.Equal(t, http.StatusOK, resp.status)
	requireSameShape(t, loadSample(t, "045").Response.Body, resp.body)

	resp = c.call(http.MethodGet, "/servers/"+id+"/ips/no-such-net", nil)
	require.Equal(t, http.StatusNotFound, resp.status)
	assert.JSONEq(t, mustJSON(t, loadSample(t, "046").Response.Body), resp.text)
}

// sb returns the sandbox a client talks to.
func sb(c *apiClient) *Sandbox { return c.sb }
