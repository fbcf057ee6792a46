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

// imageFixture is a sandbox with snapshots next to the seed images, oldest first:
// kernel, initrd, server (ACTIVE, minDisk 0), snap[0] "web-snap" (ACTIVE, minDisk 1),
// snap[1] "db-snap" (SAVING, minDisk 40), snap[2] "web-snap" (SAVING, minDisk 1,
// image_type "backup"). snap[0] was last updated when it became ACTIVE at ready, the
// others when they were made at updated.
type imageFixture struct {
	c              *apiClient
	web, db        string
	snap           []string
	ready, updated time.Time
}

func newImageFixture(t *testing.T) imageFixture {
	t.Helper()
	sb, c, clock := startClocked(t, Options{})
	f := imageFixture{c: c}
	f.web = c.createServer("web", nil)
	f.db = c.createServer("db", map[string]any{"flavorRef": "3"})
	clock.Add(time.Second)

	f.snap = append(f.snap, f.snapshot(t, sb, f.web, "web-snap", nil))
	f.ready = clock.Now().Add(time.Second / 2) // a snapshot takes half a build
	clock.Add(time.Second)
	f.updated = clock.Now()
	f.snap = append(f.snap, f.snapshot(t, sb, f.db, "db-snap", nil))
	f.snap = append(f.snap, f.snapshot(t, sb, f.web, "web-snap",
		map[string]any{"image_type": "backup"}))
	return f
}

func (f imageFixture) snapshot(t *testing.T, sb *Sandbox, server, name string,
	meta map[string]any) string {
	t.Helper()
	req := map[string]any{"name": name}
	if meta != nil {
		req["metadata"] = meta
	}
	resp := f.c.action(server, map[string]any{"createImage": req})
	require.Equal(t, http.StatusAccepted, resp.status, resp.text)
	return strings.TrimPrefix(resp.header.Get("Location"), sb.ComputeURL()+"/images/")
}

func TestImageListFilters(t *testing.T) {
	f := newImageFixture(t)
	seeds := []string{"ubuntu-11.04-kernel", "ubuntu-11.04-initrd", "ubuntu-11.04-server"}
	snaps := []string{"web-snap", "db-snap", "web-snap"}
	all := append(append([]string{}, seeds...), snaps...)
	since := func(at time.Time) string {
		return url.QueryEscape(at.Format(time.RFC3339Nano))
	}

	tests := []struct {
		query string
		want  []string
		next  bool
	}{
		{"", all, false},
		{"name=web-snap", []string{"web-snap", "web-snap"}, false},
		{"name=web", nil, false},
		{"name=", nil, false},
		{"name=web-snap&name=db-snap", []string{"db-snap"}, false},
		{"status=ACTIVE", append(append([]string{}, seeds...), "web-snap"), false},
		{"status=saving", []string{"db-snap", "web-snap"}, false},
		{"status=BOGUS", nil, false},
		{"status=saving&status=active", append(append([]string{}, seeds...), "web-snap"),
			false},
		{"server=" + f.web, []string{"web-snap", "web-snap"}, false},
		{"server=" + url.QueryEscape(f.c.sb.ComputeURL()+"/servers/"+f.db),
			[]string{"db-snap"}, false},
		{"server=nope", nil, false},
		{"server=", nil, false},
		{"type=snapshot", []string{"web-snap", "db-snap"}, false},
		{"type=backup", []string{"web-snap"}, false},
		{"minDisk=0", seeds, false},
		{"minDisk=1", []string{"web-snap", "web-snap"}, false},
		{"minDisk=40.0", []string{"db-snap"}, false},
		{"minDisk=x", nil, false},
		{"minRam=0", all, false},
		{"minRam=00", all, false},
		{"minRam=-1", nil, false},
		{"minRam=512", nil, false},
		{"changes-since=2011-09-22", all, false},
		{"changes-since=2012", snaps, false},
		{"changes-since=" + since(f.ready), snaps, false},
		{"changes-since=" + since(f.ready.Add(time.Millisecond)), snaps[1:], false},
		{"changes-since=" + since(f.updated), snaps[1:], false},
		{"changes-since=" + since(f.updated.Add(time.Millisecond)), nil, false},
		{"name=web-snap&status=SAVING&minDisk=1", []string{"web-snap"}, false},
		{"limit=2", seeds[:2], true},
		{"limit=6", all, true},
		{"limit=7", all, false},
		{"limit=5000", all, false},
		{"limit=0", all, false},
		{"limit=9&limit=1", seeds[:1], true},
		{"name=web-snap&limit=1", []string{"web-snap"}, true},
		{"marker=", all, false},
		{"marker=" + imageServerID, snaps, false},
		{"marker=" + f.snap[0] + "&name=web-snap", []string{"web-snap"}, false},
		{"marker=" + f.snap[0] + "&status=ACTIVE", nil, false},
		{"marker=" + imageKernelID + "&limit=2", seeds[1:], true},
		{"marker=" + f.snap[2], nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for _, p := range []string{"/images", "/images/detail"} {
				resp := f.c.call(http.MethodGet, p+"?"+tt.query, nil)
				assert.Equal(t, tt.want, imageNames(t, resp), p+"?"+tt.query)
				assertImageNext(t, f.c, resp, p, tt.next)
			}
		})
	}
}

