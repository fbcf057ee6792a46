package sandbox

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerShapesMatchNova(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	create := c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "smoke-1", "imageRef": imageServerID, "flavorRef": "1",
		"metadata": map[string]any{"created-by": "smoke"}}})
	require.Equal(t, http.StatusAccepted, create.status)
	requireSameShape(t, loadSample(t, "033").Response.Body, create.body)
	id := dig(create.body, "server", "id").(string)
	assert.Equal(t, sb.ComputeURL()+"/servers/"+id, create.header.Get("Location"))
	assert.Len(t, dig(create.body, "server", "adminPass"), 12)

	c.waitStatus(id, "ACTIVE")
	// The sandbox has two networks where realstack has one, so addresses differ by name.
	addrs := []string{".server.addresses", ".servers[].addresses"}
	tests := []struct {
		path, sample string
	}{
		{"/servers/" + id, "037"},
		{"/servers", "039"},
		{"/servers/detail", "040"},
	}
	for _, tt := range tests {
		resp := c.call(http.MethodGet, tt.path, nil)
		require.Equal(t, http.StatusOK, resp.status)
		requireSameShape(t, loadSample(t, tt.sample).Response.Body, resp.body, addrs...)
	}

	show := c.call(http.MethodGet, "/servers/"+id, nil)
	wantAddr := dig(loadSample(t, "037").Response.Body, "server", "addresses", "private", 0)
	for _, net := range []string{"private", "public"} {
		requireSameShape(t, wantAddr, dig(show.body, "server", "addresses", net, 0))
	}
}

func TestServerBuildsThenIsActive(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := c.createServer("builder", nil)

	steps := []struct {
		at       time.Duration
		task     any
		progress float64
		placed   bool
	}{
		{0, "scheduling", 0, false},
		{400 * time.Millisecond, "networking", 40, true},
		{300 * time.Millisecond, "spawning", 70, true},
		{299 * time.Millisecond, "spawning", 99, true},
	}
	for _, st := range steps {
		clock.Add(st.at)
		srv := c.call(http.MethodGet, "/servers/"+id, nil).body["server"].(map[string]any)
		assert.Equal(t, "BUILD", srv["status"])
		assert.Equal(t, "building", srv["OS-EXT-STS:vm_state"])
		assert.Equal(t, st.task, srv["OS-EXT-STS:task_state"])
		assert.EqualValues(t, 0, srv["OS-EXT-STS:power_state"])
		assert.Equal(t, st.progress, srv["progress"])
		assert.Nil(t, srv["OS-SRV-USG:launched_at"])
		assert.Equal(t, st.placed, len(srv["addresses"].(map[string]any)) > 0)
		assert.Equal(t, st.placed, srv["hostId"] != "")
	}

	clock.Add(time.Millisecond)
	srv := c.call(http.MethodGet, "/servers/"+id, nil).body["server"].(map[string]any)
	assert.Equal(t, "ACTIVE", srv["status"])
	assert.Nil(t, srv["OS-EXT-STS:task_state"])
	assert.Equal(t, "active", srv["OS-EXT-STS:vm_state"])
	assert.EqualValues(t, 1, srv["OS-EXT-STS:power_state"])
	assert.Equal(t, "2026-03-04T05:06:08.000000", srv["OS-SRV-USG:launched_at"])
	assert.Equal(t, "2026-03-04T05:06:08Z", srv["updated"])
	assert.Equal(t, "2026-03-04T05:06:07Z", srv["created"])
}

func TestServerBecomesActiveInRealTime(t *testing.T) {
	sb := startSandbox(t, Options{BuildTime: 50 * time.Millisecond})
	c := newClient(t, sb)
	id := c.createServer("quick", nil)
	c.waitStatus(id, "ACTIVE")
}

func TestServerStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	sb, err := Start(context.Background(), Options{StateDir: dir, BuildTime: time.Hour})
	require.NoError(t, err)
	c := newClient(t, sb)
	id := c.createServer("keeper", nil)
	first := c.call(http.MethodGet, "/servers/"+id, nil).body["server"].(map[string]any)
	require.NoError(t, sb.Close())

	// A second process with another BuildTime sees the end time fixed at creation.
	sb2 := startSandbox(t, Options{StateDir: dir, BuildTime: time.Millisecond})
	c2 := newClient(t, sb2)
	again := c2.call(http.MethodGet, "/servers/"+id, nil)
	require.Equal(t, http.StatusOK, again.status)
	srv := again.body["server"].(map[string]any)
	assert.Equal(t, "BUILD", srv["status"])
	assert.Equal(t, first["created"], srv["created"])
	assert.Equal(t, first["name"], srv["name"])
}

func TestTokensWorkAcrossProcessesSharingState(t *testing.T) {
	dir := t.TempDir()
	a := startSandbox(t, Options{StateDir: dir})
	b := startSandbox(t, Options{StateDir: dir})
	ca := newClient(t, a)
	cb := &apiClient{t: t, sb: b, token: ca.token, hc: http.DefaultClient}

	id := ca.createServer("shared", nil)
	resp := cb.call(http.MethodGet, "/servers/"+id, nil)
	require.Equal(t, http.StatusOK, resp.status, "a token from one process opens the other")
	assert.Equal(t, "shared", dig(resp.body, "server", "name"))
}

