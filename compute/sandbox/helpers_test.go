package sandbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testBuild is the BuildTime of most tests: short enough to poll, long enough to observe.
const testBuild = 150 * time.Millisecond

func startSandbox(t *testing.T, opts Options) *Sandbox {
	t.Helper()
	if opts.BuildTime == 0 {
		opts.BuildTime = testBuild
	}
	sb, err := Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() {
		// The tests' clients share http.DefaultTransport. A connection it
		// dialed for a request that another connection served first has sent
		// nothing, and Close would wait 5 s for it: close such connections.
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		require.NoError(t, sb.Close())
	})
	return sb
}

// apiClient talks to a sandbox with a token, as a test would with curl.
type apiClient struct {
	t     *testing.T
	sb    *Sandbox
	token string
	hc    *http.Client
}

func newClient(t *testing.T, sb *Sandbox) *apiClient {
	t.Helper()
	c := &apiClient{t: t, sb: sb, hc: &http.Client{Timeout: 30 * time.Second}}
	c.token = c.issueToken()
	return c
}

func (c *apiClient) issueToken() string {
	body := `{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "joe",
		"domain": {"id": "default"}, "password": "shhh"}}}, "scope": {"project":
		{"name": "openstack", "domain": {"id": "default"}}}}}`
	resp := c.raw(http.MethodPost, c.sb.AuthURL()+"/auth/tokens", body, nil)
	require.Equal(c.t, http.StatusCreated, resp.status, resp.text)
	return resp.header.Get("X-Subject-Token")
}

// response is an answered request with its body decoded when it is JSON.
type response struct {
	status int
	header http.Header
	text   string
	body   map[string]any
}

// raw sends body (a string, or nil for none) with the given headers and no token.
func (c *apiClient) raw(method, url string, body any, hdr map[string]string) response {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(c.t, err)
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	text, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)

	out := response{status: resp.StatusCode, header: resp.Header, text: string(text)}
	if len(text) > 0 && text[0] == '{' {
		require.NoError(c.t, json.Unmarshal(text, &out.body), string(text))
	}
	return out
}

// call sends a request to the compute API, path relative to ComputeURL.
func (c *apiClient) call(method, path string, body any) response {
	c.t.Helper()
	return c.raw(method, c.sb.ComputeURL()+path, body, map[string]string{"X-Auth-Token": c.token})
}

// createServer creates a server and returns its id.
func (c *apiClient) createServer(name string, extra map[string]any) string {
	c.t.Helper()
	srv := map[string]any{"name": name, "imageRef": imageServerID, "flavorRef": "1"}
	for k, v := range extra {
		srv[k] = v
	}
	resp := c.call(http.MethodPost, "/servers", map[string]any{"server": srv})
	require.Equal(c.t, http.StatusAccepted, resp.status, resp.text)
	return dig(resp.body, "server", "id").(string)
}

// waitStatus polls a server until it has the status, failing the test after 10s.
func (c *apiClient) waitStatus(id, status string) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp := c.call(http.MethodGet, "/servers/"+id, nil)
		require.Equal(c.t, http.StatusOK, resp.status, resp.text)
		srv := resp.body["server"].(map[string]any)
		if srv["status"] == status {
			return srv
		}
		require.True(c.t, time.Now().Before(deadline), "server %s stuck in %v, want %s",
			id, srv["status"], status)
		time.Sleep(10 * time.Millisecond)
	}
}

// dig walks nested objects and arrays (by int index).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	return string(raw)
}

// fakeClock is a clock tests move by hand, so that transitions need no sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

// startClocked starts a sandbox whose clock only moves when the test says so; BuildTime
// is one second of that clock.
func startClocked(t *testing.T, opts Options) (*Sandbox, *apiClient, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	opts.now = clock.Now
	if opts.BuildTime == 0 {
		opts.BuildTime = time.Second
	}
	sb := startSandbox(t, opts)
	return sb, newClient(t, sb), clock
}

// status returns a server's status, vm state and task state.
func (c *apiClient) status(id string) (status, vm string, task any) {
	c.t.Helper()
	resp := c.call(http.MethodGet, "/servers/"+id, nil)
	require.Equal(c.t, http.StatusOK, resp.status, resp.text)
	srv := resp.body["server"].(map[string]any)
	return srv["status"].(string), srv["OS-EXT-STS:vm_state"].(string),
		srv["OS-EXT-STS:task_state"]
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func sortStrings(s []string) { slices.Sort(s) }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
