package sandbox

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func v3Body(user, scope string) string {
	return `{"auth": {"identity": {"methods": ["password"], "password": {"user": ` + user +
		`}}` + scope + `}}`
}

func TestV3TokenRequests(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	byName := `{"name": "joe", "domain": {"id": "default"}, "password": "shhh"}`
	scope := `, "scope": {"project": {"name": "openstack", "domain": {"name": "Default"}}}`

	tests := []struct {
		name   string
		body   string
		status int
		msg    string
	}{
		{"name and domain id", v3Body(byName, scope), 201, ""},
		{"domain by name", v3Body(`{"name": "joe", "domain": {"name": "Default"}, `+
			`"password": "shhh"}`, scope), 201, ""},
		{"user id", v3Body(`{"id": "`+userID+`", "password": "shhh"}`, scope), 201, ""},
		{"project id", v3Body(byName, `, "scope": {"project": {"id": "`+projectID+`"}}`),
			201, ""},
		{"default project", v3Body(byName, ""), 201, ""},
		{"wrong password", v3Body(`{"name": "joe", "domain": {"id": "default"}, `+
			`"password": "nope"}`, scope), 401, msgAuthRequired},
		{"unknown user", v3Body(`{"name": "ann", "domain": {"id": "default"}, `+
			`"password": "shhh"}`, scope), 401, msgAuthRequired},
		{"wrong domain", v3Body(`{"name": "joe", "domain": {"id": "other"}, `+
			`"password": "shhh"}`, scope), 401, msgAuthRequired},
		{"unknown project", v3Body(byName, `, "scope": {"project": {"name": "x", `+
			`"domain": {"id": "default"}}}`), 401, msgAuthRequired},
		{"user without domain", v3Body(`{"name": "joe", "password": "shhh"}`, scope), 400,
			"Expecting to find domain in user. The server could not comply with the " +
				"request since it is either malformed or otherwise incorrect. The client " +
				"is assumed to be in error."},
		{"malformed", `{"auth": `, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.raw(http.MethodPost, sb.AuthURL()+"/auth/tokens", tt.body, nil)
			require.Equal(t, tt.status, resp.status, resp.text)
			if tt.status == 201 {
				assert.NotEmpty(t, resp.header.Get("X-Subject-Token"))
				return
			}
			assert.Empty(t, resp.header.Get("X-Subject-Token"))
			assert.EqualValues(t, tt.status, dig(resp.body, "error", "code"))
			if tt.msg != "" {
				assert.Equal(t, tt.msg, dig(resp.body, "error", "message"))
			}
		})
	}
}

func TestV3TokenBodyMatchesKeystone(t *testing.T) {
	sb := startSandbox(t, Options{TokenTTL: 90 * time.Minute})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	want := loadSample(t, "002")

	before := time.Now().UTC().Truncate(time.Second)
	resp := c.raw(http.MethodPost, sb.AuthURL()+"/auth/tokens",
		v3Body(`{"name": "joe", "domain": {"id": "default"}, "password": "shhh"}`, ""), nil)
	require.Equal(t, http.StatusCreated, resp.status)
	requireSameShape(t, want.Response.Body, resp.body)

	tok := resp.body["token"].(map[string]any)
	assert.Equal(t, Project, dig(tok, "project", "name"))
	assert.Equal(t, User, dig(tok, "user", "name"))
	exp, err := time.Parse(time.RFC3339Nano, tok["expires_at"].(string))
	require.NoError(t, err)
	assert.False(t, exp.Before(before.Add(90*time.Minute)), "expires_at %v", exp)

	catalog := tok["catalog"].([]any)
	var compute map[string]any
	for _, svc := range catalog {
		if dig(svc, "type") == "compute" {
			compute = svc.(map[string]any)
		}
	}
	require.NotNil(t, compute, "catalog has no compute service")
	assert.Equal(t, "nova", compute["name"])
	eps := compute["endpoints"].([]any)
	require.Len(t, eps, 3)
	for i, iface := range []string{"public", "internal", "admin"} {
		assert.Equal(t, iface, dig(eps[i], "interface"))
		assert.Equal(t, "RegionOne", dig(eps[i], "region_id"))
		assert.Equal(t, sb.ComputeURL(), dig(eps[i], "url"))
	}
}

