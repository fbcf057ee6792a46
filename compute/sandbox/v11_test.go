package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bookClient sends the book's curl requests verbatim: curl -d without a Content-Type
// header sends application/x-www-form-urlencoded, which the sandbox must take as JSON.
type bookClient struct {
	*apiClient
	base string // http://127.0.0.1:PORT/v1.1/openstack
}

func (b *bookClient) curl(method, path, body string, form bool) response {
	b.t.Helper()
	hdr := map[string]string{"X-Auth-Token": b.token}
	if form {
		hdr["Content-Type"] = "application/x-www-form-urlencoded"
	}
	var rd any
	if body != "" {
		rd = body
	}
	return b.raw(method, b.base+path, rd, hdr)
}

// bookHref turns the book's localhost:8774 URLs into the sandbox's.
func (b *bookClient) bookHref(s string) string {
	return strings.ReplaceAll(s, "http://localhost:8774/v1.1/openstack", b.base)
}

func startBook(t *testing.T) (*bookClient, *fakeClock) {
	t.Helper()
	sb, c, clock := startClocked(t, Options{})
	// The book's first call: a v2.0 token without a tenant.
	resp := c.raw(http.MethodPost, sb.identityRoot()+"/v2.0/tokens",
		`{"auth": {"passwordCredentials": {"username": "joe", "password": "shhh"}}}`,
		map[string]string{"Content-type": "application/json"})
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	c.token = dig(resp.body, "access", "token", "id").(string)
	return &bookClient{apiClient: c, base: sb.computeRoot() + "/v1.1/openstack"}, clock
}

func TestBookImagesAndFlavors(t *testing.T) {
	b, _ := startBook(t)

	resp := b.curl(http.MethodGet, "/images", "", false)
	require.Equal(t, http.StatusOK, resp.status)
	assert.JSONEq(t, `{"id": 1, "name": "ubuntu-11.04-kernel", "links": [
		{"rel": "self", "href": "`+b.base+`/images/1"},
		{"rel": "bookmark", "href": "`+strings.TrimSuffix(b.base, "/v1.1/openstack")+
		`/openstack/images/1"}]}`, mustJSON(t, dig(resp.body, "images", 0)))
	assert.Equal(t, "ubuntu-11.04-server", dig(resp.body, "images", 2, "name"))

	resp = b.curl(http.MethodGet, "/flavors", "", false)
	require.Equal(t, http.StatusOK, resp.status)
	assert.EqualValues(t, 5, dig(resp.body, "flavors", 4, "id"))
	assert.Equal(t, "m1.xlarge", dig(resp.body, "flavors", 4, "name"))
	assert.Equal(t, b.base+"/flavors/5", dig(resp.body, "flavors", 4, "links", 0, "href"))

	resp = b.curl(http.MethodGet, "/images/3", "", false)
	assert.Equal(t, imageServerID, dig(resp.body, "image", "uuid"))
	resp = b.curl(http.MethodGet, "/images/"+imageServerID, "", false)
	assert.EqualValues(t, 3, dig(resp.body, "image", "id"), "uuids work too")
	resp = b.curl(http.MethodGet, "/images/99", "", false)
	assert.JSONEq(t, `{"itemNotFound": {"message": "The resource could not be found.", `+
		`"code": 404}}`, resp.text)
}

func TestBookServerWalkthrough(t *testing.T) {
	b, clock := startBook(t)

	// Booting a new server, as the book's curl does.
	resp := b.curl(http.MethodPost, "/servers", b.bookHref(`{"server": {"flavorRef": `+
		`"http://localhost:8774/v1.1/openstack/flavors/1", "personality": [{"path": "", `+
		`"contents": ""}], "name": "tornado001", "imageRef": `+
		`"http://localhost:8774/v1.1/openstack/images/1", "metadata": {"Server Name": `+
		`"Tornado"}}}`), false)
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	srv := resp.body["server"].(map[string]any)
	assert.EqualValues(t, 1, srv["id"])
	assert.Equal(t, "BUILD", srv["status"])
	assert.Equal(t, "1", dig(srv, "image", "id"))
	assert.Equal(t, "1", dig(srv, "flavor", "id"))
	assert.Equal(t, "openstack", srv["tenant_id"])
	assert.NotEmpty(t, srv["adminPass"])
	assert.Equal(t, b.base+"/servers/1", resp.header.Get("Location"))
	uuid := srv["uuid"].(string)

	resp = b.curl(http.MethodGet, "/servers", "", false)
	assert.JSONEq(t, `{"servers": [{"id": 1, "uuid": "`+uuid+`", "name": "tornado001", `+
		`"links": [{"rel": "self", "href": "`+b.base+`/servers/1"}, {"rel": "bookmark", `+
		`"href": "`+strings.TrimSuffix(b.base, "/v1.1/openstack")+`/openstack/servers/1"}]}]}`,
		resp.text)

	clock.Add(time.Second)
	resp = b.curl(http.MethodGet, "/servers/1", "", false)
	requireSameShape(t, bookServer(t), resp.body, ".server.addresses")
	assert.Equal(t, "ACTIVE", dig(resp.body, "server", "status"))
	assert.EqualValues(t, 100, dig(resp.body, "server", "progress"))

	resp = b.curl(http.MethodGet, "/servers/1/ips", "", false)
	assert.Equal(t, []string{"private", "public"}, keys(resp.body["addresses"]))
	resp = b.curl(http.MethodGet, "/servers/1/ips/public", "", false)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, []string{"public"}, keys(resp.body["addresses"]), "wrapped as in the book")

	// Both views show the same server.
	v21 := b.call(http.MethodGet, "/servers/"+uuid, nil)
	assert.Equal(t, "tornado001", dig(v21.body, "server", "name"))
	assert.Equal(t, map[string]any{"Server Name": "Tornado"}, dig(v21.body, "server", "metadata"))
}

