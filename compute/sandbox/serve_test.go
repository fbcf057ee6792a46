package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeRunsUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncWriter{w: new(bytes.Buffer)}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, Options{StateDir: t.TempDir(), Log: log}) }()

	var authURL, computeURL string
	re := regexp.MustCompile(`^sandbox auth_url=(\S+) compute_url=(\S+)\n`)
	require.Eventually(t, func() bool {
		log.mu.Lock()
		defer log.mu.Unlock()
		m := re.FindStringSubmatch(log.w.String())
		if m != nil {
			authURL, computeURL = m[1], m[2]
		}
		return m != nil
	}, 10*time.Second, 5*time.Millisecond)

	resp, err := http.Get(computeURL + "/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+/v3$`, authURL)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	_, err = http.Get(computeURL + "/")
	assert.Error(t, err, "the listener is closed")
}

func TestResetRestoresTheSeed(t *testing.T) {
	dir := t.TempDir()
	sb := startSandbox(t, Options{StateDir: dir})
	c := newClient(t, sb)
	c.createServer("gone-after-reset", nil)
	require.Equal(t, http.StatusNoContent,
		c.call(http.MethodDelete, "/images/"+imageKernelID, nil).status)

	// The running sandbox sees the reset in its next request, and its tokens still work.
	require.NoError(t, Reset(dir))
	assert.Empty(t, c.call(http.MethodGet, "/servers", nil).body["servers"])
	assert.Len(t, c.call(http.MethodGet, "/images", nil).body["images"], 3)
	id := c.createServer("after-reset", nil)
	assert.NotEmpty(t, id)

	require.NoError(t, Reset(filepath.Join(dir, "nothing-here")))
	_, err := os.Stat(filepath.Join(dir, "nothing-here"))
	assert.True(t, os.IsNotExist(err), "reset of nothing creates nothing")
}

func TestStateFileRemovedWhileRunning(t *testing.T) {
	dir := t.TempDir()
	sb := startSandbox(t, Options{StateDir: dir})
	c := newClient(t, sb)
	c.createServer("x", nil)
	require.NoError(t, os.Remove(filepath.Join(dir, dbFile)))

	resp := c.call(http.MethodGet, "/servers", nil)
	require.Equal(t, http.StatusOK, resp.status, resp.text)
	assert.Empty(t, resp.body["servers"])
	assert.Len(t, c.call(http.MethodGet, "/images", nil).body["images"], 3)
}

func TestDefaultStateDir(t *testing.T) {
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/joe"},
			"/x/state/novalua/sandbox"},
		{map[string]string{"HOME": "/home/joe"}, "/home/joe/.local/state/novalua/sandbox"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/joe"},
			"/home/joe/.local/state/novalua/sandbox"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, DefaultStateDir(env(tt.env)))
	}
}
