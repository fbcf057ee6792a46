package runtime

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novalua/novalua/compute/sandbox"
)

// loginCounter counts the logins a sandbox answered.
type loginCounter struct {
	mu sync.Mutex
	n  int
}

func (c *loginCounter) record(r sandbox.Recorded) {
	if r.Method == http.MethodPost && r.Path == "/v3/auth/tokens" {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
}

func (c *loginCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// envCloud starts a sandbox and returns OS_* variables that point at it, as
// a real cloud's openrc would, with a cache directory of the test's own.
func envCloud(t *testing.T, opts sandbox.Options) (map[string]string, *loginCounter) {
	t.Helper()
	logins := &loginCounter{}
	opts.OnRequest = logins.record
	box, err := sandbox.Start(context.Background(), opts)
	require.NoError(t, err)
	t.Cleanup(func() { box.Close() })
	return map[string]string{
		"OS_AUTH_URL":            box.AuthURL(),
		"OS_USERNAME":            sandbox.User,
		"OS_PASSWORD":            sandbox.Password,
		"OS_PROJECT_NAME":        sandbox.Project,
		"OS_USER_DOMAIN_NAME":    "Default",
		"OS_PROJECT_DOMAIN_NAME": "Default",
		"XDG_CACHE_HOME":         t.TempDir(),
	}, logins
}

func TestDebugPrintsCurlWithoutSecrets(t *testing.T) {
	env, _ := envCloud(t, sandbox.Options{})
	for _, how := range []struct {
		name string
		args []string
		env  string
	}{
		{"flag", []string{"--debug"}, ""},
		{"variable", nil, "1"},
	} {
		t.Run(how.name, func(t *testing.T) {
			env["NOVALUA_DEBUG"] = how.env
			args := append(how.args, "--no-token-cache", "-e",
				`print(#flavors.list(), #cloud.token() > 0)`)
			got := runCLI(t, "", env, args...)

			require.Equal(t, 0, got.code, got.stderr)
			assert.Equal(t, "5\ttrue\n", got.stdout)
			assert.Contains(t, got.stderr, "curl -g -i -X POST '"+env["OS_AUTH_URL"]+
				"/auth/tokens'")
			assert.Contains(t, got.stderr, `"password":"***"`)
			assert.Regexp(t, `# 200 OK, request id req-[0-9a-f-]+, \d+ms`, got.stderr)
			assert.NotContains(t, got.stderr, sandbox.Password)
			assert.NotContains(t, got.stderr, `"id":"gAAAA`)
		})
	}
	env["NOVALUA_DEBUG"] = "0"
	got := runCLI(t, "", env, "-e", `flavors.list()`)
	assert.NotContains(t, got.stderr, "curl")
}

func TestTokenIsReusedAcrossRuns(t *testing.T) {
	env, logins := envCloud(t, sandbox.Options{})
	script := `local info = cloud.info(); print(info.project_name, info.token_from_cache)`

	first := runCLI(t, "", env, "-e", script)
	second := runCLI(t, "", env, "-e", script)
	require.Equal(t, 0, first.code, first.stderr)
	require.Equal(t, 0, second.code, second.stderr)
	assert.Equal(t, "openstack\tfalse\n", first.stdout)
	assert.Equal(t, "openstack\ttrue\n", second.stdout)
	assert.Equal(t, 1, logins.count(), "the second run did not go to Keystone")

	entries, err := os.ReadDir(filepath.Join(env["XDG_CACHE_HOME"], "novalua"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	file, err := entries[0].Info()
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), file.Mode().Perm())

	third := runCLI(t, "", env, "--no-token-cache", "-e", script)
	assert.Equal(t, "openstack\tfalse\n", third.stdout)
	assert.Equal(t, 2, logins.count())
}

func TestConfigurationWarnings(t *testing.T) {
	env, _ := envCloud(t, sandbox.Options{})
	dir := t.TempDir()
	clouds := filepath.Join(dir, "clouds.yaml")
	yaml := "clouds:\n  box:\n    auth:\n      auth_url: " + env["OS_AUTH_URL"] +
		"\n      username: joe\n      password: shhh\n      project_name: openstack\n" +
		"      user_domain_name: Default\n      project_domain_name: Default\n"
	require.NoError(t, os.WriteFile(clouds, []byte(yaml), 0o600))
	require.NoError(t, os.Chmod(clouds, 0o644))

	vars := map[string]string{"OS_CLIENT_CONFIG_FILE": clouds, "OS_INSECURE": "true",
		"XDG_CACHE_HOME": t.TempDir()}
	for range 2 { // every run says it again
		got := runCLI(t, "", vars, "--os-cloud", "box", "-e", `print(cloud.info().cloud)`)
		require.Equal(t, 0, got.code, got.stderr)
		assert.Equal(t, "box\n", got.stdout)
		assert.Contains(t, got.stderr, "novalua: warning: TLS certificates are not verified "+
			"for cloud box")
		assert.Contains(t, got.stderr, "novalua: warning: "+clouds+" holds a password or "+
			"secret and can be read by others (mode 0644); run: chmod 600 "+clouds+"\n")
		assert.NotContains(t, got.stderr, "shhh")
	}

	require.NoError(t, os.Chmod(clouds, 0o600))
	delete(vars, "OS_INSECURE")
	got := runCLI(t, "", vars, "--os-cloud", "box", "-e", `print(cloud.info().cloud)`)
	require.Equal(t, 0, got.code, got.stderr)
	assert.NotContains(t, got.stderr, "warning")
}

func TestBadConnectionSettings(t *testing.T) {
	env, _ := envCloud(t, sandbox.Options{})
	tests := []struct {
		name, variable, value, want string
	}{
		{"timeout", "NOVALUA_TIMEOUT", "soon",
			`NOVALUA_TIMEOUT: "soon" is not a duration like 30s or a number of seconds`},
		{"connect timeout", "NOVALUA_CONNECT_TIMEOUT", "-1",
			`NOVALUA_CONNECT_TIMEOUT: "-1" is not a duration`},
		{"interface", "OS_INTERFACE", "private", `OS_INTERFACE: interface "private"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{tt.variable: tt.value}
			for k, v := range env {
				vars[k] = v
			}
			got := runCLI(t, "", vars, "-e", `flavors.list()`)
			assert.Equal(t, 1, got.code)
			assert.Contains(t, got.stderr, tt.want)
		})
	}
}

func TestInterruptAbortsAnInFlightRequest(t *testing.T) {
	env, _ := envCloud(t, sandbox.Options{Latency: 300 * time.Millisecond})
	// Each request takes 300ms: the script would run for 30s.
	getenv := func(name string) string { return env[name] }
	interrupts := make(chan os.Signal, 1)
	var stderr bytes.Buffer
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- Main(context.Background(), IO{
			Args:       []string{"-e", `for i = 1, 100 do flavors.list() end`},
			Stdin:      strings.NewReader(""),
			Stdout:     &bytes.Buffer{},
			Stderr:     &stderr,
			Getenv:     getenv,
			Interrupts: interrupts,
		})
	}()
	time.Sleep(time.Second) // while a list is in flight
	interrupts <- os.Interrupt

	select {
	case code := <-done:
		assert.Equal(t, ExitInterrupted, code, stderr.String())
		assert.Less(t, time.Since(start), 5*time.Second)
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-C did not stop the request")
	}
}
