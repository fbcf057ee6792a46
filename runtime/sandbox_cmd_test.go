package runtime

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSandboxCommandLine(t *testing.T) {
	tests := []struct {
		args   []string
		env    map[string]string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"sandbox"}, nil, 2, "", "novalua: sandbox: say serve or reset\nusage:"},
		{[]string{"sandbox", "start"}, nil, 2, "", `sandbox: unknown command "start"`},
		{[]string{"sandbox", "serve", "--bogus"}, nil, 2, "",
			"sandbox serve: unknown option --bogus\nusage: novalua sandbox serve"},
		{[]string{"sandbox", "serve", "now"}, nil, 2, "",
			`sandbox serve: unexpected argument "now"`},
		{[]string{"sandbox", "serve", "--state"}, nil, 2, "",
			"sandbox serve: --state needs a value"},
		{[]string{"sandbox", "serve", "--latency", "soon"}, nil, 2, "",
			`sandbox serve: --latency: "soon" is not a duration like 50ms or 2s`},
		{[]string{"sandbox", "serve", "--fail-rate=2"}, nil, 2, "",
			`--fail-rate: "2" is not a number from 0 to 1`},
		{[]string{"sandbox", "serve", "--rate-limit-every", "-1"}, nil, 2, "",
			`--rate-limit-every: "-1" is not a whole number >= 0`},
		{[]string{"sandbox", "serve", "--fail-builds", "[x"}, nil, 2, "",
			`--fail-builds: bad pattern "[x"`},
		{[]string{"sandbox", "serve", "--listen", "127.0.0.1:5000"}, nil, 2, "",
			`--listen: "127.0.0.1:5000" is not two addresses`},
		{[]string{"sandbox", "serve", "--listen", "0.0.0.0:5000,127.0.0.1:8774"}, nil, 2, "",
			`"0.0.0.0:5000" is not a loopback address`},
		{[]string{"sandbox", "serve", "--listen", ":5000,127.0.0.1:8774"}, nil, 2, "",
			`":5000" is not a loopback address`},
		{[]string{"sandbox", "serve", "--listen", "127.0.0.1:http,[::1]:1"}, nil, 2, "",
			`port "http" is not a number`},
		{[]string{"sandbox", "reset", "--latency", "1s"}, nil, 2, "",
			"sandbox reset: unknown option --latency"},
		{[]string{"sandbox", "serve", "--listen", "127.0.0.1:0,127.0.0.1:0"},
			map[string]string{"NOVALUA_SANDBOX_LATENCY": "slow"}, 1, "",
			`novalua: sandbox serve: NOVALUA_SANDBOX_LATENCY: "slow" is not a duration`},
		{[]string{"sandbox", "--help"}, nil, 0, "usage: novalua sandbox serve", ""},
		{[]string{"sandbox", "serve", "-h"}, nil, 0, "--fail-builds GLOB", ""},
		{[]string{"sandbox", "reset", "--help"}, nil, 0, "NOVALUA_SANDBOX_", ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got := runCLI(t, "", tt.env, tt.args...)
			assert.Equal(t, tt.code, got.code, got.stderr)
			assert.Contains(t, got.stdout, tt.stdout)
			assert.Contains(t, got.stderr, tt.stderr)
			if tt.code != 0 {
				assert.Empty(t, got.stdout)
			}
		})
	}
}

// lockedBuffer is a buffer that the sandbox's log and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var serveLine = regexp.MustCompile(`(?m)^sandbox auth_url=(http://\S+)/v3 ` +
	`compute_url=(http://\S+)/v2\.1$`)

// bookToken logs in as the book does and returns the token.
func bookToken(t *testing.T, identityRoot string) string {
	t.Helper()
	body := `{"auth": {"passwordCredentials": {"username": "joe", "password": "shhh"}}}`
	resp, err := http.Post(identityRoot+"/v2.0/tokens", "application/json",
		strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct {
		Access struct{ Token struct{ ID string } }
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.NotEmpty(t, out.Access.Token.ID)
	return out.Access.Token.ID
}

// bookCall sends a request to the book's compute URL and decodes the answer.
func bookCall(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return resp.StatusCode, out
}

// serverField returns a field of {"server": {...}}, nil when there is none.
func serverField(body map[string]any, name string) any {
	server, _ := body["server"].(map[string]any)
	return server[name]
}

// TestSandboxServeUntilCtrlC runs "sandbox serve" in process with fault
// options from flags and from the environment, and stops it with Ctrl-C.
func TestSandboxServeUntilCtrlC(t *testing.T) {
	state := t.TempDir()
	stderr := &lockedBuffer{}
	interrupts := make(chan os.Signal, 1)
	// The variables configure what the flags leave alone; a flag wins.
	env := map[string]string{"NOVALUA_SANDBOX_FAIL_BUILDS": "doomed-*",
		"NOVALUA_SANDBOX_BUILD_TIME": "1h"}
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), IO{
			Args: []string{"sandbox", "serve", "--listen", "127.0.0.1:0,127.0.0.1:0",
				"--state", state, "--build-time=10ms", "--token-ttl", "1m"},
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr,
			Getenv: func(name string) string { return env[name] }, Interrupts: interrupts,
		})
	}()

	var m []string
	require.Eventually(t, func() bool {
		m = serveLine.FindStringSubmatch(stderr.String())
		return m != nil
	}, 10*time.Second, 5*time.Millisecond, "no listen line in:\n%s", stderr)
	token := bookToken(t, m[1])
	servers := m[2] + "/v1.1/openstack/servers"
	status, body := bookCall(t, http.MethodPost, servers, token,
		`{"server": {"name": "doomed-1", "imageRef": "3", "flavorRef": "1"}}`)
	require.Equal(t, http.StatusAccepted, status, body)
	assert.EqualValues(t, 1, serverField(body, "id"))

	require.Eventually(t, func() bool {
		_, body := bookCall(t, http.MethodGet, servers+"/1", token, "")
		return serverField(body, "status") == "ERROR"
	}, 10*time.Second, 20*time.Millisecond, "NOVALUA_SANDBOX_FAIL_BUILDS was ignored")

	interrupts <- os.Interrupt
	select {
	case code := <-done:
		assert.Equal(t, ExitOK, code)
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox serve did not stop on Ctrl-C")
	}
	log := stderr.String()
	assert.True(t, strings.HasPrefix(log, "sandbox state="+state+"\n"), log)
	assert.Regexp(t, `(?m)^\S+ POST /v2\.0/tokens 200 \S+$`, log)
	assert.Regexp(t, `(?m)^\S+ POST /v1\.1/openstack/servers 202 \S+$`, log)
	assert.Regexp(t, `(?m)^\S+ GET /v1\.1/openstack/servers/1 200 \S+$`, log)
	assert.True(t, strings.HasSuffix(log, "\nsandbox stopped\n"), log)
	assert.NotContains(t, log, token)
	assert.NotContains(t, log, "shhh")
}

