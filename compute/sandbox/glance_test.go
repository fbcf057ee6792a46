package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// glance sends a GET to the image service with the client's token.
func (c *apiClient) glance(path string) response {
	c.t.Helper()
	root := strings.TrimSuffix(c.sb.ComputeURL(), "/v2.1") + "/image"
	return c.raw(http.MethodGet, root+path, nil, map[string]string{"X-Auth-Token": c.token})
}

// imageNames returns the names in a Glance image list, in order.
func imageNames(t *testing.T, resp response) []string {
	t.Helper()
	return listedNames(t, resp, "images")
}

func TestCatalogsNameTheImageService(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	want := strings.TrimSuffix(sb.ComputeURL(), "/v2.1") + "/image"

	resp := c.raw(http.MethodGet, sb.AuthURL()+"/auth/catalog", nil,
		map[string]string{"X-Auth-Token": c.token})
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "image", dig(resp.body, "catalog", 2, "type"))
	assert.Equal(t, want, dig(resp.body, "catalog", 2, "endpoints", 0, "url"))

	resp = c.raw(http.MethodPost, strings.TrimSuffix(sb.AuthURL(), "/v3")+"/v2.0/tokens",
		`{"auth": {"passwordCredentials": {"username": "joe", "password": "shhh"}}}`, nil)
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	assert.Equal(t, "image", dig(resp.body, "access", "serviceCatalog", 2, "type"))
	assert.Equal(t, want,
		dig(resp.body, "access", "serviceCatalog", 2, "endpoints", 0, "publicURL"))
}

func TestGlanceVersions(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	for path, status := range map[string]int{"": 300, "/versions": 200} {
		resp := c.raw(http.MethodGet, strings.TrimSuffix(sb.ComputeURL(), "/v2.1")+
			"/image"+path, nil, nil)
		require.Equal(t, status, resp.status, path)
		assert.Equal(t, "CURRENT", dig(resp.body, "versions", 0, "status"))
		assert.Regexp(t, `^http://127\.0\.0\.1:\d+/image/v2/$`,
			dig(resp.body, "versions", 0, "links", 0, "href"))
	}
}

func TestGlanceListsTheComputeImages(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	resp := c.glance("/v2/images")
	assert.Equal(t, []string{"ubuntu-11.04-server", "ubuntu-11.04-initrd",
		"ubuntu-11.04-kernel"}, imageNames(t, resp), "newest first")
	assert.Equal(t, "/v2/images", resp.body["first"])
	assert.NotContains(t, resp.body, "next")
	server := resp.body["images"].([]any)[0]
	assert.Equal(t, imageServerID, dig(server, "id"))
	assert.Equal(t, "active", dig(server, "status"))
	assert.Equal(t, "public", dig(server, "visibility"))
	assert.EqualValues(t, 1476395008, dig(server, "size"))
	assert.Equal(t, "/v2/images/"+imageServerID, dig(server, "self"))

	tests := []struct {
		query string
		want  []string
	}{
		{"name=ubuntu-11.04-kernel", []string{"ubuntu-11.04-kernel"}},
		{"name=nothing", nil},
		{"status=active&visibility=public", []string{"ubuntu-11.04-server",
			"ubuntu-11.04-initrd", "ubuntu-11.04-kernel"}},
		{"visibility=private", nil},
		{"limit=0", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, imageNames(t, c.glance("/v2/images?"+tt.query)), tt.query)
	}
}

func TestGlancePages(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	first := c.glance("/v2/images?limit=2")
	assert.Equal(t, []string{"ubuntu-11.04-server", "ubuntu-11.04-initrd"},
		imageNames(t, first))
	next, err := url.Parse(first.body["next"].(string))
	require.NoError(t, err)
	assert.Equal(t, "/v2/images", next.Path)
	assert.Equal(t, imageInitrdID, next.Query().Get("marker"))

	last := c.glance(next.String())
	assert.Equal(t, []string{"ubuntu-11.04-kernel"}, imageNames(t, last))
	assert.NotContains(t, last.body, "next")

	bad := c.glance("/v2/images?marker=no-such-image")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Contains(t, bad.text, "Invalid marker. Image no-such-image could not be found.")
	bad = c.glance("/v2/images?limit=many")
	assert.Equal(t, http.StatusBadRequest, bad.status)
}

func TestGlanceShowsSnapshots(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "snapper")
	resp := c.action(id, `{"createImage": {"name": "smoke-snap", "metadata": {"snap": "yes"}}}`)
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	loc := resp.header.Get("Location")
	imageID := loc[strings.LastIndex(loc, "/")+1:]

	saving := c.glance("/v2/images/" + imageID)
	require.Equal(t, http.StatusOK, saving.status, saving.text)
	// Nova adds these properties to the snapshots it uploads; the sandbox keeps only
	// the metadata asked for.
	want := loadSample(t, "092").Response.Body.(map[string]any)
	for _, k := range []string{"base_image_ref", "owner_user_name", "owner_project_name",
		"boot_roles", "instance_uuid", "user_id", "image_type"} {
		delete(want, k)
	}
	requireSameShape(t, want, saving.body)
	assert.Equal(t, "saving", saving.body["status"])
	assert.Equal(t, "private", saving.body["visibility"])
	assert.Equal(t, "yes", saving.body["snap"])

	clock.Add(500 * time.Millisecond)
	active := c.glance("/v2/images/" + imageID)
	assert.Equal(t, "active", active.body["status"])
	assert.EqualValues(t, snapshotSize, active.body["size"])
	assert.Equal(t, []string{"smoke-snap"},
		imageNames(t, c.glance("/v2/images?visibility=private")))
}

func TestGlanceErrors(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	root := strings.TrimSuffix(sb.ComputeURL(), "/v2.1") + "/image"
	auth := map[string]string{"X-Auth-Token": c.token}

	tests := []struct {
		method, path string
		hdr          map[string]string
		status       int
		text         string
	}{
		{http.MethodGet, "/v2/images/no-such-image", auth, 404,
			"No image found with ID no-such-image"},
		{http.MethodGet, "/v2/images", nil, 401, ""},
		{http.MethodGet, "/v2/images/" + imageServerID, map[string]string{
			"X-Auth-Token": "bogus"}, 401, ""},
		{http.MethodDelete, "/v2/images/" + imageServerID, auth, 405, "read-only"},
		{http.MethodPost, "/v2/images", auth, 405, "read-only"},
		{http.MethodGet, "/v2/schemas/image", auth, 404, ""},
		{http.MethodGet, "/v1/images", auth, 404, ""},
	}
	for _, tt := range tests {
		resp := c.raw(tt.method, root+tt.path, nil, tt.hdr)
		assert.Equal(t, tt.status, resp.status, "%s %s", tt.method, tt.path)
		assert.Contains(t, resp.text, tt.text, "%s %s", tt.method, tt.path)
	}
	assert.Equal(t, http.StatusOK, c.call(http.MethodGet, "/images/"+imageServerID, nil).status,
		"the image is still there")
}

func TestFlavorExtraSpecs(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	resp := c.call(http.MethodGet, "/flavors/1/os-extra_specs", nil)
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	assert.Equal(t, map[string]any{"extra_specs": map[string]any{}}, resp.body)

	resp = c.call(http.MethodGet, "/flavors/42/os-extra_specs", nil)
	assert.Equal(t, http.StatusNotFound, resp.status)
	assert.Equal(t, "Flavor 42 could not be found.", dig(resp.body, "itemNotFound", "message"))
}
