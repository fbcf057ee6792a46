package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerMetadataMatchesNova replays realstack's metadata calls in their order.
func TestServerMetadataMatchesNova(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := c.createServer("meta", map[string]any{"metadata": map[string]any{"created-by": "smoke"}})
	clock.Add(2e9)

	for _, n := range []string{"047", "048", "049", "052", "053", "054", "055", "056", "057"} {
		s := loadSample(t, n)
		path := s.Request.URL[strings.Index(s.Request.URL, "/metadata"):]
		var body any
		if b := s.requestBody(); b != "" {
			body = b
		}
		resp := c.call(s.Request.Method, "/servers/"+id+path, body)
		require.Equal(t, s.Response.Status, resp.status, "%s: %s", n, resp.text)
		if s.Response.Body != nil {
			assert.JSONEq(t, mustJSON(t, s.Response.Body), resp.text, n)
		} else {
			assert.Empty(t, resp.text, n)
		}
	}
	resp := c.call(http.MethodGet, "/servers/"+id, nil)
	assert.Equal(t, map[string]any{"a": "1", "b": "20", "c": "3"}, dig(resp.body, "server",
		"metadata"), "metadata shows in the server too")
}

func TestServerMetadataLimitsAndKeys(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "m")
	base := "/servers/" + id + "/metadata"
	five := `{"metadata": {"1": "a", "2": "b", "3": "c", "4": "d", "5": "e"}}`
	require.Equal(t, http.StatusOK, c.call(http.MethodPut, base, five).status)

	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"merge over limit", "POST", base, `{"metadata": {"6": "f"}}`, 413,
			"Maximum number of metadata items exceeds 5"},
		{"replace over limit", "PUT", base, `{"metadata": {"a": "1", "b": "2", "c": "3", ` +
			`"d": "4", "e": "5", "f": "6"}}`, 413, "Maximum number of metadata items exceeds 5"},
		{"item over limit", "PUT", base + "/6", `{"meta": {"6": "f"}}`, 413,
			"Maximum number of metadata items exceeds 5"},
		{"value too long", "POST", base, `{"metadata": {"1": "` + strings.Repeat("v", 256) +
			`"}}`, 400, ""},
		{"key too long", "POST", base, `{"metadata": {"` + strings.Repeat("k", 256) +
			`": "v"}}`, 400, ""},
		{"two items", "PUT", base + "/1", `{"meta": {"1": "x", "2": "y"}}`, 400,
			"Invalid input for field/attribute meta. Value: {'1': 'x', '2': 'y'}. " +
				"{'1': 'x', '2': 'y'} has too many properties"},
		{"no metadata key", "PUT", base, `{"meta": {}}`, 400,
			"'metadata' is a required property"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.call(tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, resp.status, resp.text)
			if tt.status == 413 {
				assert.Equal(t, tt.msg, dig(resp.body, "overLimit", "message"))
				assert.Equal(t, "0", resp.header.Get("Retry-After"))
			} else if tt.msg != "" {
				assert.Equal(t, tt.msg, dig(resp.body, "badRequest", "message"))
			}
		})
	}
	resp := c.call(http.MethodGet, base, nil)
	assert.JSONEq(t, five, resp.text, "refused changes changed nothing")

	// Replacing with as many items, some of them new, stays within the limit.
	resp = c.call(http.MethodPut, base+"/5", `{"meta": {"5": "E"}}`)
	require.Equal(t, http.StatusOK, resp.status)
}

func TestMetadataKeysFollowNovasPattern(t *testing.T) {
	_, c, clock := startClocked(t, Options{})
	id := activeServer(t, c, clock, "m")

	// Spaces, colons, dots, dashes and underscores are allowed, and need
	// escaping in the URL.
	for _, key := range []string{"a b", "x:y.z-w_1", " lead"} {
		path := "/servers/" + id + "/metadata/" + url.PathEscape(key)
		body := map[string]any{"meta": map[string]any{key: "v-été " + key}}
		resp := c.call(http.MethodPut, path, body)
		require.Equal(t, http.StatusOK, resp.status, "%q: %s", key, resp.text)
		assert.Equal(t, "v-été "+key, dig(resp.body, "meta", key))

		resp = c.call(http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, resp.status, key)
		assert.Equal(t, "v-été "+key, dig(resp.body, "meta", key))

		require.Equal(t, http.StatusNoContent, c.call(http.MethodDelete, path, nil).status)
	}

	// Like Nova 2.1, anything else is refused and nothing is stored.
	for _, key := range []string{"été", "a/b", "100%", "q?x=1", "日本"} {
		body := map[string]any{"metadata": map[string]any{key: "v"}}
		resp := c.call(http.MethodPost, "/servers/"+id+"/metadata", body)
		require.Equal(t, http.StatusBadRequest, resp.status, key)
		assert.Contains(t, dig(resp.body, "badRequest", "message"),
			"does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'")
	}
	resp := c.call(http.MethodGet, "/servers/"+id+"/metadata", nil)
	assert.Equal(t, map[string]any{}, resp.body["metadata"])
}