func TestSandboxServeReportsBusyPorts(t *testing.T) {
	busy, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()

	got := runCLI(t, "", nil, "sandbox", "serve", "--listen",
		"127.0.0.1:0,"+busy.Addr().String())
	assert.Equal(t, ExitFailure, got.code)
	assert.Contains(t, got.stderr, "novalua: sandbox serve: start sandbox: compute listener: ")
	assert.Contains(t, got.stderr, "address already in use\nnovalua: hint: another program "+
		"listens there; choose other ports with --listen")
}

func TestSandboxResetEmptiesTheState(t *testing.T) {
	state := t.TempDir()
	got := runInState(t, state, "-e", `servers.create{name = "gone", image = "ubuntu-11.04-server",
		flavor = "m1.tiny"}`)
	require.Equal(t, 0, got.code, got.stderr)
	got = runInState(t, state, "-e", `print(#servers.list())`)
	require.Equal(t, "1\n", got.stdout)

	got = runInState(t, state, "sandbox", "reset", "--state", state)
	require.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, "sandbox state in "+state+" reset\n", got.stdout)
	got = runInState(t, state, "-e", `print(#servers.list())`)
	assert.Equal(t, "0\n", got.stdout)
}

// TestBootThenListInProcess runs two scripts one after the other on the same
// NOVALUA_SANDBOX_STATE: the second sees what the first created.
func TestBootThenListInProcess(t *testing.T) {
	state := t.TempDir()
	boot := runInState(t, state, filepath.Join("..", "scripts", "boot_server.lua"))
	require.Equal(t, 0, boot.code, boot.stderr)
	id := bootedID(t, boot.stdout)

	list := runInState(t, state, filepath.Join("..", "scripts", "list_servers.lua"))
	require.Equal(t, 0, list.code, list.stderr)
	assert.Regexp(t, `^1 server\ntornado001 +ACTIVE +flavor 1 +`+id+"\n$", list.stdout)
}

// bootedID finds the server id in what boot_server.lua printed.
func bootedID(t *testing.T, stdout string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  "id": "(` + uuid + `)",?$`).FindStringSubmatch(stdout)
	require.NotNil(t, m, "no server id in:\n%s", stdout)
	return m[1]
}

// novaluaProcess is novalua run as its own process, with only the
// environment given.
func novaluaProcess(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append([]string{runAsMain + "=1"}, env...)
	return cmd
}

// TestBootThenListAcrossProcesses runs the two scripts as separate novalua
// processes with the default state directory under XDG_STATE_HOME.
func TestBootThenListAcrossProcesses(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_STATE_HOME=" + home + "/state",
		"XDG_CACHE_HOME=" + home + "/cache", "NOVALUA_SANDBOX_BUILD_TIME=50ms"}

	boot, err := novaluaProcess(env, filepath.Join("..", "scripts", "boot_server.lua")).
		CombinedOutput()
	require.NoError(t, err, string(boot))
	id := bootedID(t, string(boot))
	stateDir := filepath.Join(home, "state", "novalua", "sandbox")
	assert.Contains(t, string(boot), "using the sandbox cloud (state in "+stateDir+")")
	assert.FileExists(t, filepath.Join(stateDir, "sandbox.db"))

	list, err := novaluaProcess(env, filepath.Join("..", "scripts", "list_servers.lua")).
		Output()
	require.NoError(t, err)
	assert.Regexp(t, `^1 server\ntornado001 +ACTIVE +flavor 1 +`+id+"\n$", string(list))
}

// TestSandboxServeStopsOnSIGINT runs "novalua sandbox serve" as a process and
// interrupts it as Ctrl-C in a terminal would.
func TestSandboxServeStopsOnSIGINT(t *testing.T) {
	home := t.TempDir()
	cmd := novaluaProcess([]string{"HOME=" + home}, "sandbox", "serve",
		"--listen", "127.0.0.1:0,127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill() })

	lines := bufio.NewScanner(stderr)
	var m []string
	for m == nil && lines.Scan() {
		m = serveLine.FindStringSubmatch(lines.Text())
	}
	require.NotNil(t, m, "no listen line")
	bookToken(t, m[1])
	require.True(t, lines.Scan())
	assert.Regexp(t, `^\S+ POST /v2\.0/tokens 200 \S+$`, lines.Text())

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	require.NoError(t, cmd.Wait(), "exit status after Ctrl-C")
	assert.Equal(t, []string{"sandbox stopped"}, rest)
	assert.FileExists(t, filepath.Join(home, ".local", "state", "novalua", "sandbox",
		"sandbox.db"), "the default state directory")
}