func TestV2TokenForTheBook(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}
	v2 := sb.identityRoot() + "/v2.0/tokens"

	tests := []struct {
		name   string
		body   string
		status int
	}{
		{"tenant name", `{"auth": {"passwordCredentials": {"username": "joe", ` +
			`"password": "shhh"}, "tenantName": "openstack"}}`, 200},
		{"tenant id", `{"auth": {"passwordCredentials": {"username": "joe", ` +
			`"password": "shhh"}, "tenantId": "` + projectID + `"}}`, 200},
		{"no tenant, as the book", `{"auth": {"passwordCredentials": {"username": ` +
			`"joe", "password": "shhh"}}}`, 200},
		{"wrong password", `{"auth": {"passwordCredentials": {"username": "joe", ` +
			`"password": "x"}, "tenantName": "openstack"}}`, 401},
		{"wrong tenant", `{"auth": {"passwordCredentials": {"username": "joe", ` +
			`"password": "shhh"}, "tenantName": "other"}}`, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.raw(http.MethodPost, v2, tt.body, nil)
			require.Equal(t, tt.status, resp.status, resp.text)
			if tt.status != 200 {
				assert.EqualValues(t, tt.status, dig(resp.body, "error", "code"))
				return
			}
			id := dig(resp.body, "access", "token", "id").(string)
			assert.Equal(t, "compute", dig(resp.body, "access", "serviceCatalog", 0, "type"))
			assert.Equal(t, sb.ComputeURL(),
				dig(resp.body, "access", "serviceCatalog", 0, "endpoints", 0, "publicURL"))

			c.token = id
			assert.Equal(t, http.StatusOK, c.call(http.MethodGet, "/flavors", nil).status)
		})
	}
}

func TestIdentityVersionDiscovery(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := &apiClient{t: t, sb: sb, hc: http.DefaultClient}

	resp := c.raw(http.MethodGet, sb.identityRoot()+"/", nil, nil)
	require.Equal(t, http.StatusMultipleChoices, resp.status)
	assert.Equal(t, sb.identityRoot()+"/v3/", resp.header.Get("Location"))
	assert.Equal(t, "v3.14", dig(resp.body, "versions", "values", 0, "id"))
	assert.Equal(t, sb.AuthURL()+"/", dig(resp.body, "versions", "values", 0, "links", 0,
		"href"))

	resp = c.raw(http.MethodGet, sb.AuthURL(), nil, nil)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "stable", dig(resp.body, "version", "status"))

	resp = c.raw(http.MethodGet, sb.identityRoot()+"/v4", nil, nil)
	require.Equal(t, http.StatusNotFound, resp.status)
	assert.Equal(t, "Not Found", dig(resp.body, "error", "title"))
}

func TestTokenValidationAndCatalog(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	other := c.issueToken()
	auth := map[string]string{"X-Auth-Token": c.token}

	resp := c.raw(http.MethodGet, sb.AuthURL()+"/auth/catalog", nil, auth)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "identity", dig(resp.body, "catalog", 0, "type"))

	resp = c.raw(http.MethodGet, sb.AuthURL()+"/auth/tokens", nil,
		map[string]string{"X-Auth-Token": c.token, "X-Subject-Token": other})
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, other, resp.header.Get("X-Subject-Token"))

	resp = c.raw(http.MethodGet, sb.AuthURL()+"/auth/tokens", nil,
		map[string]string{"X-Auth-Token": c.token, "X-Subject-Token": other + "x"})
	assert.Equal(t, http.StatusNotFound, resp.status)

	resp = c.raw(http.MethodGet, sb.AuthURL()+"/auth/catalog", nil, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.status)
}

func TestTokensAreSignedAndExpire(t *testing.T) {
	tk := &tokens{secret: []byte("0123456789abcdef0123456789abcdef"), ttl: time.Minute}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	id, tok, err := tk.mint(now)
	require.NoError(t, err)
	assert.Equal(t, now.Add(time.Minute), tok.Expires)

	got, err := tk.check(id, now.Add(59*time.Second))
	require.NoError(t, err)
	assert.Equal(t, tok, got)

	_, err = tk.check(id, now.Add(time.Minute))
	assert.ErrorIs(t, err, errBadToken, "expired")

	other := &tokens{secret: []byte("another secret, another state..."), ttl: time.Minute}
	_, err = other.check(id, now)
	assert.ErrorIs(t, err, errBadToken, "signed with another secret")

	last := id[len(id)-1:]
	flipped := id[:len(id)-1] + map[bool]string{true: "B", false: "A"}[last == "A"]
	for _, bad := range []string{"", "abc", flipped, "!" + id[1:]} {
		_, err = tk.check(bad, now)
		assert.ErrorIs(t, err, errBadToken, "token %q", bad)
	}
}
