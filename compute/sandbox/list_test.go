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

func names(t *testing.T, resp response) []string {
	t.Helper()
	return listedNames(t, resp, "servers")
}

// listedNames returns the names of the items a listing holds under key, in
// order.
func listedNames(t *testing.T, resp response, key string) []string {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	var out []string
	for _, item := range resp.body[key].([]any) {
		out = append(out, dig(item, "name").(string))
	}
	return out
}

func TestListFilters(t *testing.T) {
	_, c, clock := startClocked(t, Options{FailBuilds: "bad-*"})
	for _, n := range []string{"web-1", "web-2", "db-1"} {
		c.createServer(n, nil)
	}
	c.createServer("bad-1", nil)
	clock.Add(time.Second)
	c.createServer("web-3", nil)

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"web-3", "bad-1", "db-1", "web-2", "web-1"}},
		{"name=web", []string{"web-3", "web-2", "web-1"}},
		{"name=^w.*-[12]$", []string{"web-2", "web-1"}},
		{"name=eb-", []string{"web-3", "web-2", "web-1"}},
		{"status=ACTIVE", []string{"db-1", "web-2", "web-1"}},
		{"status=build", []string{"web-3"}},
		{"status=ERROR", []string{"bad-1"}},
		{"status=ACTIVE&status=BUILD", []string{"web-3", "db-1", "web-2", "web-1"}},
		{"status=SHUTOFF", nil},
		{"status=NOT-A-STATUS", nil},
		{"name=web&status=ACTIVE", []string{"web-2", "web-1"}},
		{"limit=2", []string{"web-3", "bad-1"}},
		{"limit=0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for _, p := range []string{"/servers?", "/servers/detail?"} {
				got := names(t, c.call(http.MethodGet, p+tt.query, nil))
				assert.Equal(t, tt.want, got, p+tt.query)
			}
		})
	}

	resp := c.call(http.MethodGet, "/servers?limit=x", nil)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	resp = c.call(http.MethodGet, "/servers?marker=nope", nil)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Equal(t, "marker [nope] not found", dig(resp.body, "badRequest", "message"))
	resp = c.call(http.MethodGet, "/servers?name=%5B", nil)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Equal(t, "Invalid input for query parameters name. Value: [. '[' is not a 'regex'",
		dig(resp.body, "badRequest", "message"))
}

// TestPaginationOf5000Servers walks every page through the next links.
func TestPaginationOf5000Servers(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxTotalInstances, lim.MaxTotalCores, lim.MaxTotalRAMSize = 5000, -1, -1
	_, c, _ := startClocked(t, Options{Limits: lim})
	resp := c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "many", "imageRef": imageServerID, "flavorRef": "1", "min_count": 5000,
		"max_count": 5000}})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)

	for _, tt := range []struct {
		first     string
		pageSizes []int
	}{
		{"/servers", []int{1000, 1000, 1000, 1000, 1000, 0}},
		{"/servers/detail?limit=1500", []int{1000, 1000, 1000, 1000, 1000, 0}},
		{"/servers?limit=2000&name=many-", []int{1000, 1000, 1000, 1000, 1000, 0}},
		{"/servers?limit=1800&name=many-1", []int{1000, 111}},
	} {
		seen := map[string]bool{}
		var sizes []int
		next := c.sb.ComputeURL() + tt.first
		for next != "" {
			page := c.raw(http.MethodGet, next, nil, map[string]string{"X-Auth-Token": c.token})
			require.Equal(t, http.StatusOK, page.status, page.text)
			servers := page.body["servers"].([]any)
			sizes = append(sizes, len(servers))
			for _, s := range servers {
				id := dig(s, "id").(string)
				require.False(t, seen[id], "server %s on two pages", id)
				seen[id] = true
			}
			next = nextLink(t, page)
		}
		assert.Equal(t, tt.pageSizes, sizes, tt.first)
	}
}

func nextLink(t *testing.T, page response) string {
	t.Helper()
	links, ok := page.body["servers_links"].([]any)
	if !ok {
		return ""
	}
	require.Equal(t, "next", dig(links, 0, "rel"))
	href := dig(links, 0, "href").(string)
	u, err := url.Parse(href)
	require.NoError(t, err)
	require.NotEmpty(t, u.Query().Get("marker"))
	return href
}

func TestMultiCreate(t *testing.T) {
	_, c, _ := startClocked(t, Options{})

	resp := c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "farm", "imageRef": imageServerID, "flavorRef": "1", "min_count": 2,
		"max_count": "3"}})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	first := dig(resp.body, "server", "id").(string)
	assert.Equal(t, c.sb.ComputeURL()+"/servers/"+first, resp.header.Get("Location"))
	assert.Equal(t, []string{"farm-3", "farm-2", "farm-1"},
		names(t, c.call(http.MethodGet, "/servers", nil)))
	assert.Equal(t, "farm-1", dig(c.call(http.MethodGet, "/servers/"+first, nil).body,
		"server", "name"), "the body describes the first server")

	resp = c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "res", "imageRef": imageServerID, "flavorRef": "1", "max_count": 2,
		"return_reservation_id": true}})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	resID := resp.body["reservation_id"].(string)
	assert.Regexp(t, `^r-[a-z0-9]{8}$`, resID)
	assert.Nil(t, resp.body["server"])
	assert.Equal(t, []string{"res-2", "res-1"},
		names(t, c.call(http.MethodGet, "/servers?reservation_id="+resID, nil)))
}