func TestCreateAcceptsHrefsAndProjectPaths(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	tests := []struct {
		name, image, flavor string
	}{
		{"ids", imageServerID, "3"},
		{"hrefs", sb.ComputeURL() + "/images/" + imageServerID, sb.ComputeURL() + "/flavors/3"},
		{"book numbers", "http://localhost:8774/v1.1/openstack/images/3",
			"http://localhost:8774/v1.1/openstack/flavors/3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := c.createServer(tt.name, map[string]any{"imageRef": tt.image,
				"flavorRef": tt.flavor})
			srv := c.call(http.MethodGet, "/servers/"+id, nil).body["server"]
			assert.Equal(t, imageServerID, dig(srv, "image", "id"))
			assert.Equal(t, "3", dig(srv, "flavor", "id"))
		})
	}

	for _, proj := range []string{projectID, Project} {
		resp := c.call(http.MethodGet, "/"+proj+"/servers", nil)
		require.Equal(t, http.StatusOK, resp.status)
		self := dig(resp.body, "servers", 0, "links", 0, "href").(string)
		assert.True(t, strings.HasPrefix(self, sb.ComputeURL()+"/"+proj+"/servers/"), self)
	}
	resp := c.call(http.MethodGet, "/someone-else/servers", nil)
	assert.Equal(t, http.StatusBadRequest, resp.status)
}

func TestDeleteServer(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	id := c.createServer("doomed", nil)

	resp := c.call(http.MethodDelete, "/servers/"+id, nil)
	require.Equal(t, http.StatusNoContent, resp.status)
	assert.Empty(t, resp.text)

	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		resp = c.call(method, "/servers/"+id, nil)
		require.Equal(t, http.StatusNotFound, resp.status)
		assert.Equal(t, "Instance "+id+" could not be found.",
			dig(resp.body, "itemNotFound", "message"))
	}
	assert.Empty(t, c.call(http.MethodGet, "/servers", nil).body["servers"])
}

func TestCreateValidation(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	img := imageServerID

	tests := []struct {
		name string
		body string
		msg  string
	}{
		{"no server", `{"srv": {}}`, "'server' is a required property"},
		{"server not object", `{"server": 5}`,
			"Invalid input for field/attribute server. Value: 5. 5 is not of type 'object'"},
		{"no flavor", `{"server": {"name": "a", "imageRef": "` + img + `"}}`,
			"Invalid input for field/attribute server. Value: {'name': 'a', 'imageRef': '" +
				img + "'}. 'flavorRef' is a required property"},
		{"unknown field", `{"server": {"name": "a", "flavorRef": "1", "colour": "red"}}`,
			"Invalid input for field/attribute server. Value: {'name': 'a', 'flavorRef': " +
				"'1', 'colour': 'red'}. Additional properties are not allowed ('colour' was " +
				"unexpected)"},
		{"name not string", `{"server": {"name": 5, "flavorRef": "1"}}`,
			"Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'"},
		{"empty name", `{"server": {"name": "", "flavorRef": "1"}}`,
			"Invalid input for field/attribute name. Value: . '' is too short"},
		{"no image", `{"server": {"name": "a", "flavorRef": "1"}}`,
			"Block Device Mapping is Invalid: Boot sequence for the instance and " +
				"image/block device mapping combination is not valid."},
		{"bad image ref", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "x y"}}`,
			"Invalid imageRef provided."},
		{"inactive flavor href", `{"server": {"name": "a", "imageRef": "` + img +
			`", "flavorRef": "http://h/flavors/9"}}`, "Flavor 9 could not be found."},
		{"metadata value", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "metadata": {"k": 1}}}`,
			"Invalid input for field/attribute metadata. Value: {'k': 1}. 1 is not of " +
				"type 'string'"},
		{"min over max", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "min_count": 3, "max_count": 2}}`, "min_count must be <= max_count"},
		{"zero count", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "min_count": 0}}`, "Invalid input for field/attribute min_count. Value: 0. " +
			"0 is less than the minimum of 1"},
		{"user data", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "user_data": "not base64!"}}`, "Invalid input for field/attribute " +
			"user_data. Value: not base64!. 'not base64!' is not a 'base64'"},
		{"access ip", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "accessIPv4": "::1"}}`, "Invalid input for field/attribute accessIPv4. " +
			"Value: ::1. '::1' is not a 'ipv4'"},
		{"zone", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` + img +
			`", "availability_zone": "mars"}}`,
			"The requested availability zone is not available"},
		{"personality base64", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` +
			img + `", "personality": [{"path": "/etc/motd", "contents": "%%%"}]}}`,
			"Personality content for /etc/motd cannot be decoded"},
		{"personality path", `{"server": {"name": "a", "flavorRef": "1", "imageRef": "` +
			img + `", "personality": [{"contents": ""}]}}`, "Invalid input for " +
			"field/attribute personality. Value: {'contents': ''}. 'path' is a required " +
			"property"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.call(http.MethodPost, "/servers", tt.body)
			require.Equal(t, http.StatusBadRequest, resp.status, resp.text)
			assert.Equal(t, tt.msg, dig(resp.body, "badRequest", "message"))
		})
	}
	assert.Empty(t, c.call(http.MethodGet, "/servers", nil).body["servers"],
		"no failed request created a server")
}