func TestBookMetadata(t *testing.T) {
	b, clock := startBook(t)
	b.createServer("tornado001", nil)
	clock.Add(time.Second)

	for _, coll := range []string{"/servers/1", "/images/1"} {
		steps := []struct {
			method, path, body string
			status             int
			want               string
		}{
			{"PUT", "/metadata", `{"metadata":{"owner":"joe","group":"www"}}`, 200,
				`{"metadata": {"owner": "joe", "group": "www"}}`},
			{"PUT", "/metadata/owner", `{"metadata":{"owner":"joe"}}`, 200,
				`{"metadata": {"owner": "joe"}}`},
			{"POST", "/metadata", `{"metadata":{"owner":"adam"}}`, 200,
				`{"metadata": {"owner": "adam", "group": "www"}}`},
			{"GET", "/metadata/owner", "", 200, `{"metadata": {"owner": "adam"}}`},
			{"DELETE", "/metadata/owner", "", 204, ``},
			{"GET", "/metadata", "", 200, `{"metadata": {"group": "www"}}`},
			{"GET", "/metadata/owner", "", 404, `{"itemNotFound": {"message": ` +
				`"The resource could not be found.", "code": 404}}`},
		}
		for _, st := range steps {
			resp := b.curl(st.method, coll+st.path, st.body, true)
			require.Equal(t, st.status, resp.status, "%s %s%s: %s", st.method, coll,
				st.path, resp.text)
			if st.want != "" {
				assert.JSONEq(t, st.want, resp.text, "%s %s%s", st.method, coll, st.path)
			}
		}
	}
}

