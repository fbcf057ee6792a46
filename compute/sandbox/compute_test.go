package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestComputeFaultsMatchNova replays the error requests recorded against a real Nova and
// expects the same status and body (ids replaced by the sandbox's own).
func TestComputeFaultsMatchNova(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	realImage := "b29c211d-2bd8-40de-b1aa-a1bf06cf9e3d"

	tests := []struct {
		sample string
		token  string
	}{
		{"014", c.token}, // flavor missing
		{"025", c.token}, // server missing
		{"026", c.token}, // create without name
		{"027", c.token}, // create with unknown flavor
		{"028", c.token}, // create with unknown image
		{"029", c.token}, // malformed JSON
		{"030", ""},      // no token
		{"031", "bogus"}, // bad token
		{"032", c.token}, // microversion too high (the sandbox's maximum is 2.1)
	}
	for _, tt := range tests {
		s := loadSample(t, tt.sample)
		t.Run(tt.sample, func(t *testing.T) {
			path := strings.TrimPrefix(s.Request.URL, "http://127.0.0.1:8774/v2.1")
			var body any
			if b := s.requestBody(); b != "" {
				body = strings.ReplaceAll(b, realImage, imageServerID)
			}
			hdr := map[string]string{}
			if tt.token != "" {
				hdr["X-Auth-Token"] = tt.token
			}
			if v, ok := s.Request.Header["OpenStack-API-Version"]; ok {
				hdr["OpenStack-API-Version"] = v.(string)
			}
			resp := c.raw(s.Request.Method, sb.ComputeURL()+path, body, hdr)

			want := strings.ReplaceAll(mustJSON(t, s.Response.Body), realImage, imageServerID)
			want = strings.ReplaceAll(want, "maximum is 2.93", "maximum is 2.1")
			require.Equal(t, s.Response.Status, resp.status)
			assert.JSONEq(t, want, resp.text)
			assert.Equal(t, s.Response.Header["Content-Type"], resp.header.Get("Content-Type"))
			if resp.status == http.StatusUnauthorized {
				assert.Equal(t, `Keystone uri="`+sb.identityRoot()+`/"`,
					resp.header.Get("Www-Authenticate"))
			}
		})
	}
}

func TestEveryResponseHasRequestIDs(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	root := strings.TrimSuffix(sb.ComputeURL(), "/v2.1")

	urls := []string{root + "/", sb.ComputeURL() + "/", sb.ComputeURL() + "/servers",
		sb.ComputeURL() + "/servers/nope", sb.ComputeURL() + "/nothing", sb.AuthURL()}
	for _, u := range urls {
		for _, tok := range []string{c.token, ""} {
			resp := c.raw(http.MethodGet, u, nil, map[string]string{"X-Auth-Token": tok})
			id := resp.header.Get("X-Openstack-Request-Id")
			assert.Regexp(t, `^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-`+
				`[0-9a-f]{12}$`, id, "GET %s", u)
			assert.Equal(t, id, resp.header.Get("X-Compute-Request-Id"), "GET %s", u)
		}
	}
}

func TestComputeVersionDocuments(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	root := strings.TrimSuffix(sb.ComputeURL(), "/v2.1")

	resp := c.raw(http.MethodGet, root+"/", nil, nil)
	require.Equal(t, http.StatusOK, resp.status)
	requireSameShape(t, loadSample(t, "009").Response.Body, resp.body)
	assert.Equal(t, "CURRENT", dig(resp.body, "versions", 1, "status"))
	assert.Equal(t, root+"/v2.1/", dig(resp.body, "versions", 1, "links", 0, "href"))

	resp = c.raw(http.MethodGet, sb.ComputeURL()+"/", nil, nil)
	require.Equal(t, http.StatusOK, resp.status)
	requireSameShape(t, loadSample(t, "010").Response.Body, resp.body)
	assert.Equal(t, "2.1", dig(resp.body, "version", "min_version"))
	assert.Equal(t, "compute 2.1", resp.header.Get("Openstack-Api-Version"))
}

func TestFlavorsAndImagesMatchNovaShapes(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	tests := []struct {
		path, sample string
		ignore       []string
	}{
		{"/flavors", "011", nil},
		{"/flavors/detail", "012", nil},
		{"/flavors/1", "013", nil},
		// The sandbox's image links leave out Nova's "alternate" glance link.
		{"/images", "016", []string{".images[].links"}},
		{"/images/detail", "017", []string{".images[].links"}},
		{"/images/" + imageServerID, "019", []string{".image.links"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := c.call(http.MethodGet, tt.path, nil)
			require.Equal(t, http.StatusOK, resp.status)
			requireSameShape(t, loadSample(t, tt.sample).Response.Body, resp.body,
				tt.ignore...)
		})
	}
}

func TestSeedFlavorsAndImages(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	resp := c.call(http.MethodGet, "/flavors/detail", nil)
	var got []string
	for _, f := range resp.body["flavors"].([]any) {
		m := f.(map[string]any)
		got = append(got, mustJSON(t, []any{m["id"], m["name"], m["ram"], m["vcpus"],
			m["disk"]}))
	}
	assert.Equal(t, []string{`["1","m1.tiny",512,1,1]`, `["2","m1.small",2048,1,20]`,
		`["3","m1.medium",4096,2,40]`, `["4","m1.large",8192,4,80]`,
		`["5","m1.xlarge",16384,8,160]`}, got)

	resp = c.call(http.MethodGet, "/images/detail", nil)
	names := map[string]string{}
	for _, im := range resp.body["images"].([]any) {
		m := im.(map[string]any)
		names[m["id"].(string)] = m["name"].(string)
		assert.Equal(t, "ACTIVE", m["status"])
		self := dig(m, "links", 0, "href")
		assert.Equal(t, sb.ComputeURL()+"/images/"+m["id"].(string), self)
	}
	assert.Equal(t, map[string]string{imageKernelID: "ubuntu-11.04-kernel",
		imageInitrdID: "ubuntu-11.04-initrd", imageServerID: "ubuntu-11.04-server"}, names)

	resp = c.call(http.MethodGet, "/images/"+imageKernelID+"x", nil)
	assert.Equal(t, http.StatusNotFound, resp.status)
	assert.Equal(t, "Image not found.", dig(resp.body, "itemNotFound", "message"))
}

func TestUnknownRoutes(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	tests := []struct {
		method, path string
		status       int
		fault        string
	}{
		{http.MethodGet, "/os-keypairs", 404, "itemNotFound"},
		{http.MethodGet, "/servers/x/y/z/w", 404, "itemNotFound"},
		{http.MethodPatch, "/servers", 405, "badMethod"},
		{http.MethodPost, "/flavors", 405, "badMethod"},
	}
	for _, tt := range tests {
		resp := c.call(tt.method, tt.path, nil)
		assert.Equal(t, tt.status, resp.status, "%s %s", tt.method, tt.path)
		assert.EqualValues(t, tt.status, dig(resp.body, tt.fault, "code"))
	}
}
