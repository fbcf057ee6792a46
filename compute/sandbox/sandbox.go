package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// Sandbox is a running sandbox cloud: a Keystone and a Nova listener sharing one state.
type Sandbox struct {
	opts    Options
	store   *store
	tokens  *tokens
	tempDir string

	identity   *http.Server
	compute    *http.Server
	authURL    string
	computeURL string
	serveErrs  chan error

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	requests    atomic.Int64
	logMu       sync.Mutex
	closeOnce   sync.Once
	closeErr    error

	// now is the clock, Options.now or time.Now.
	now func() time.Time
}

// Start opens (or creates) the state, starts both listeners and returns once they accept
// connections. ctx bounds the start only; the sandbox runs until Close.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	s := &Sandbox{opts: opts.withDefaults(), serveErrs: make(chan error, 2)}
	s.now = s.opts.now

	if err := s.openState(); err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	if err := s.listen(ctx); err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	return s, nil
}

func (s *Sandbox) openState() error {
	dir := s.opts.StateDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "novalua-sandbox-")
		if err != nil {
			return fmt.Errorf("create temporary state dir: %w", err)
		}
		s.tempDir, dir = tmp, tmp
	}

	st, err := openStore(dir, s.tempDir != "")
	if err != nil {
		return err
	}
	secret, err := loadSecret(st)
	if err != nil {
		return err
	}
	s.store = st
	s.tokens = &tokens{secret: secret, ttl: s.opts.TokenTTL}
	return nil
}

func (s *Sandbox) listen(ctx context.Context) error {
	var lc net.ListenConfig
	idLn, err := lc.Listen(ctx, "tcp", s.opts.IdentityAddr)
	if err != nil {
		return fmt.Errorf("identity listener: %w", err)
	}
	compLn, err := lc.Listen(ctx, "tcp", s.opts.ComputeAddr)
	if err != nil {
		idLn.Close()
		return fmt.Errorf("compute listener: %w", err)
	}

	s.authURL = "http://" + idLn.Addr().String() + "/v3"
	s.computeURL = "http://" + compLn.Addr().String() + "/v2.1"
	s.identity = s.newServer(s.wrap(kindIdentity, http.HandlerFunc(s.serveIdentity)))
	s.compute = s.newServer(s.wrap(kindCompute, http.HandlerFunc(s.serveCompute)))

	go s.serve(s.identity, idLn)
	go s.serve(s.compute, compLn)
	return nil
}

func (s *Sandbox) newServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
}

func (s *Sandbox) serve(srv *http.Server, ln net.Listener) {
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	s.serveErrs <- err
}

// AuthURL returns the Keystone v3 URL, "http://127.0.0.1:PORT/v3".
func (s *Sandbox) AuthURL() string { return s.authURL }

// AuthOptions returns how to log in to the sandbox: as its one user, the
// book's joe, in project openstack of domain Default.
func (s *Sandbox) AuthOptions() gophercloud.AuthOptions {
	return gophercloud.AuthOptions{
		IdentityEndpoint: s.authURL,
		Username:         User,
		Password:         Password,
		DomainName:       "Default",
		TenantName:       Project,
	}
}

// ComputeURL returns the Nova URL, "http://127.0.0.1:PORT/v2.1".
func (s *Sandbox) ComputeURL() string { return s.computeURL }

// MaxInFlight returns the highest number of requests that were being handled at once.
func (s *Sandbox) MaxInFlight() int { return int(s.maxInFlight.Load()) }

// Close stops both listeners, waits briefly for requests in progress and removes the
// temporary state directory if Start made one. The state in StateDir is kept.
func (s *Sandbox) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()

		errs := []error{shutdown(ctx, s.identity), shutdown(ctx, s.compute)}
		for range 2 {
			errs = append(errs, <-s.serveErrs)
		}
		errs = append(errs, s.removeTemp())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

func shutdown(ctx context.Context, srv *http.Server) error {
	if err := srv.Shutdown(ctx); err != nil {
		return errors.Join(fmt.Errorf("stop sandbox: %w", err), srv.Close())
	}
	return nil
}

func (s *Sandbox) removeTemp() error {
	if s.tempDir == "" {
		return nil
	}
	if err := os.RemoveAll(s.tempDir); err != nil {
		return fmt.Errorf("remove temporary state: %w", err)
	}
	return nil
}
