package runtime

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/novalua/novalua/compute"
	"github.com/novalua/novalua/compute/sandbox"
)

// connection connects to the chosen cloud the first time a binding needs it,
// starting the sandbox when no cloud is configured.
type connection struct {
	cloudFlag  string
	stateFlag  string
	getenv     func(string) string
	stderr     io.Writer
	once       sync.Once
	client     *compute.Client
	sandbox    *sandbox.Sandbox
	err        error
	cloudName  string
	cloudError error
}

func newConnection(cloudFlag, stateFlag string, getenv func(string) string,
	stderr io.Writer) *connection {
	c := &connection{cloudFlag: cloudFlag, stateFlag: stateFlag, getenv: getenv, stderr: stderr}
	c.cloudName = "sandbox"
	if name := cloudFlag; name != "" {
		c.cloudName = name
	} else if name := getenv("OS_CLOUD"); name != "" {
		c.cloudName = name
	} else if getenv("OS_AUTH_URL") != "" {
		c.cloudName = "env"
	}
	return c
}

// Name is the cloud's name as the REPL prompt shows it.
func (c *connection) Name() string {
	return c.cloudName
}

// Connect returns the client, connecting on the first call.
func (c *connection) Connect(ctx context.Context) (compute.Requester, error) {
	c.once.Do(func() {
		c.client, c.err = c.connect(ctx)
	})
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
	if source == compute.FromSandbox {
		cloud, err = c.startSandbox(ctx)
		if err != nil {
			return nil, err
		}
	}
	return compute.Connect(ctx, cloud)
}

func (c *connection) startSandbox(ctx context.Context) (compute.Cloud, error) {
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
	return compute.Cloud{
		Name: "sandbox",
		Auth: gophercloud.AuthOptions{
			IdentityEndpoint: box.AuthURL(),
			Username:         sandbox.User,
			Password:         sandbox.Password,
			DomainName:       "Default",
			TenantName:       sandbox.Project,
		},
	}
}

// sandboxStateDir picks the state directory: the --sandbox-state flag, then
// NOVALUA_SANDBOX_STATE, then $XDG_STATE_HOME/novalua/sandbox.
func (c *connection) sandboxStateDir(fromEnv string) string {
	if c.stateFlag != "" {
		return c.stateFlag
	}
	if fromEnv != "" {
		return fromEnv
	}
	state := c.getenv("XDG_STATE_HOME")
	if state == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = os.TempDir()
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "novalua", "sandbox")
}

// Close stops the sandbox, if one was started.
func (c *connection) Close() error {
	if c.sandbox != nil {
		return c.sandbox.Close()
	}
	return nil
}