func TestBookActions(t *testing.T) {
	b, clock := startBook(t)
	b.createServer("tornado001", nil)
	b.createServer("tornado002", nil)
	b.createServer("tornado003", nil)
	clock.Add(time.Second)
	act := func(body string, status int) response {
		t.Helper()
		resp := b.curl(http.MethodPost, "/servers/3/action", b.bookHref(body), true)
		require.Equal(t, status, resp.status, "%s: %s", body, resp.text)
		return resp
	}
	status := func() any {
		return dig(b.curl(http.MethodGet, "/servers/3", "", false).body, "server", "status")
	}

	resp := b.curl(http.MethodPut, "/servers/3", `{"server": {"name": "nginx000"}}`, true)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "nginx000", dig(resp.body, "server", "name"))
	assert.EqualValues(t, 3, dig(resp.body, "server", "id"))
	resp = b.curl(http.MethodPut, "/servers/3", `{"server": {"accessIPv4": "192.168.100.2", `+
		`"accessIPv6": "fe80:0:0:0:0:0:c0a8:6402"}}`, true)
	assert.Equal(t, "192.168.100.2", dig(resp.body, "server", "accessIPv4"))

	act(`{"changePassword": {"adminPass": "dontusesshhhforpassword"}}`, 202)
	act(`{"reboot": {"type": "HARD"}}`, 202)
	assert.Equal(t, "HARD_REBOOT", status())
	clock.Add(time.Second)

	resp = act(`{"rebuild": {"name": "tornado001", "imageRef": `+
		`"http://localhost:8774/v1.1/openstack/images/3", "metadata": {}, "personality": `+
		`[{"path": "", "contents": ""}]}}`, 202)
	assert.Equal(t, "REBUILD", dig(resp.body, "server", "status"))
	assert.Equal(t, "3", dig(resp.body, "server", "image", "id"))
	clock.Add(time.Second)

	act(`{"resize": {"flavorRef": "http://localhost:8774/v1.1/openstack/flavors/5"}}`, 202)
	clock.Add(time.Second)
	assert.Equal(t, "VERIFY_RESIZE", status())
	act(`{"confirmResize": null}`, 204)
	act(`{"resize": {"flavorRef": "http://localhost:8774/v1.1/openstack/flavors/4"}}`, 202)
	clock.Add(time.Second)
	act(`{"revertResize": null}`, 202)
	clock.Add(time.Second)
	assert.Equal(t, "5", dig(b.curl(http.MethodGet, "/servers/3", "", false).body, "server",
		"flavor", "id"))

	resp = act(`{"createImage": {"name": "tornado-app-server", "metadata": {"version": `+
		`"1.0.0", "creator": "joe"}}}`, 202)
	assert.Equal(t, b.base+"/images/4", resp.header.Get("Location"))
	clock.Add(time.Second)
	img := b.curl(http.MethodGet, "/images/4", "", false)
	assert.Equal(t, "tornado-app-server", dig(img.body, "image", "name"))
	assert.Equal(t, "ACTIVE", dig(img.body, "image", "status"))

	require.Equal(t, http.StatusNoContent, b.curl(http.MethodDelete, "/servers/3", "",
		false).status)
	resp = b.curl(http.MethodDelete, "/servers/3", "", false)
	assert.JSONEq(t, `{"itemNotFound": {"message": "The resource could not be found.", `+
		`"code": 404}}`, resp.text)
	require.Equal(t, http.StatusNoContent, b.curl(http.MethodDelete, "/images/3", "",
		false).status)
	assert.Len(t, b.call(http.MethodGet, "/servers", nil).body["servers"], 2)
}

func TestBookDialectNeedsTenantAndToken(t *testing.T) {
	b, _ := startBook(t)
	resp := b.raw(http.MethodGet, b.base+"/servers", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	resp = b.raw(http.MethodGet, strings.Replace(b.base, "/openstack", "/other", 1)+"/servers",
		nil, map[string]string{"X-Auth-Token": b.token})
	assert.Equal(t, http.StatusNotFound, resp.status)
	resp = b.raw(http.MethodGet, strings.Replace(b.base, "/openstack", "/"+projectID, 1)+
		"/servers", nil, map[string]string{"X-Auth-Token": b.token})
	assert.Equal(t, http.StatusOK, resp.status)
}

// bookServer is the server the book prints for GET /v1.1/openstack/servers/1.
func bookServer(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	raw := `{"server": {"status": "ACTIVE", "updated": "2011-12-04T21:19:11Z",
		"hostId": "ea05d3b6c34b9baae7ad5ce482814e040305b6c8fb67034a46908720",
		"user_id": "admin", "name": "tornado001", "links": [{"href": "h", "rel": "self"},
		{"href": "h", "rel": "bookmark"}], "created": "2011-12-04T21:18:55Z",
		"tenant_id": "openstack", "image": {"id": "1", "links": [{"href": "h",
		"rel": "bookmark"}]}, "uuid": "8fec45a8-92fb-4840-8f2a-c64e1be49dee",
		"accessIPv4": "", "metadata": {"Server Name": "Tornado"}, "accessIPv6": "",
		"key_name": null, "progress": 100, "flavor": {"id": "1", "links": [{"href": "h",
		"rel": "bookmark"}]}, "config_drive": "", "id": 1, "addresses": {}}}`
	require.NoError(t, jsonUnmarshal(raw, &v))
	return v
}

func keys(v any) []string {
	var out []string
	for k := range v.(map[string]any) {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func TestBookDialectPages(t *testing.T) {
	b, _ := startBook(t)
	for i := range 3 {
		b.createServer(fmt.Sprintf("s%d", i), nil)
	}
	resp := b.curl(http.MethodGet, "/servers?limit=2", "", false)
	require.Equal(t, http.StatusOK, resp.status)
	assert.EqualValues(t, 3, dig(resp.body, "servers", 0, "id"))
	next := dig(resp.body, "servers_links", 0, "href").(string)
	assert.Equal(t, b.base+"/servers?limit=2&marker=2", next)

	resp = b.raw(http.MethodGet, next, nil, map[string]string{"X-Auth-Token": b.token})
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	require.Len(t, resp.body["servers"], 1)
	assert.EqualValues(t, 1, dig(resp.body, "servers", 0, "id"))
}