// assertImageNext checks that a page has a next link exactly when want says, and that
// the link repeats the query with the last image as marker.
func assertImageNext(t *testing.T, c *apiClient, page response, path string, want bool) {
	t.Helper()
	links, ok := page.body["images_links"].([]any)
	require.Equal(t, want, ok, "images_links in %s", page.text)
	if !want {
		return
	}
	images := page.body["images"].([]any)
	require.Len(t, links, 1)
	assert.Equal(t, "next", dig(links, 0, "rel"))
	href, err := url.Parse(dig(links, 0, "href").(string))
	require.NoError(t, err)
	assert.Equal(t, c.sb.ComputeURL()+path, href.Scheme+"://"+href.Host+href.Path)
	assert.Equal(t, dig(images, len(images)-1, "id"), href.Query().Get("marker"))
}

func TestImageListErrors(t *testing.T) {
	f := newImageFixture(t)
	tests := []struct {
		query, msg string
	}{
		{"limit=x", "Invalid input received: limit must be an integer"},
		{"limit=", "Invalid input received: limit must be an integer"},
		{"limit=1.5", "Invalid input received: limit must be an integer"},
		{"limit=1&limit=x", "Invalid input received: limit must be an integer"},
		{"limit=-1", "Invalid input received: limit must be >= 0"},
		{"marker=nope", "HTTP 400 Bad Request: No image found with ID nope"},
		{"marker=&marker=nope", "HTTP 400 Bad Request: No image found with ID nope"},
		{"marker=3", "HTTP 400 Bad Request: No image found with ID 3"},
		{"changes-since=yesterday", "HTTP 400 Bad Request: Bad &quot;updated_at&quot; " +
			"query filter format. Use ISO 8601 DateTime notation."},
		{"changes-since=", "HTTP 400 Bad Request: Bad &quot;updated_at&quot; " +
			"query filter format. Use ISO 8601 DateTime notation."},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for _, p := range []string{"/images?", "/images/detail?"} {
				resp := f.c.call(http.MethodGet, p+tt.query, nil)
				require.Equal(t, http.StatusBadRequest, resp.status, resp.text)
				assert.Equal(t, map[string]any{"badRequest": map[string]any{
					"code": 400.0, "message": tt.msg}}, resp.body)
			}
		})
	}
}

// TestImagePagesFollowNextLinks walks every page of a listing through its next links,
// in both dialects, and finds each image once and in order.
func TestImagePagesFollowNextLinks(t *testing.T) {
	f := newImageFixture(t)
	v11 := strings.TrimSuffix(f.c.sb.ComputeURL(), "/v2.1") + "/v1.1/" + Project
	tests := []struct {
		first string
		sizes []int
		want  []string
	}{
		{"/images?limit=2", []int{2, 2, 2, 0}, nil},
		{"/images/detail?limit=4", []int{4, 2}, nil},
		{"/images/detail?limit=1&name=web-snap", []int{1, 1, 0},
			[]string{"web-snap", "web-snap"}},
		{"/images?limit=3&status=SAVING", []int{2}, []string{"db-snap", "web-snap"}},
	}
	for _, tt := range tests {
		for _, root := range []string{f.c.sb.ComputeURL(), v11} {
			var sizes []int
			var names []string
			for next := root + tt.first; next != ""; {
				page := f.c.raw(http.MethodGet, next, nil,
					map[string]string{"X-Auth-Token": f.c.token})
				got := imageNames(t, page)
				sizes, names = append(sizes, len(got)), append(names, got...)
				next = ""
				if links, ok := page.body["images_links"].([]any); ok {
					next = dig(links, 0, "href").(string)
					require.True(t, strings.HasPrefix(next, root), next)
				}
			}
			assert.Equal(t, tt.sizes, sizes, root+tt.first)
			if tt.want == nil {
				tt.want = imageNames(t, f.c.call(http.MethodGet, "/images", nil))
			}
			assert.Equal(t, tt.want, names, root+tt.first)
		}
	}
}

// TestBookImageFilters uses the v1.1 dialect's numbers as marker and server.
func TestBookImageFilters(t *testing.T) {
	f := newImageFixture(t)
	b := &bookClient{apiClient: f.c,
		base: strings.TrimSuffix(f.c.sb.ComputeURL(), "/v2.1") + "/v1.1/" + Project}
	require.Equal(t, f.web, dig(b.curl(http.MethodGet, "/servers/1", "", false).body,
		"server", "uuid"), "the web server is number 1")

	tests := []struct {
		query string
		want  []string
	}{
		{"marker=3", []string{"web-snap", "db-snap", "web-snap"}},
		{"marker=" + imageServerID, []string{"web-snap", "db-snap", "web-snap"}},
		{"marker=5", []string{"web-snap"}},
		{"server=1", []string{"web-snap", "web-snap"}},
		{"server=" + url.QueryEscape(b.base+"/servers/2"), []string{"db-snap"}},
		{"server=" + f.db, []string{"db-snap"}},
		{"server=99", nil},
	}
	for _, tt := range tests {
		for _, p := range []string{"/images?", "/images/detail?"} {
			assert.Equal(t, tt.want, imageNames(t, b.curl(http.MethodGet, p+tt.query, "",
				false)), p+tt.query)
		}
	}
	resp := b.curl(http.MethodGet, "/images?limit=1", "", false)
	href := dig(resp.body, "images_links", 0, "href").(string)
	assert.Equal(t, b.base+"/images?limit=1&marker=1", href)
	resp = b.curl(http.MethodGet, "/images?marker=7", "", false)
	assert.Equal(t, http.StatusBadRequest, resp.status, resp.text)
}