func TestCreateOptionsAreShown(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := c.createServer("opts", map[string]any{
		"key_name": "mykey", "availability_zone": "nova", "accessIPv4": "203.0.113.9",
		"accessIPv6": "2001:db8::9", "config_drive": true, "OS-DCF:diskConfig": "AUTO",
		"user_data": "IyEvYmluL3NoCg==", "adminPass": "chosen",
		"personality": []any{map[string]any{"path": "/etc/motd", "contents": "aGk="}},
	})
	clock.Add(time.Second)
	srv := c.call(http.MethodGet, "/servers/"+id, nil).body["server"]
	assert.Equal(t, "mykey", dig(srv, "key_name"))
	assert.Equal(t, "nova", dig(srv, "OS-EXT-AZ:availability_zone"))
	assert.Equal(t, "203.0.113.9", dig(srv, "accessIPv4"))
	assert.Equal(t, "2001:db8::9", dig(srv, "accessIPv6"))
	assert.Equal(t, "True", dig(srv, "config_drive"))
	assert.Equal(t, "AUTO", dig(srv, "OS-DCF:diskConfig"))
}

func TestPerServerLimits(t *testing.T) {
	_, c, _ := startClocked(t, Options{})
	file := func(size int) map[string]any {
		return map[string]any{"path": "/f", "contents": b64(strings.Repeat("x", size))}
	}
	tests := []struct {
		name  string
		files []any
		code  int
		msg   string
	}{
		{"five files", []any{file(1), file(1), file(1), file(1), file(1)}, 202, ""},
		{"six files", []any{file(1), file(1), file(1), file(1), file(1), file(1)}, 413,
			"Personality file limit exceeded"},
		{"largest file", []any{file(10240)}, 202, ""},
		{"six metadata items", nil, 413, "Maximum number of metadata items exceeds 5"},
		{"too large", []any{file(10241)}, 413,
			"Personality file content exceeds maximum 10240"},
		{"long path", []any{map[string]any{"path": "/" + strings.Repeat("p", 255),
			"contents": ""}}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := map[string]any{"name": "p", "imageRef": imageServerID, "flavorRef": "1"}
			if tt.files != nil {
				srv["personality"] = tt.files
			} else {
				srv["metadata"] = map[string]any{"1": "", "2": "", "3": "", "4": "", "5": "",
					"6": ""}
			}
			resp := c.call(http.MethodPost, "/servers", map[string]any{"server": srv})
			require.Equal(t, tt.code, resp.status, resp.text)
			if tt.code == 413 {
				assert.Equal(t, tt.msg, dig(resp.body, "overLimit", "message"))
			}
		})
	}
}

func TestQuotaAndLimits(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	resp := c.call(http.MethodGet, "/limits", nil)
	require.Equal(t, http.StatusOK, resp.status)
	requireSameShape(t, loadSample(t, "022").Response.Body, resp.body)
	abs := func() map[string]any {
		resp := c.call(http.MethodGet, "/limits", nil)
		return dig(resp.body, "limits", "absolute").(map[string]any)
	}
	assert.EqualValues(t, 51200, abs()["maxTotalRAMSize"])
	assert.EqualValues(t, 5, abs()["maxServerMeta"])
	assert.EqualValues(t, 5, abs()["maxImageMeta"])
	assert.EqualValues(t, 5, abs()["maxPersonality"])
	assert.EqualValues(t, 10240, abs()["maxPersonalitySize"])

	var ids []string
	for range 3 {
		ids = append(ids, c.createServer("big", map[string]any{"flavorRef": "5"}))
	}
	a := abs()
	assert.EqualValues(t, []any{3.0, 24.0, 49152.0},
		[]any{a["totalInstancesUsed"], a["totalCoresUsed"], a["totalRAMUsed"]})

	resp = c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "one-more", "imageRef": imageServerID, "flavorRef": "3"}})
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.status, resp.text)
	assert.Equal(t, "Quota exceeded for ram: Requested 4096, but already used 49152 of "+
		"51200 ram", dig(resp.body, "overLimit", "message"))
	assert.Equal(t, "0", resp.header.Get("Retry-After"))

	// max_count takes what fits, min_count must fit.
	resp = c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "tiny", "imageRef": imageServerID, "flavorRef": "1", "max_count": 10}})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	assert.EqualValues(t, 7, abs()["totalInstancesUsed"], "4 tiny servers fit in 2048 MB")

	clock.Add(time.Second)
	resp = c.action(ids[0], map[string]any{"resize": map[string]any{"flavorRef": "1"}})
	require.Equal(t, http.StatusAccepted, resp.status, "shrinking needs no quota")
	require.Equal(t, http.StatusNoContent, c.call(http.MethodDelete, "/servers/"+ids[1],
		nil).status)
	a = abs()
	assert.EqualValues(t, []any{6.0, 1 + 8 + 4.0, 512 + 16384 + 4*512.0},
		[]any{a["totalInstancesUsed"], a["totalCoresUsed"], a["totalRAMUsed"]})
}