func TestServerMetadataRefusedWhileBuilding(t *testing.T) {
	_, c, _ := startClocked(t, Options{})
	id := c.createServer("m", nil)

	resp := c.call(http.MethodPost, "/servers/"+id+"/metadata", `{"metadata": {"a": "1"}}`)
	require.Equal(t, http.StatusConflict, resp.status)
	assert.Equal(t, "Cannot 'update metadata' instance "+id+" while it is in vm_state "+
		"building", dig(resp.body, "conflictingRequest", "message"))
	resp = c.call(http.MethodGet, "/servers/"+id+"/metadata", nil)
	assert.Equal(t, http.StatusOK, resp.status, "reading is always allowed")
	resp = c.call(http.MethodGet, "/servers/nope/metadata", nil)
	assert.Equal(t, "Instance nope could not be found.", dig(resp.body, "itemNotFound",
		"message"))
}

// TestImageMetadataMatchesNova replays realstack's image metadata calls on a seed image.
func TestImageMetadataMatchesNova(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)
	base := "/images/" + imageServerID + "/metadata"

	for _, n := range []string{"094", "095", "096", "097", "098", "099", "100"} {
		s := loadSample(t, n)
		path := s.Request.URL[strings.Index(s.Request.URL, "/metadata")+len("/metadata"):]
		var body any
		if b := s.requestBody(); b != "" {
			body = b
		}
		resp := c.call(s.Request.Method, base+path, body)
		require.Equal(t, s.Response.Status, resp.status, "%s: %s", n, resp.text)
		if n == "094" {
			// The real snapshot had properties of its own; a seed image has none.
			assert.JSONEq(t, `{"metadata": {"purpose": "fixture", "tier": "gold"}}`, resp.text)
			continue
		}
		if s.Response.Body != nil {
			assert.JSONEq(t, mustJSON(t, s.Response.Body), resp.text, n)
		}
	}

	resp := c.call(http.MethodDelete, base+"/color", nil)
	require.Equal(t, http.StatusNotFound, resp.status)
	assert.Equal(t, "Invalid metadata key", dig(resp.body, "itemNotFound", "message"))

	resp = c.call(http.MethodPost, base, `{"metadata": {"a": "1", "b": "2", "c": "3", `+
		`"d": "4", "e": "5"}}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.status)
	assert.Equal(t, "Image metadata limit exceeded", dig(resp.body, "overLimit", "message"))

	resp = c.call(http.MethodGet, "/images/"+imageServerID, nil)
	assert.Equal(t, map[string]any{"purpose": "fixture2"}, dig(resp.body, "image", "metadata"))
	resp = c.call(http.MethodGet, "/images/nope/metadata", nil)
	assert.Equal(t, "Image not found.", dig(resp.body, "itemNotFound", "message"))
}

func TestDeleteImage(t *testing.T) {
	sb := startSandbox(t, Options{})
	c := newClient(t, sb)

	resp := c.call(http.MethodDelete, "/images/"+imageInitrdID, nil)
	require.Equal(t, http.StatusNoContent, resp.status)
	assert.Empty(t, resp.text)
	assert.Equal(t, http.StatusNotFound, c.call(http.MethodGet, "/images/"+imageInitrdID,
		nil).status)
	assert.Equal(t, http.StatusNotFound, c.call(http.MethodDelete, "/images/"+imageInitrdID,
		nil).status)
	assert.Len(t, c.call(http.MethodGet, "/images", nil).body["images"], 2)

	resp = c.call(http.MethodPost, "/servers", map[string]any{"server": map[string]any{
		"name": "x", "imageRef": imageInitrdID, "flavorRef": "1"}})
	assert.Equal(t, "Can not find requested image", dig(resp.body, "badRequest", "message"))
}
