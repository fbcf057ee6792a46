package sandbox

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	bolt "go.etcd.io/bbolt"
)

// These tests run the test binary again as separate processes that share one StateDir,
// each with its own sandbox, as two novalua commands would.
const childEnv = "NOVALUA_SANDBOX_TEST_CHILD"

// bigMeta lets one server hold every key the writers add.
func bigMeta() Limits {
	l := DefaultLimits()
	l.MaxServerMeta, l.MaxTotalInstances, l.MaxTotalCores, l.MaxTotalRAMSize = 100000, -1,
		-1, -1
	return l
}

// TestChildProcess is the child's body; it does nothing unless started by a test below.
// It creates servers PREFIX-0, PREFIX-1, ... and, after each, adds the key PREFIX-i to
// the metadata of the SHARED server, printing "ack server <id>" and "ack meta <key>"
// once each call has been answered. COUNT < 0 means until killed.
func TestChildProcess(t *testing.T) {
	if os.Getenv(childEnv) != "writer" {
		t.Skip("only runs as a child process")
	}
	get := func(k string) string { return os.Getenv(childEnv + "_" + k) }
	count, err := strconv.Atoi(get("COUNT"))
	require.NoError(t, err)
	prefix, shared := get("PREFIX"), get("SHARED")

	sb := startSandbox(t, Options{StateDir: get("STATE"), Limits: bigMeta(),
		BuildTime: time.Millisecond})
	c := newClient(t, sb)
	for i := 0; count < 0 || i < count; i++ {
		name := fmt.Sprintf("%s-%d", prefix, i)
		id := c.createServer(name, nil)
		fmt.Printf("ack server %s\n", id)

		body := map[string]any{"metadata": map[string]any{name: "v"}}
		resp := c.call(http.MethodPost, "/servers/"+shared+"/metadata", body)
		require.Equal(t, http.StatusOK, resp.status, resp.text)
		fmt.Printf("ack meta %s\n", name)
	}
}

// child is a running child process and what it has acknowledged.
type child struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	acks []string
	done chan struct{}
}

func startChild(t *testing.T, dir, prefix, shared string, count int) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=writer", childEnv+"_STATE="+dir,
		childEnv+"_PREFIX="+prefix, childEnv+"_SHARED="+shared,
		childEnv+"_COUNT="+strconv.Itoa(count))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	ch := &child{cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(ch.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				ch.mu.Lock()
				ch.acks = append(ch.acks, line)
				ch.mu.Unlock()
			}
		}
	}()
	return ch
}

func (ch *child) acked() []string {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return append([]string(nil), ch.acks...)
}

// wait waits for the child's output to end and for it to exit.
func (ch *child) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-ch.done:
	case <-time.After(2 * time.Minute):
		ch.cmd.Process.Kill()
		t.Fatal("child did not finish")
	}
	return ch.cmd.Wait()
}

// sharedServer starts a sandbox on dir and creates the ACTIVE server the children share.
func sharedServer(t *testing.T, dir string) (*apiClient, string) {
	t.Helper()
	sb := startSandbox(t, Options{StateDir: dir, Limits: bigMeta(),
		BuildTime: time.Millisecond})
	c := newClient(t, sb)
	id := c.createServer("shared", nil)
	c.waitStatus(id, "ACTIVE")
	return c, id
}

// checkAcked fails unless every acknowledged server and metadata key is in the state.
func checkAcked(t *testing.T, c *apiClient, shared string, acks []string) (servers, keys int) {
	t.Helper()
	meta := c.call(http.MethodGet, "/servers/"+shared+"/metadata", nil).body["metadata"]
	for _, a := range acks {
		kind, v, _ := strings.Cut(a, " ")
		switch kind {
		case "server":
			servers++
			resp := c.call(http.MethodGet, "/servers/"+v, nil)
			assert.Equal(t, http.StatusOK, resp.status, "acknowledged server %s lost", v)
		case "meta":
			keys++
			assert.Contains(t, meta, v, "acknowledged metadata key %s lost", v)
		}
	}
	return servers, keys
}

// checkDatabase runs bbolt's consistency check over the state file.
func checkDatabase(t *testing.T, dir string) {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, dbFile), 0o600,
		&bolt.Options{ReadOnly: true, Timeout: 10 * time.Second})
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}))
}

func TestTwoProcessesShareState(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	c, shared := sharedServer(t, dir)

	const perChild = 25
	a := startChild(t, dir, "a", shared, perChild)
	b := startChild(t, dir, "b", shared, perChild)
	require.NoError(t, a.wait(t))
	require.NoError(t, b.wait(t))

	acks := append(a.acked(), b.acked()...)
	servers, keys := checkAcked(t, c, shared, acks)
	assert.Equal(t, 2*perChild, servers)
	assert.Equal(t, 2*perChild, keys)

	list := names(t, c.call(http.MethodGet, "/servers", nil))
	assert.Len(t, list, 2*perChild+1, "no server created twice or lost")
	meta := c.call(http.MethodGet, "/servers/"+shared+"/metadata", nil).body["metadata"]
	assert.Len(t, meta, 2*perChild, "no metadata merge overwrote another")
	checkDatabase(t, dir)
}

func TestChildKilledMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	c, shared := sharedServer(t, dir)

	ch := startChild(t, dir, "k", shared, -1)
	require.Eventually(t, func() bool { return len(ch.acked()) >= 40 }, time.Minute,
		time.Millisecond)
	require.NoError(t, ch.cmd.Process.Kill()) // SIGKILL: no chance to clean up
	err := ch.wait(t)
	require.Error(t, err, "the child was killed")
	acks := ch.acked()

	checkDatabase(t, dir)
	servers, keys := checkAcked(t, c, shared, acks)
	assert.GreaterOrEqual(t, servers, 20)
	assert.GreaterOrEqual(t, keys, 19)

	// The state is usable afterwards, by a fresh process too.
	sb := startSandbox(t, Options{StateDir: dir})
	c2 := newClient(t, sb)
	id := c2.createServer("after-kill", nil)
	resp := c2.call(http.MethodGet, "/servers/"+id, nil)
	assert.Equal(t, http.StatusOK, resp.status)
}
