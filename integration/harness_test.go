//go:build integration

package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/novalua/novalua/runtime"
)

// The cloud under test and what servers boot from.
var (
	cloudName   = envOr("NOVALUA_IT_CLOUD", "realstack")
	imageName   = envOr("NOVALUA_IT_IMAGE", "realstack-tiny")
	flavorName  = envOr("NOVALUA_IT_FLAVOR", "m1.tiny")
	cloudsFile  string // the clouds.yaml that names cloudName
	cacheDir    string // one token cache for every run, as a user's would be
	prefix      string // starts the name of everything the tests make
	scriptLimit = 10 * time.Minute
)

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func TestMain(m *testing.M) {
	cloudsFile = os.Getenv("OS_CLIENT_CONFIG_FILE")
	if cloudsFile == "" {
		cloudsFile = filepath.Join(envOr("REALSTACK_DIR", "/tmp/realstack"), "clouds.yaml")
	}
	if _, err := os.Stat(cloudsFile); err != nil {
		fmt.Fprintf(os.Stderr, "integration: no clouds.yaml for cloud %s: %v\n"+
			"integration: start ../shared/realstack/up.sh or set OS_CLIENT_CONFIG_FILE\n",
			cloudName, err)
		os.Exit(1)
	}

	dir, err := os.MkdirTemp("", "novalua-it-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration:", err)
		os.Exit(1)
	}
	cacheDir = dir
	prefix = "nlit-" + randomHex(3)

	code := m.Run()
	if leftovers := cleanUp(); leftovers != "" {
		fmt.Fprintln(os.Stderr, "integration: cleaning up:", leftovers)
	}
	os.RemoveAll(cacheDir)
	os.Exit(code)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// result is what one run of novalua printed and returned.
type result struct {
	code   int
	stdout string
	stderr string
}

// novalua runs novalua in process against the cloud under test.
func novalua(args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), scriptLimit)
	defer cancel()
	overrides := map[string]string{
		"OS_CLIENT_CONFIG_FILE": cloudsFile,
		"OS_CLOUD":              cloudName,
		"XDG_CACHE_HOME":        cacheDir,
	}
	getenv := func(name string) string {
		if v, ok := overrides[name]; ok {
			return v
		}
		return os.Getenv(name)
	}

	var stdout, stderr bytes.Buffer
	code := runtime.Main(ctx, runtime.IO{
		Args:   args,
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: getenv,
	})
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// check fails t unless r succeeded without an error line. Warnings, such as
// the one about a clouds.yaml others can read, are fine.
func check(t *testing.T, what string, r result) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s: exit status %d\nstdout:\n%s\nstderr:\n%s", what, r.code, r.stdout,
			r.stderr)
	}
	for _, line := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(line, "novalua: ") && !strings.HasPrefix(line, "novalua: warning:") {
			t.Errorf("%s: unexpected line on stderr: %s", what, line)
		}
	}
}

// cleanUpCode deletes every server and image whose name starts with the
// prefix, and says what it deleted.
const cleanUpCode = `
local prefix, deleted = arg[1], {}
for _, s in ipairs(servers.list()) do
  if s.name:sub(1, #prefix) == prefix then
    pcall(servers.delete, s.id)
    table.insert(deleted, "server " .. s.name)
  end
end
for _, i in ipairs(images.list()) do
  if i.name:sub(1, #prefix) == prefix then
    pcall(images.delete, i.id)
    table.insert(deleted, "image " .. i.name)
  end
end
print(table.concat(deleted, ", "))
`

func cleanUp() string {
	r := novalua("-e", cleanUpCode, "-", prefix)
	if r.code != 0 {
		return "failed: " + r.stderr
	}
	return strings.TrimSpace(r.stdout)
}
