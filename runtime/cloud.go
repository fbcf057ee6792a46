package runtime

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

// connection connects to the chosen cloud the first time a binding needs it,
// starting the sandbox when no cloud is configured.
type connection struct {
	cloudFlag    string
	stateFlag    string
	debug        bool
	noTokenCache bool
	getenv       func(string) string
	stderr       io.Writer
	mu           sync.Mutex
	client       *compute.Client
	sandbox      *sandbox.Sandbox
	err          error
	cloudName    string
}

func newConnection(s settings, io IO) *connection {
	c := &connection{
		cloudFlag:    s.cloud,
		stateFlag:    s.sandboxState,
		debug:        s.debug || truthy(io.Getenv("NOVALUA_DEBUG")),
		noTokenCache: s.noTokenCache,
		getenv:       io.Getenv,
		stderr:       io.Stderr,
	}
	c.cloudName, _ = compute.Choice(s.cloud, io.Getenv)
	return c
}

// truthy reads a yes/no environment variable; unset, 0, false, no and off
// are no.
func truthy(value string) bool {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// Name is the cloud's name as the REPL prompt shows it.
func (c *connection) Name() string {
	return c.cloudName
}

// Connect returns the client, connecting on the first call. A connection
// that was cancelled, as by Ctrl-C in the REPL, is tried again on the next
// call; any other failure stays.
func (c *connection) Connect(ctx context.Context) (compute.Requester, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.client == nil && c.err == nil {
		client, err := c.connect(ctx)
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
		c.client, c.err = client, err
	}
	if c.err != nil {
		return nil, c.err
	}
	return c.client, nil
}

func (c *connection) connect(ctx context.Context) (*compute.Client, error) {
	cloud, source, err := compute.Choose(c.cloudFlag, c.getenv)
	if err != nil {
		return nil, err
	}
	opts, err := c.options()
	if err != nil {
		return nil, err
	}

	if source == compute.FromSandbox {
		cloud, err = c.startSandbox(ctx)
		if err != nil {
			return nil, err
		}
		// The sandbox listens on new ports every run: a cached endpoint
		// would be stale.
		opts.Tokens = nil
	}
	for _, warning := range cloud.Warnings() {
		fmt.Fprintf(c.stderr, "novalua: warning: %s\n", warning)
	}
	return compute.Connect(ctx, cloud, opts)
}

// options reads how to talk to the cloud: --debug or NOVALUA_DEBUG, the
// token cache unless --no-token-cache, and the timeouts NOVALUA_CONNECT_TIMEOUT
// and NOVALUA_TIMEOUT.
func (c *connection) options() (compute.Options, error) {
	var opts compute.Options
	if c.debug {
		opts.Debug = c.stderr
	}
	if !c.noTokenCache {
		opts.Tokens = &compute.TokenCache{Dir: c.cacheDir()}
	}

	var err error
	opts.ConnectTimeout, err = envTimeout(c.getenv, "NOVALUA_CONNECT_TIMEOUT")
	if err != nil {
		return opts, err
	}
	opts.RequestTimeout, err = envTimeout(c.getenv, "NOVALUA_TIMEOUT")
	return opts, err
}

// envTimeout reads a duration such as 30s, or a number of seconds.
func envTimeout(getenv func(string) string, name string) (time.Duration, error) {
	value := strings.TrimSpace(getenv(name))
	if value == "" {
		return 0, nil
	}
	if seconds, err := strconv.ParseFloat(value, 64); err == nil && seconds > 0 {
		return time.Duration(seconds * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a duration like 30s or a number of seconds",
			name, value)
	}
	return d, nil
}

// cacheDir is $XDG_CACHE_HOME/novalua, by default ~/.cache/novalua.
func (c *connection) cacheDir() string {
	cache := c.getenv("XDG_CACHE_HOME")
	if cache == "" {
		cache = filepath.Join(c.home(), ".cache")
	}
	return filepath.Join(cache, "novalua")
}

func (c *connection) home() string {
	if home := c.getenv("HOME"); home != "" {
		return home
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	return home
}

func (c *connection) startSandbox(ctx context.Context) (compute.Cloud, error) {
	if c.sandbox != nil {
		return sandboxCloud(c.sandbox), nil
	}
	opts, err := sandbox.OptionsFromEnv(c.getenv)
	if err != nil {
		return compute.Cloud{}, err
	}
	opts.StateDir = c.sandboxStateDir(opts.StateDir)

	// The sandbox outlives the context of the call that started it.
	box, err := sandbox.Start(context.WithoutCancel(ctx), opts)
	if err != nil {
		return compute.Cloud{}, fmt.Errorf("start the sandbox cloud: %w", err)
	}
	c.sandbox = box
	fmt.Fprintf(c.stderr, "novalua: no cloud configured, using the sandbox cloud (state in %s)\n",
		opts.StateDir)
	return sandboxCloud(box), nil
}

// sandboxCloud logs in to the sandbox as its one user, the book's joe.
func sandboxCloud(box *sandbox.Sandbox) compute.Cloud {
	return compute.Cloud{Name: "sandbox", Auth: box.AuthOptions()}
}

// sandboxStateDir picks the state directory: the --sandbox-state flag, then
// NOVALUA_SANDBOX_STATE, then sandbox.DefaultStateDir ($XDG_STATE_HOME/novalua/sandbox).
func (c *connection) sandboxStateDir(fromEnv string) string {
	if c.stateFlag != "" {
		return c.stateFlag
	}
	if fromEnv != "" {
		return fromEnv
	}
	return sandbox.DefaultStateDir(c.getenv)
}

// Close lets go of the cloud's connections and stops the sandbox, if one
// was started.
func (c *connection) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.client != nil {
		c.client.Close()
	}
	if c.sandbox != nil {
		return c.sandbox.Close()
	}
	return nil
}
